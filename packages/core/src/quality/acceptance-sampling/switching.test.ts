import { describe, expect, it } from 'vitest';
import { samplingPlan } from './sampling-plan.js';
import type { SamplingPlan } from './sampling-plan.js';
import { acceptanceNumberOneStepTighter, initialSwitchingState, nextSwitchingState, resumeAfterDiscontinuation } from './switching.js';
import type { SwitchingOptions, SwitchingState } from './switching.js';
import { AQL_VALUES, CODE_LETTERS, masterTablePlan } from './tables.js';
import type { InspectionSeverity } from './tables.js';

// Rules of GB/T 2828.1-2012 = ISO 2859-1:1999 §9.3 and §9.4; each test names the clause it exercises.
// Lots of 1,000 at level II and AQL 1.0: normal J n = 80 Ac 2, tightened n = 80 Ac 1, reduced n = 32 Ac 1.
const planFor = (severity: InspectionSeverity, aql = 1.0): SamplingPlan => samplingPlan({ lotSize: 1000, aql, severity });

/** Feeds lots given as numbers of nonconforming items, each judged with the plan the state calls for. */
function run(state: SwitchingState, nonconforming: readonly number[], options: SwitchingOptions = {}, aql = 1.0): SwitchingState {
  let s = state;
  for (const d of nonconforming) {
    const plan = planFor(s.severity, aql);
    s = nextSwitchingState(s, { accepted: d <= plan.accept, nonconforming: d, plan }, options);
  }
  return s;
}

describe('initialSwitchingState', () => {
  it('starts with normal inspection and switching score 0 (§9.1, §9.3.3.2)', () => {
    expect(initialSwitchingState()).toEqual({
      severity: 'normal',
      discontinued: false,
      switchingScore: 0,
      recentNormalResults: [],
      consecutiveAcceptedTightened: 0,
      notAcceptedTightened: 0,
      lots: 0,
      lastTransition: null,
    });
    expect(initialSwitchingState('tightened').severity).toBe('tightened');
    expect(() => initialSwitchingState('strict' as never)).toThrow(/severity/);
  });
});

describe('normal → tightened (§9.3.2)', () => {
  it('switches when 2 of 5 consecutive lots are not accepted', () => {
    const s = run(initialSwitchingState(), [3, 0, 0, 0, 3]);
    expect(s.severity).toBe('tightened');
    expect(s.lastTransition).toMatchObject({ rule: 'normal-to-tightened', from: 'normal', to: 'tightened' });
    expect(s.lots).toBe(5);
  });

  it('switches at once on 2 consecutive lots not accepted', () => {
    expect(run(initialSwitchingState(), [3, 3]).severity).toBe('tightened');
  });

  it('does not switch when the two lots not accepted are 6 lots apart', () => {
    const s = run(initialSwitchingState(), [3, 0, 0, 0, 0, 3]);
    expect(s.severity).toBe('normal');
    expect(s.lastTransition).toBeNull();
  });
});

describe('tightened → normal (§9.3.2) and discontinuation (§9.4)', () => {
  it('returns to normal after 5 consecutive accepted lots; a lot not accepted restarts the count', () => {
    let s = run(initialSwitchingState('tightened'), [0, 0, 0, 0, 2]);
    expect(s).toMatchObject({ severity: 'tightened', consecutiveAcceptedTightened: 0, notAcceptedTightened: 1 });
    s = run(s, [0, 0, 0, 0]);
    expect(s.severity).toBe('tightened');
    s = run(s, [1]);
    expect(s.severity).toBe('normal');
    expect(s.lastTransition).toMatchObject({ rule: 'tightened-to-normal' });
    expect(s.switchingScore).toBe(0);
  });

  it('discontinues when 5 lots (not necessarily consecutive) are not accepted under tightened inspection', () => {
    const s = run(initialSwitchingState('tightened'), [2, 0, 2, 0, 0, 2, 0, 2, 0, 0, 0, 2]);
    expect(s).toMatchObject({ severity: 'tightened', discontinued: true, notAcceptedTightened: 5 });
    expect(s.lastTransition).toMatchObject({ rule: 'discontinuation' });
    expect(() => run(s, [0])).toThrow(/discontinued .*resumeAfterDiscontinuation/);

    const resumed = resumeAfterDiscontinuation(s);
    expect(resumed).toMatchObject({ severity: 'tightened', discontinued: false, notAcceptedTightened: 0, lots: 12 });
    expect(resumed.lastTransition).toMatchObject({ rule: 'resumption' });
    expect(() => resumeAfterDiscontinuation(resumed)).toThrow(/not discontinued/);
  });

  it('counts lots not accepted afresh in each spell of tightened inspection', () => {
    let s = run(initialSwitchingState('tightened'), [2, 2, 2, 2, 0, 0, 0, 0, 0]); // 4 rejects, then back to normal
    expect(s.severity).toBe('normal');
    s = run(s, [3, 3]); // tightened again
    expect(s).toMatchObject({ severity: 'tightened', notAcceptedTightened: 0 });
    s = run(s, [2, 2, 2, 2]);
    expect(s.discontinued).toBe(false);
  });
});

describe('switching score (§9.3.3.2)', () => {
  it('adds 3 for Ac ≥ 2 when the lot passes one AQL step tighter, else resets to 0', () => {
    // J at AQL 1.0 has Ac 2; one step tighter (AQL 0.65) J has Ac 1, same n = 80.
    expect(acceptanceNumberOneStepTighter(planFor('normal'))).toBe(1);
    expect(run(initialSwitchingState(), [0]).switchingScore).toBe(3);
    expect(run(initialSwitchingState(), [0, 1]).switchingScore).toBe(6);
    const accepted = run(initialSwitchingState(), [0, 1, 2]); // d = 2 is accepted at 1.0 but not at 0.65
    expect(accepted.switchingScore).toBe(0);
    expect(accepted.severity).toBe('normal');
  });

  it('adds 2 per accepted lot for Ac 0 or 1, and resets on a lot not accepted', () => {
    // J at AQL 0.65: n = 80, Ac 1.
    expect(run(initialSwitchingState(), [0, 1, 0], {}, 0.65).switchingScore).toBe(6);
    expect(run(initialSwitchingState(), [0, 1, 2], {}, 0.65).switchingScore).toBe(0);
  });

  it('restarts at 0 whenever normal inspection starts again', () => {
    const s = run(initialSwitchingState('tightened'), [0, 0, 0, 0, 0]);
    expect(s).toMatchObject({ severity: 'normal', switchingScore: 0, recentNormalResults: [] });
  });
});

describe('normal → reduced (§9.3.3) and reduced → normal (§9.3.4)', () => {
  const approved = { productionSteady: true, reducedInspectionApproved: true };

  it('switches once the score reaches 30 with steady production and approval (10 clean lots at Ac ≥ 2)', () => {
    const nine = run(initialSwitchingState(), Array(9).fill(0), approved);
    expect(nine).toMatchObject({ severity: 'normal', switchingScore: 27 });
    const ten = run(nine, [0], approved);
    expect(ten.severity).toBe('reduced');
    expect(ten.lastTransition).toMatchObject({ rule: 'normal-to-reduced', from: 'normal', to: 'reduced' });
  });

  it('needs 15 clean lots when Ac ≤ 1 (+2 each)', () => {
    expect(run(initialSwitchingState(), Array(14).fill(0), approved, 0.65).severity).toBe('normal');
    expect(run(initialSwitchingState(), Array(15).fill(0), approved, 0.65).severity).toBe('reduced');
  });

  it('stays normal without approval or with unsteady production, and keeps counting', () => {
    const noApproval = run(initialSwitchingState(), Array(12).fill(0));
    expect(noApproval).toMatchObject({ severity: 'normal', switchingScore: 36 });
    expect(run(noApproval, [0], { productionSteady: false, reducedInspectionApproved: true }).severity).toBe('normal');
    expect(run(noApproval, [0], approved).severity).toBe('reduced');
  });

  it('returns to normal when a reduced lot is not accepted', () => {
    const reduced = run(initialSwitchingState(), Array(10).fill(0), approved);
    expect(run(reduced, [0, 1], approved).severity).toBe('reduced');
    const back = run(reduced, [2], approved); // reduced J: n = 32, Ac 1
    expect(back).toMatchObject({ severity: 'normal', switchingScore: 0 });
    expect(back.lastTransition?.reason).toMatch(/not accepted/);
  });

  it('returns to normal when production becomes irregular or other conditions warrant it', () => {
    const reduced = run(initialSwitchingState(), Array(10).fill(0), approved);
    expect(run(reduced, [0], { productionSteady: false }).lastTransition?.reason).toMatch(/irregular/);
    expect(run(reduced, [0], { reinstateNormal: true }).lastTransition?.reason).toMatch(/other conditions/);
  });
});

describe('input checks', () => {
  const plan = planFor('normal');

  it('rejects a decision that contradicts the plan', () => {
    expect(() => nextSwitchingState(initialSwitchingState(), { accepted: true, nonconforming: 3, plan })).toThrow(/lot\.accepted is true but 3 nonconforming with Ac 2/);
  });

  it('rejects a plan of another severity than the state calls for', () => {
    expect(() => nextSwitchingState(initialSwitchingState(), { accepted: true, nonconforming: 0, plan: planFor('tightened') })).toThrow(
      /lot\.plan\.severity is 'tightened' but the state calls for 'normal'/,
    );
  });

  it('rejects impossible counts', () => {
    expect(() => nextSwitchingState(initialSwitchingState(), { accepted: false, nonconforming: 81, plan })).toThrow(/cannot exceed the sample size 80/);
    expect(() => nextSwitchingState(initialSwitchingState(), { accepted: true, nonconforming: -1, plan })).toThrow(/lot\.nonconforming must be an integer/);
    const per100 = samplingPlan({ lotSize: 1000, aql: 400, measure: 'nonconformities-per-100-items' });
    expect(() => nextSwitchingState(initialSwitchingState(), { accepted: true, nonconforming: 5, plan: per100 })).not.toThrow();
  });

  it('rejects a malformed stored state', () => {
    expect(() => nextSwitchingState({ ...initialSwitchingState(), switchingScore: -1 }, { accepted: true, nonconforming: 0, plan })).toThrow(
      /state\.switchingScore must be an integer/,
    );
    expect(() => nextSwitchingState({ ...initialSwitchingState(), severity: 'strict' as never }, { accepted: true, nonconforming: 0, plan })).toThrow(/state\.severity/);
  });

  it('survives a JSON round trip and never mutates its input', () => {
    const s = run(initialSwitchingState(), [0, 3]);
    const frozen = JSON.parse(JSON.stringify(s)) as SwitchingState;
    const next = nextSwitchingState(frozen, { accepted: true, nonconforming: 0, plan });
    expect(frozen).toEqual(s);
    expect(next.lots).toBe(3);
  });
});

describe('acceptanceNumberOneStepTighter', () => {
  it('is defined, with the same sample size, for every Table 2-A plan with Ac ≥ 2', () => {
    let checked = 0;
    for (const letter of CODE_LETTERS) {
      AQL_VALUES.forEach((aql, j) => {
        const cell = masterTablePlan('normal', letter, j);
        if (cell.accept < 2 || cell.planCodeLetter !== letter) return;
        const plan = samplingPlan({ lotSize: 10_000_000, aql, measure: 'nonconformities-per-100-items' });
        const stub: SamplingPlan = { ...plan, planCodeLetter: letter, tableSampleSize: cell.sampleSize, accept: cell.accept, reject: cell.reject };
        expect(acceptanceNumberOneStepTighter(stub)).toBeLessThan(cell.accept);
        checked++;
      });
    }
    expect(checked).toBe(121); // 8 in row A, 9 in each of B…E, 7 in each of the 11 rows F…R
  });

  it('has nothing tighter than AQL 0.010', () => {
    expect(() => acceptanceNumberOneStepTighter(samplingPlan({ lotSize: 1000, aql: 0.01 }))).toThrow(/no AQL is tighter/);
  });
});
