import { describe, expect, it } from 'vitest';
import { AQL_VALUES, CODE_LETTERS, INSPECTION_LEVELS, codeLetterFor, masterTableCell, masterTablePlan } from './tables.js';
import type { InspectionSeverity, PlanCodeLetter } from './tables.js';

// Independent transcription used as the reference: R package AQLSchemes 1.7-2 (J. Lawson, CRAN),
// R/AAZ14Single.R, which encodes MIL-STD-105E = ANSI/ASQ Z1.4 Table I and Tables II-A/II-B/II-C with the
// arrows already followed. ISO 2859-1:1999 / GB/T 2828.1-2012 share Table 1 and Tables 2-A/2-B with it (one
// cell of 2-B excepted, see below) and changed Table 2-C (reduced plans without the Ac…Re gap).

/** AQLSchemes `letters`: one line per lot-size range (2–8 … 500 001+), columns S-1 S-2 S-3 S-4 I II III. */
const AQLSCHEMES_TABLE_I = [
  'A A A A A A B',
  'A A A A A B C',
  'A A B B B C D',
  'A B B C C D E',
  'B B C C C E F',
  'B B C D D F G',
  'B C D E E G H',
  'B C D E F H J',
  'C C E F G J K',
  'C D E G H K L',
  'C D F G J L M',
  'C D F H K M N',
  'D E G J L N P',
  'D E G J M P Q',
  'D E H K N Q R',
];
const RANGE_STARTS = [2, 9, 16, 26, 51, 91, 151, 281, 501, 1201, 3201, 10001, 35001, 150001, 500001];

/** AQLSchemes normal / tightened plans as `n/Ac` (Re = Ac + 1), one cell per AQL 0.010 … 1000. */
const AQLSCHEMES_NORMAL: Record<string, string> = {
  A: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 8/0 5/0 3/0 2/0 5/1 3/1 2/1 2/2 2/3 2/5 2/7 2/10 2/14 2/21 2/30',
  B: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 8/0 5/0 3/0 2/0 5/1 3/1 3/2 3/3 3/5 3/7 3/10 3/14 3/21 3/30 3/44',
  C: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 8/0 5/0 3/0 8/1 5/1 5/2 5/3 5/5 5/7 5/10 5/14 5/21 5/30 5/44 3/44',
  D: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 8/0 5/0 13/1 8/1 8/2 8/3 8/5 8/7 8/10 8/14 8/21 8/30 8/44 5/44 3/44',
  E: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 8/0 20/1 13/1 13/2 13/3 13/5 13/7 13/10 13/14 13/21 13/30 13/44 8/44 5/44 3/44',
  F: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 32/1 20/1 20/2 20/3 20/5 20/7 20/10 20/14 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  G: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 50/1 32/1 32/2 32/3 32/5 32/7 32/10 32/14 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  H: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 80/1 50/1 50/2 50/3 50/5 50/7 50/10 50/14 50/21 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  J: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 125/1 80/1 80/2 80/3 80/5 80/7 80/10 80/14 80/21 50/21 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  K: '1250/0 800/0 500/0 315/0 200/0 125/0 80/0 200/1 125/1 125/2 125/3 125/5 125/7 125/10 125/14 125/21 80/21 50/21 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  L: '1250/0 800/0 500/0 315/0 200/0 125/0 315/1 200/1 200/2 200/3 200/5 200/7 200/10 200/14 200/21 125/21 80/21 50/21 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  M: '1250/0 800/0 500/0 315/0 200/0 500/1 315/1 315/2 315/3 315/5 315/7 315/10 315/14 315/21 200/21 125/21 80/21 50/21 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  N: '1250/0 800/0 500/0 315/0 800/1 500/1 500/2 500/3 500/5 500/7 500/10 500/14 500/21 315/21 200/21 125/21 80/21 50/21 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  P: '1250/0 800/0 500/0 1250/1 800/1 800/2 800/3 800/5 800/7 800/10 800/14 800/21 500/21 315/21 200/21 125/21 80/21 50/21 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  Q: '1250/0 800/0 2000/1 1250/1 1250/2 1250/3 1250/5 1250/7 1250/10 1250/14 1250/21 800/21 500/21 315/21 200/21 125/21 80/21 50/21 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
  R: '1250/0 800/0 2000/1 2000/2 2000/3 2000/5 2000/7 2000/10 2000/14 2000/21 1250/21 800/21 500/21 315/21 200/21 125/21 80/21 50/21 32/21 20/21 13/21 13/30 13/44 8/44 5/44 3/44',
};
const AQLSCHEMES_TIGHTENED: Record<string, string> = {
  A: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 8/0 5/0 3/0 8/1 5/1 3/1 2/1 2/2 2/3 2/5 2/8 2/12 2/18 2/27',
  B: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 8/0 5/0 3/0 8/1 5/1 3/1 3/2 3/3 3/5 3/8 3/12 3/18 3/27 3/41',
  C: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 8/0 5/0 13/1 8/1 5/1 5/2 5/3 5/5 5/8 5/12 5/18 5/27 5/41 3/41',
  D: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 8/0 20/1 13/1 8/1 8/2 8/3 8/5 8/8 8/12 8/18 8/27 8/41 5/41 3/41',
  E: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 13/0 32/1 20/1 13/1 13/2 13/3 13/5 13/8 13/12 13/18 13/27 13/41 8/41 5/41 3/41',
  F: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 20/0 50/1 32/1 20/1 20/2 20/3 20/5 20/8 20/12 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  G: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 32/0 80/1 50/1 32/1 32/2 32/3 32/5 32/8 32/12 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  H: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 80/0 50/0 125/1 80/1 50/1 50/2 50/3 50/5 50/8 50/12 50/18 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  J: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 80/0 200/1 125/1 80/1 80/2 80/3 80/5 80/8 80/12 80/18 50/18 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  K: '2000/0 1250/0 800/0 500/0 315/0 200/0 125/0 315/1 200/1 125/1 125/2 125/3 125/5 125/8 125/12 125/18 80/18 50/18 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  L: '2000/0 1250/0 800/0 500/0 315/0 200/0 500/1 315/1 200/1 200/2 200/3 200/5 200/8 200/12 200/18 125/18 80/18 50/18 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  M: '2000/0 1250/0 800/0 500/0 315/0 800/1 500/1 315/1 315/2 315/3 315/5 315/8 315/12 315/18 200/18 125/18 80/18 50/18 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  N: '2000/0 1250/0 800/0 500/0 1250/1 800/1 500/1 500/2 500/3 500/5 500/8 500/12 500/18 315/18 200/18 125/18 80/18 50/18 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  P: '2000/0 1250/0 800/0 2000/1 1250/1 800/1 800/2 800/3 800/5 800/8 800/12 800/18 500/18 315/18 200/18 125/18 80/18 50/18 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  Q: '2000/0 1250/0 3150/1 2000/1 1250/1 1250/2 1250/3 1250/5 1250/8 1250/12 1250/18 800/18 500/18 315/18 200/18 125/18 80/18 50/18 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
  R: '2000/0 1250/0 3150/1 2000/1 2000/2 2000/3 2000/5 2000/8 2000/12 2000/18 1250/18 800/18 500/18 315/18 200/18 125/18 80/18 50/18 32/18 20/18 13/18 13/27 13/41 8/41 5/41 3/41',
};
/** AQLSchemes (MIL-STD-105E) reduced plans as `n/Ac/Re`: Re − Ac can exceed 1 there. */
const MIL_STD_105E_REDUCED: Record<string, string> = {
  A: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 20/0/1 13/0/1 8/0/1 5/0/1 3/0/1 2/0/1 2/0/1 2/0/1 2/0/2 2/0/2 2/1/2 2/2/3 2/3/4 2/5/6 2/7/8 2/10/11 2/14/15 2/21/22 2/30/31',
  B: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 20/0/1 13/0/1 8/0/1 5/0/1 3/0/1 2/0/1 2/0/1 2/0/1 2/0/2 2/0/2 2/1/3 2/2/4 2/3/5 2/5/6 2/7/8 2/10/11 2/14/15 2/21/22 2/30/31',
  C: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 20/0/1 13/0/1 8/0/1 5/0/1 3/0/1 2/0/1 2/0/1 3/0/2 2/0/2 2/1/3 2/1/4 2/2/5 2/3/6 2/5/8 2/7/10 2/10/13 2/14/17 2/21/24 2/30/31',
  D: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 20/0/1 13/0/1 8/0/1 5/0/1 3/0/1 2/0/1 5/0/2 3/0/2 3/1/3 3/1/4 3/2/5 3/3/6 3/5/8 3/7/10 3/10/13 3/14/17 3/21/24 2/21/24 2/30/31',
  E: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 20/0/1 13/0/1 8/0/1 5/0/1 3/0/1 8/0/2 5/0/2 5/1/3 5/1/4 5/2/5 5/3/6 5/5/8 5/7/10 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  F: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 20/0/1 13/0/1 8/0/1 5/0/1 13/0/2 8/0/2 8/1/3 8/1/4 8/2/5 8/3/6 8/5/8 8/7/10 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  G: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 20/0/1 13/0/1 8/0/1 20/0/2 13/0/2 13/1/3 13/1/4 13/2/5 13/3/6 13/5/8 13/7/10 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  H: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 20/0/1 13/0/1 32/0/2 20/0/2 20/1/3 20/1/4 20/2/5 20/3/6 20/5/8 20/7/10 20/10/13 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  J: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 20/0/1 50/0/2 32/0/2 32/1/3 32/1/4 32/2/5 32/3/6 32/5/8 32/7/10 32/10/13 20/10/13 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  K: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 32/0/1 80/0/2 50/0/2 50/1/3 50/1/4 50/2/5 50/3/6 50/5/8 50/7/10 50/10/13 32/10/13 20/10/13 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  L: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 50/0/1 125/0/2 80/0/2 80/1/3 80/1/4 80/2/5 80/3/6 80/5/8 80/7/10 80/10/13 50/10/13 32/10/13 20/10/13 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  M: '500/0/1 315/0/1 200/0/1 125/0/1 80/0/1 200/0/2 125/0/2 125/1/3 125/1/4 125/2/5 125/3/6 125/5/8 125/7/10 125/10/13 80/10/13 50/10/13 32/10/13 20/10/13 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  N: '500/0/1 315/0/1 200/0/1 125/0/1 315/0/2 200/0/2 200/1/3 200/1/4 200/2/5 200/3/6 200/5/8 200/7/10 200/10/13 125/10/13 80/10/13 50/10/13 32/10/13 20/10/13 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  P: '500/0/1 315/0/1 200/0/1 500/0/2 315/0/2 315/1/3 315/1/4 315/2/5 315/3/6 315/5/8 315/7/10 315/10/13 200/10/13 125/10/13 80/10/13 50/10/13 32/10/13 20/10/13 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  Q: '500/0/1 315/0/1 800/0/2 500/0/2 500/1/3 500/1/4 500/2/5 500/3/6 500/5/8 500/7/10 500/10/13 315/10/13 200/10/13 125/10/13 80/10/13 50/10/13 32/10/13 20/10/13 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
  R: '500/0/1 315/0/1 800/0/2 800/1/3 800/1/4 800/2/5 800/3/6 800/5/8 800/7/10 800/10/13 500/10/13 315/10/13 200/10/13 125/10/13 80/10/13 50/10/13 32/10/13 20/10/13 13/10/13 8/10/13 5/10/13 5/14/17 5/21/24 3/21/24 2/21/24 2/30/31',
};

const plan = (severity: InspectionSeverity, letter: PlanCodeLetter, column: number) => masterTablePlan(severity, letter, column);
const columns = AQL_VALUES.map((_, j) => j);

describe('Table 1 (sample size code letters)', () => {
  it('matches AQLSchemes at both ends of every lot-size range, for every inspection level', () => {
    RANGE_STARTS.forEach((start, r) => {
      const expected = (AQLSCHEMES_TABLE_I[r] as string).split(' ');
      const end = RANGE_STARTS[r + 1] === undefined ? 10_000_000 : (RANGE_STARTS[r + 1] as number) - 1;
      INSPECTION_LEVELS.forEach((level, c) => {
        expect(codeLetterFor(start, level)).toBe(expected[c]);
        expect(codeLetterFor(end, level)).toBe(expected[c]);
      });
    });
  });

  it('gives J for a lot of 1,000 at level II (ISO 2859-1 Table 1: 501–1 200 → J)', () => {
    expect(codeLetterFor(1000, 'II')).toBe('J');
    expect(codeLetterFor(1200, 'II')).toBe('J');
    expect(codeLetterFor(1201, 'II')).toBe('K');
  });

  it('reads a one-item lot in the first range (2–8)', () => {
    expect(codeLetterFor(1, 'II')).toBe('A');
    expect(codeLetterFor(1, 'III')).toBe('B');
  });
});

describe('Tables 2-A and 2-B against AQLSchemes (MIL-STD-105E / ANSI Z1.4)', () => {
  it('Table 2-A (normal) agrees in all 416 cells, arrows followed', () => {
    for (const letter of CODE_LETTERS) {
      const expected = (AQLSCHEMES_NORMAL[letter] as string).split(' ');
      const actual = columns.map((j) => { const p = plan('normal', letter, j); return `${p.sampleSize}/${p.accept}`; });
      expect(actual, `row ${letter}`).toEqual(expected);
    }
  });

  it('Table 2-B (tightened) agrees in 415 of 416 cells; code A at AQL 10 follows GB/T 2828.1-2012', () => {
    for (const letter of CODE_LETTERS) {
      const expected = (AQLSCHEMES_TIGHTENED[letter] as string).split(' ');
      if (letter === 'A') expected[15] = '2/0'; // AQLSchemes: 8/1 (an arrow down to D); the GB/T transcription has Ac 0 / Re 1 in row A.
      const actual = columns.map((j) => { const p = plan('tightened', letter, j); return `${p.sampleSize}/${p.accept}`; });
      expect(actual, `row ${letter}`).toEqual(expected);
    }
    expect(masterTableCell('tightened', 'A', 15)).toBe(0);
  });
});

describe('Table 2-C (reduced) against MIL-STD-105E Table II-C', () => {
  // ISO 2859-1:1999 foreword: "reduced plans have been changed to eliminate the gap between the acceptance
  // and rejection numbers". So each 1999 plan keeps 105E's sample size and sits inside its Ac…Re range,
  // except that 105E's Ac 0 / Re 2 plans became arrows to the next sample size.
  it('keeps every sample size and puts Ac…Ac+1 inside the 105E Ac…Re range', () => {
    let checked = 0;
    for (const letter of CODE_LETTERS) {
      const old = (MIL_STD_105E_REDUCED[letter] as string).split(' ').map((cell) => cell.split('/').map(Number) as [number, number, number]);
      for (const j of columns) {
        const [n, ac, re] = old[j] as [number, number, number];
        const now = plan('reduced', letter, j);
        if (ac === 0 && re === 2) {
          // 105E's 0/2 plan became an arrow: down to the next Ac 1 plan, or, in rows Q and R at AQL 0.025 where
          // no row lies below, up to the Ac 0 plan of row N.
          if (now.sampleSize < n) expect({ letter, j, row: now.planCodeLetter, accept: now.accept }).toEqual({ letter, j: 2, row: 'N', accept: 0 });
          else expect(now.accept, `${letter} @ ${AQL_VALUES[j]}`).toBe(1);
        } else {
          expect(now.sampleSize, `${letter} @ ${AQL_VALUES[j]}`).toBe(n);
          expect(now.accept).toBeGreaterThanOrEqual(ac);
          expect(now.reject).toBeLessThanOrEqual(re);
        }
        checked++;
      }
    }
    expect(checked).toBe(416);
  });

  it('has the reduced sample sizes (about 40 % of normal)', () => {
    const sizes = CODE_LETTERS.map((letter) => {
      const column = columns.find((j) => typeof masterTableCell('reduced', letter, j) === 'number') as number;
      return plan('reduced', letter, column).sampleSize;
    });
    expect(sizes).toEqual([2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800]);
  });
});

describe('table structure', () => {
  const tables: [InspectionSeverity, PlanCodeLetter[]][] = [
    ['normal', [...CODE_LETTERS]],
    ['tightened', [...CODE_LETTERS, 'S']],
    ['reduced', [...CODE_LETTERS]],
  ];

  it('resolves every cell to a plan with Re = Ac + 1, and Ac never falls as the AQL loosens', () => {
    for (const [severity, letters] of tables) {
      for (const letter of letters) {
        if (letter === 'S') continue; // row S is reached only through arrows
        let previous = 0;
        for (const j of columns) {
          const p = plan(severity, letter, j);
          expect(p.reject).toBe(p.accept + 1);
          expect(p.accept, `${severity} ${letter} @ ${AQL_VALUES[j]}`).toBeGreaterThanOrEqual(previous);
          previous = p.accept;
        }
      }
    }
  });

  it('has 26 cells per row and row S of Table 2-B only at AQL 0.025 (n = 3150, Ac 1)', () => {
    for (const [severity, letters] of tables) {
      for (const letter of letters) {
        expect(masterTableCell(severity, letter, 25)).toBeDefined();
        expect(masterTableCell(severity, letter, 26)).toBeUndefined();
      }
    }
    expect(columns.map((j) => masterTableCell('tightened', 'S', j)).filter((cell) => cell !== '-')).toEqual([1]);
    expect(plan('tightened', 'R', 2)).toEqual({ planCodeLetter: 'S', sampleSize: 3150, accept: 1, reject: 2 });
  });

  it('uses the sample size of the plan an arrow leads to', () => {
    // Table 2-A, code J: AQL 0.25 is "↑" (→ H, n = 50, Ac 0) and AQL 0.40 is "↓" (→ K, n = 125, Ac 1).
    expect(masterTableCell('normal', 'J', 7)).toBe('↑');
    expect(plan('normal', 'J', 7)).toEqual({ planCodeLetter: 'H', sampleSize: 50, accept: 0, reject: 1 });
    expect(masterTableCell('normal', 'J', 8)).toBe('↓');
    expect(plan('normal', 'J', 8)).toEqual({ planCodeLetter: 'K', sampleSize: 125, accept: 1, reject: 2 });
  });
});
