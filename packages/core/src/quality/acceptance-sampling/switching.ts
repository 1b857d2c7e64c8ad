/**
 * The switching rules of GB/T 2828.1-2012 = ISO 2859-1:1999 §9 as a pure state machine: feed the lots of a
 * continuing series one at a time, in the order they were inspected, and read the severity (which of
 * Tables 2-A/2-B/2-C) for the next lot. Switching is what gives the scheme its protection: a single plan at
 * the AQL protects the producer; tightened inspection after bad lots protects the consumer.
 *
 * Only lots on *original* inspection count (§9.3): do not feed resubmitted lots.
 *
 * - normal → tightened (§9.3.2): 2 lots out of 5 or fewer consecutive lots are not accepted;
 * - tightened → normal (§9.3.2): 5 consecutive lots are accepted;
 * - normal → reduced (§9.3.3): switching score ≥ 30, production at a steady rate, and reduced inspection
 *   approved by the responsible authority;
 * - reduced → normal (§9.3.4): a lot is not accepted, production becomes irregular or delayed, or other
 *   conditions warrant it;
 * - discontinuation (§9.4): the lots not accepted during one spell of tightened inspection reach 5; no more
 *   lots are inspected under the scheme until the supplier has improved quality, then tightened inspection
 *   restarts ({@link resumeAfterDiscontinuation}).
 *
 * Switching score (§9.3.3.2), started at 0 with normal inspection and updated after each normal lot:
 * - plan with Ac ≥ 2: +3 if the lot would also have been accepted at the AQL one step tighter, else reset to 0;
 * - plan with Ac 0 or 1: +2 if the lot is accepted, else reset to 0.
 */
import { AQL_VALUES, masterTablePlan } from './tables.js';
import type { InspectionSeverity } from './tables.js';
import type { SamplingPlan } from './sampling-plan.js';

/** Which switching rule fired. */
export type SwitchingRule = 'normal-to-tightened' | 'tightened-to-normal' | 'normal-to-reduced' | 'reduced-to-normal' | 'discontinuation' | 'resumption';

/** A change of severity caused by one lot (or by resuming after discontinuation). */
export interface SwitchingTransition {
  rule: SwitchingRule;
  from: InspectionSeverity;
  /** The new severity; after 'discontinuation' it stays 'tightened' (where inspection resumes) and `discontinued` is set. */
  to: InspectionSeverity;
  /** Human-readable explanation naming the clause of the standard. */
  reason: string;
}

/** Where a series of lots stands under the switching rules. Plain data: safe to persist as JSON. */
export interface SwitchingState {
  /** Severity to use for the next lot. */
  severity: InspectionSeverity;
  /** §9.4: set once 5 lots were not accepted during one spell of tightened inspection. */
  discontinued: boolean;
  /** §9.3.3.2 switching score; only kept under normal inspection (0 otherwise). */
  switchingScore: number;
  /** Accepted (true) / not accepted (false) of the last ≤ 4 lots of the current spell of normal inspection. */
  recentNormalResults: boolean[];
  /** Consecutive accepted lots in the current spell of tightened inspection. */
  consecutiveAcceptedTightened: number;
  /** Lots not accepted (cumulative, not necessarily consecutive) in the current spell of tightened inspection. */
  notAcceptedTightened: number;
  /** Lots fed so far. */
  lots: number;
  /** The switch caused by the last call, or null when the severity did not change. */
  lastTransition: SwitchingTransition | null;
}

/** One lot's outcome on original inspection. */
export interface InspectedLot {
  /** Whether the lot was accepted; must agree with `nonconforming ≤ plan.accept`. */
  accepted: boolean;
  /** Nonconforming items (or nonconformities, for AQLs per 100 items) found in the sample. */
  nonconforming: number;
  /** The plan the lot was inspected with; its severity must be the state's. */
  plan: SamplingPlan;
}

/** Facts outside the lot results that some rules depend on. */
export interface SwitchingOptions {
  /** §9.3.3 b / §9.3.4 b: production is at a steady rate. Default true. */
  productionSteady?: boolean;
  /** §9.3.3 c: the responsible authority considers reduced inspection desirable. Default false, so a series never goes reduced unless someone approves it. */
  reducedInspectionApproved?: boolean;
  /** §9.3.4 c: other conditions warrant reinstating normal inspection (applies under reduced inspection). Default false. */
  reinstateNormal?: boolean;
}

/** Lots in the normal → tightened window ("2 out of 5 or fewer consecutive lots"). */
const TIGHTEN_WINDOW = 5;
const TIGHTEN_NOT_ACCEPTED = 2;
/** Consecutive accepted lots that end tightened inspection. */
const RELAX_ACCEPTED = 5;
/** Lots not accepted under tightened inspection that discontinue the scheme. */
const DISCONTINUE_NOT_ACCEPTED = 5;
/** Switching score needed for reduced inspection. */
const REDUCE_SCORE = 30;

/**
 * The state before the first lot: normal inspection (§9.1, unless the responsible authority designates
 * otherwise), switching score 0.
 */
export function initialSwitchingState(severity: InspectionSeverity = 'normal'): SwitchingState {
  if (severity !== 'normal' && severity !== 'tightened' && severity !== 'reduced') {
    throw new RangeError(`initialSwitchingState: severity must be normal, tightened or reduced, got ${String(severity)}`);
  }
  return fresh(severity, 0, null);
}

/**
 * Applies one lot on original inspection and returns the state for the next lot (a new object; the input
 * is not changed). Throws when inspection is discontinued, when the plan was not the one the state calls
 * for, or when `accepted` contradicts the plan's acceptance number.
 *
 * @example nextSwitchingState(initialSwitchingState(), { accepted: true, nonconforming: 0, plan }).switchingScore // 3 when plan.accept ≥ 2
 */
export function nextSwitchingState(state: SwitchingState, lot: InspectedLot, options: SwitchingOptions = {}): SwitchingState {
  assertState(state);
  const { accepted, nonconforming, plan } = lot;
  const productionSteady = options.productionSteady ?? true;
  const reducedInspectionApproved = options.reducedInspectionApproved ?? false;
  const reinstateNormal = options.reinstateNormal ?? false;
  if (state.discontinued) {
    throw new RangeError('nextSwitchingState: inspection is discontinued (ISO 2859-1 §9.4); call resumeAfterDiscontinuation once the supplier has improved quality');
  }
  if (plan === null || typeof plan !== 'object') throw new TypeError('nextSwitchingState: lot.plan must be the SamplingPlan the lot was inspected with');
  if (plan.severity !== state.severity) {
    throw new RangeError(`nextSwitchingState: lot.plan.severity is '${plan.severity}' but the state calls for '${state.severity}' inspection`);
  }
  if (typeof accepted !== 'boolean') throw new TypeError('nextSwitchingState: lot.accepted must be a boolean');
  if (!Number.isSafeInteger(nonconforming) || nonconforming < 0) {
    throw new RangeError(`nextSwitchingState: lot.nonconforming must be an integer ≥ 0, got ${nonconforming}`);
  }
  if (plan.measure === 'percent-nonconforming' && nonconforming > plan.sampleSize) {
    throw new RangeError(`nextSwitchingState: lot.nonconforming (${nonconforming}) cannot exceed the sample size ${plan.sampleSize} when counting nonconforming items`);
  }
  if (accepted !== nonconforming <= plan.accept) {
    throw new RangeError(
      `nextSwitchingState: lot.accepted is ${accepted} but ${nonconforming} nonconforming with Ac ${plan.accept} / Re ${plan.reject} means the lot is ${nonconforming <= plan.accept ? '' : 'not '}accepted`,
    );
  }
  const lots = state.lots + 1;

  switch (state.severity) {
    case 'normal': {
      const switchingScore = nextSwitchingScore(state.switchingScore, accepted, nonconforming, plan);
      const recent = [...state.recentNormalResults, accepted].slice(-TIGHTEN_WINDOW);
      const notAccepted = recent.filter((ok) => !ok).length;
      if (!accepted && notAccepted >= TIGHTEN_NOT_ACCEPTED) {
        return fresh('tightened', lots, {
          rule: 'normal-to-tightened',
          from: 'normal',
          to: 'tightened',
          reason: `§9.3.2: ${notAccepted} of the last ${recent.length} consecutive lots were not accepted under normal inspection`,
        });
      }
      if (switchingScore >= REDUCE_SCORE && productionSteady && reducedInspectionApproved) {
        return fresh('reduced', lots, {
          rule: 'normal-to-reduced',
          from: 'normal',
          to: 'reduced',
          reason: `§9.3.3: switching score ${switchingScore} ≥ ${REDUCE_SCORE}, production steady, reduced inspection approved`,
        });
      }
      return { ...state, switchingScore, recentNormalResults: recent.slice(-(TIGHTEN_WINDOW - 1)), lots, lastTransition: null };
    }
    case 'tightened': {
      const consecutiveAcceptedTightened = accepted ? state.consecutiveAcceptedTightened + 1 : 0;
      const notAcceptedTightened = state.notAcceptedTightened + (accepted ? 0 : 1);
      if (consecutiveAcceptedTightened >= RELAX_ACCEPTED) {
        return fresh('normal', lots, {
          rule: 'tightened-to-normal',
          from: 'tightened',
          to: 'normal',
          reason: `§9.3.2: ${RELAX_ACCEPTED} consecutive lots accepted under tightened inspection`,
        });
      }
      if (notAcceptedTightened >= DISCONTINUE_NOT_ACCEPTED) {
        return {
          ...fresh('tightened', lots, {
            rule: 'discontinuation',
            from: 'tightened',
            to: 'tightened',
            reason: `§9.4: ${DISCONTINUE_NOT_ACCEPTED} lots not accepted during tightened inspection; inspection is discontinued until quality improves`,
          }),
          discontinued: true,
          notAcceptedTightened,
        };
      }
      return { ...state, consecutiveAcceptedTightened, notAcceptedTightened, lots, lastTransition: null };
    }
    case 'reduced': {
      const why = !accepted
        ? 'a lot was not accepted'
        : !productionSteady
          ? 'production became irregular or delayed'
          : reinstateNormal
            ? 'other conditions warrant normal inspection'
            : null;
      if (why !== null) {
        return fresh('normal', lots, { rule: 'reduced-to-normal', from: 'reduced', to: 'normal', reason: `§9.3.4: ${why}` });
      }
      return { ...state, lots, lastTransition: null };
    }
  }
}

/**
 * After discontinuation (§9.4), restarts the scheme with tightened inspection and fresh counters, once the
 * responsible authority is satisfied that the supplier's corrective action is effective.
 */
export function resumeAfterDiscontinuation(state: SwitchingState): SwitchingState {
  assertState(state);
  if (!state.discontinued) throw new RangeError('resumeAfterDiscontinuation: inspection is not discontinued');
  return fresh('tightened', state.lots, {
    rule: 'resumption',
    from: 'tightened',
    to: 'tightened',
    reason: '§9.4: supplier action accepted; inspection resumes with tightened inspection',
  });
}

/**
 * The acceptance number the same sample would have been judged with had the AQL been one step tighter
 * (§9.3.3.2): the normal plan one AQL column to the left in the row actually used. Table 2-A puts a plan
 * with the same sample size there whenever Ac ≥ 2 (a test walks every cell), so the same count of
 * nonconforming items can be compared with it.
 */
export function acceptanceNumberOneStepTighter(plan: SamplingPlan): number {
  const column = AQL_VALUES.indexOf(plan.aql);
  if (column <= 0) throw new RangeError(`acceptanceNumberOneStepTighter: no AQL is tighter than ${plan.aql}`);
  const tighter = masterTablePlan('normal', plan.planCodeLetter, column - 1);
  if (tighter.sampleSize !== plan.tableSampleSize) {
    throw new RangeError(
      `acceptanceNumberOneStepTighter: at AQL ${AQL_VALUES[column - 1]} row ${plan.planCodeLetter} leads to n = ${tighter.sampleSize}, not the n = ${plan.tableSampleSize} inspected`,
    );
  }
  return tighter.accept;
}

function nextSwitchingScore(score: number, accepted: boolean, nonconforming: number, plan: SamplingPlan): number {
  if (!accepted) return 0;
  if (plan.accept >= 2) return nonconforming <= acceptanceNumberOneStepTighter(plan) ? score + 3 : 0;
  return score + 2;
}

function fresh(severity: InspectionSeverity, lots: number, lastTransition: SwitchingTransition | null): SwitchingState {
  return {
    severity,
    discontinued: false,
    switchingScore: 0,
    recentNormalResults: [],
    consecutiveAcceptedTightened: 0,
    notAcceptedTightened: 0,
    lots,
    lastTransition,
  };
}

/** States are often read back from storage, so check the shape instead of trusting the type. */
function assertState(state: SwitchingState): void {
  if (state === null || typeof state !== 'object') throw new TypeError('state must be a SwitchingState (see initialSwitchingState)');
  if (state.severity !== 'normal' && state.severity !== 'tightened' && state.severity !== 'reduced') {
    throw new RangeError(`state.severity must be normal, tightened or reduced, got ${String(state.severity)}`);
  }
  for (const key of ['switchingScore', 'consecutiveAcceptedTightened', 'notAcceptedTightened', 'lots'] as const) {
    if (!Number.isSafeInteger(state[key]) || state[key] < 0) throw new RangeError(`state.${key} must be an integer ≥ 0, got ${state[key]}`);
  }
  if (!Array.isArray(state.recentNormalResults) || !state.recentNormalResults.every((r) => typeof r === 'boolean')) {
    throw new TypeError('state.recentNormalResults must be an array of booleans');
  }
  if (typeof state.discontinued !== 'boolean') throw new TypeError('state.discontinued must be a boolean');
}
