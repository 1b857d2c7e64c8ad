import { describe, it, expect } from 'vitest';
import { fleissKappa } from './fleiss-kappa.js';

describe('fleissKappa: reference values', () => {
  it('Fleiss (1971) worked example on Wikipedia "Fleiss\' kappa": 10 subjects, 14 raters, 5 categories → 0.210', () => {
    // Table and 0.210 from https://en.wikipedia.org/wiki/Fleiss%27_kappa ("Worked example"); statsmodels checks
    // the same table in statsmodels/stats/tests/test_inter_rater.py::test_fleiss_kappa (decimal=3).
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(table)).toBeCloseTo(0.21, 3);
  });

  it('R irr::kappam.fleiss(diagnoses) = 0.4302445', () => {
    // The `diagnoses` data of R package irr (30 patients, 6 psychiatrists, 5 categories; from Fleiss 1971) and
    // kappam.fleiss = 0.4302445, as recorded in statsmodels test_inter_rater.py::test_fleiss_kappa_irr (decimal=7).
    const diagnoses = [
      [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
      [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
      [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
      [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
      [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
      [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
    ];
    // Like statsmodels' aggregate_raters: subjects × categories counts.
    const counts = diagnoses.map((ratings) => [1, 2, 3, 4, 5].map((category) => ratings.filter((r) => r === category).length));
    expect(fleissKappa(counts)).toBeCloseTo(0.4302445, 7);
  });
});

describe('fleissKappa: edge cases and validation', () => {
  it('is 1 for perfect agreement over several categories', () => {
    expect(fleissKappa([[3, 0], [0, 3], [3, 0]])).toBeCloseTo(1, 12);
  });

  it('is NaN when every rating falls in one category (expected agreement 1)', () => {
    expect(fleissKappa([[4, 0], [4, 0]])).toBeNaN();
  });

  it('rejects malformed tables with a clear message', () => {
    expect(() => fleissKappa([])).toThrow(/no subjects/);
    expect(() => fleissKappa([[]])).toThrow(/no categories/);
    expect(() => fleissKappa([[1, 1], [1]])).toThrow(/rectangular/);
    expect(() => fleissKappa([[1, 1], [3, 0]])).toThrow(/same number of raters/);
    expect(() => fleissKappa([[1, -1, 2]])).toThrow(/non-negative integers/);
    expect(() => fleissKappa([[1.5, 0.5]])).toThrow(/non-negative integers/);
    expect(() => fleissKappa([[1, 0], [0, 1]])).toThrow(/at least 2 raters/);
  });
});
