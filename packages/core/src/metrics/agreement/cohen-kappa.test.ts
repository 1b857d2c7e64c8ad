import { describe, it, expect } from 'vitest';
import { cohenKappa } from './cohen-kappa.js';

const repeat = <T>(value: T, times: number): T[] => new Array<T>(times).fill(value);

describe('cohenKappa: scikit-learn reference values', () => {
  // All expected values in this block: scikit-learn, sklearn/metrics/tests/test_classification.py::test_cohen_kappa
  // (Artstein & Poesio 2008 tables), asserted there with assert_almost_equal to the decimals used here.
  const y1 = [...repeat(0, 40), ...repeat(1, 60)];
  const y2 = [...repeat(0, 20), ...repeat(1, 20), ...repeat(0, 10), ...repeat(1, 50)];

  it('binary example (Artstein & Poesio Table 1): 0.348, symmetric', () => {
    const kappa = cohenKappa(y1, y2);
    expect(kappa).toBeCloseTo(0.348, 3);
    expect(cohenKappa(y2, y1)).toBe(kappa);
  });

  it('ignores items with labels outside `labels`, like sklearn', () => {
    const kappa = cohenKappa(y1, y2);
    expect(cohenKappa([...y1, 2, 2, 2, 2], [...y2, 2, 2, 2, 2], { labels: [0, 1] })).toBe(kappa);
  });

  it('is 1 for identical raters', () => {
    expect(cohenKappa([...y1, 2, 2], [...y1, 2, 2])).toBeCloseTo(1, 12);
  });

  it('multiclass example (Artstein & Poesio Table 4): 0.8013', () => {
    const a = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b = [...repeat(0, 52), ...repeat(1, 32), ...repeat(2, 16)];
    expect(cohenKappa(a, b)).toBeCloseTo(0.8013, 4);
  });

  it('weighted example: none 0.9315, linear 0.9412, quadratic 0.9541', () => {
    const a = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b = [...repeat(0, 50), ...repeat(1, 40), ...repeat(2, 10)];
    expect(cohenKappa(a, b)).toBeCloseTo(0.9315, 4);
    expect(cohenKappa(a, b, { weights: 'linear' })).toBeCloseTo(0.9412, 4);
    expect(cohenKappa(a, b, { weights: 'quadratic' })).toBeCloseTo(0.9541, 4);
  });
});

describe('cohenKappa: R irr::kappa2 reference values', () => {
  // The `anxiety` data of R package irr and kappa2 results, as recorded in statsmodels
  // statsmodels/stats/tests/test_inter_rater.py::test_cohens_kappa_irr (rater2 vs rater3):
  // unweighted -0.006289308, "equal" (linear) 0.1459075, "squared" (quadratic) 0.2520325.
  // irr uses the observed categories (1, 2, 3, 4, 6; no 5) by index, which is sklearn's default too.
  const anxiety = [
    3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3, 3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4, 2, 1, 4, 4, 3, 2,
    1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2,
  ];
  // statsmodels reshapes with order='F': 20 subjects, the columns are consecutive runs of 20.
  const rater2 = anxiety.slice(20, 40);
  const rater3 = anxiety.slice(40, 60);

  it('matches unweighted, linear and quadratic kappa', () => {
    expect(cohenKappa(rater2, rater3)).toBeCloseTo(-0.006289308, 8);
    expect(cohenKappa(rater2, rater3, { weights: 'linear' })).toBeCloseTo(0.1459075, 7);
    expect(cohenKappa(rater2, rater3, { weights: 'quadratic' })).toBeCloseTo(0.2520325, 7);
  });

  it('weights use the index in `labels`, so declaring the unused category 5 changes weighted kappa', () => {
    const declared = cohenKappa(rater2, rater3, { weights: 'linear', labels: [1, 2, 3, 4, 5, 6] });
    expect(declared).not.toBeCloseTo(0.1459075, 4);
    // Unweighted kappa does not depend on unused categories.
    expect(cohenKappa(rater2, rater3, { labels: [1, 2, 3, 4, 5, 6] })).toBeCloseTo(-0.006289308, 8);
  });
});

describe('cohenKappa: labels, order and edge cases', () => {
  it('takes the category order from `labels` for string labels', () => {
    const a = ['low', 'mid', 'high', 'high', 'mid', 'low', 'mid'];
    const b = ['low', 'high', 'high', 'mid', 'mid', 'mid', 'low'];
    const toNumber = (s: string): number => ({ low: 0, mid: 1, high: 2 })[s] as number;
    const ordered = cohenKappa(a, b, { weights: 'quadratic', labels: ['low', 'mid', 'high'] });
    expect(ordered).toBeCloseTo(cohenKappa(a.map(toNumber), b.map(toNumber), { weights: 'quadratic' }), 14);
    // Without `labels`, strings sort by code point (high < low < mid), which is a different scale.
    expect(cohenKappa(a, b, { weights: 'quadratic' })).not.toBeCloseTo(ordered, 6);
  });

  it('is NaN when expected agreement is 1 (both raters used one single label), like sklearn', () => {
    expect(cohenKappa(['x', 'x', 'x'], ['x', 'x', 'x'])).toBeNaN();
    expect(cohenKappa([1, 1], [1, 1], { weights: 'quadratic', labels: [1, 2, 3] })).toBeNaN();
  });

  it('can be negative (systematic disagreement)', () => {
    expect(cohenKappa(['a', 'b', 'a', 'b'], ['b', 'a', 'b', 'a'])).toBeCloseTo(-1, 12);
  });

  it('validates input', () => {
    expect(() => cohenKappa([1, 2], [1])).toThrow(/same items/);
    expect(() => cohenKappa([], [])).toThrow(/empty/);
    expect(() => cohenKappa([1, 2], [1, 2], { labels: [3] })).toThrow(/none of the given labels/);
    expect(() => cohenKappa([1, 2], [1, 2], { labels: [1, 1] })).toThrow(/twice/);
    expect(() => cohenKappa([Number.NaN], [1])).toThrow(/NaN/);
    // @ts-expect-error: checked at run time for JavaScript callers
    expect(() => cohenKappa([1], [1], { weights: 'cubic' })).toThrow(/unknown weights/);
  });

  it('treats 1 and "1" as different labels', () => {
    expect(cohenKappa([1, '1', 1, '1'], [1, '1', '1', 1])).toBeCloseTo(0, 12);
  });
});
