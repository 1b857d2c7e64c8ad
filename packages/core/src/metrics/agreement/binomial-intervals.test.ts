import { describe, it, expect } from 'vitest';
import { clopperPearsonInterval, wilsonInterval } from './binomial-intervals.js';

// Reference values: statsmodels/stats/tests/results/results_proportion.py, which records R's
// binom::binom.confint(x, n, tol = 1e-8) and is what statsmodels' proportion_confint is tested against
// (test_proportion.py::test_confint_proportion): method "exact" ↔ proportion_confint(method='beta'),
// method "wilson" ↔ proportion_confint(method='wilson'). [successes, trials, lower, upper]
const EXACT: [number, number, number, number][] = [
  [18, 20, 0.6830172859809176, 0.9876514728297052],
  [4, 20, 0.05733399705003284, 0.436614002996668],
  [4, 200, 0.005475565879556443, 0.05041360908989634],
  [190, 200, 0.9099724622986486, 0.975765834527891],
  [1, 30, 8.435709e-4, 0.17216946],
  [29, 30, 0.8278305, 0.9991564],
  [0, 30, 0, 0.11570331],
  [30, 30, 0.8842967, 1],
];
const WILSON: [number, number, number, number][] = [
  [18, 20, 0.6989663547715128, 0.972133518786232],
  [4, 20, 0.0806576625797981, 0.4160174322518935],
  [4, 200, 0.00780442641634947, 0.05028708690582643],
  [190, 200, 0.910421851861224, 0.972617354399236],
  [1, 30, 5.90859e-3, 0.16670391],
  [29, 30, 0.8332961, 0.9940914],
  [0, 30, 0, 0.11351339],
  [30, 30, 0.8864866, 1],
];

// The shorter references are printed to 7–8 significant digits; compare to that many.
const digits = (expected: number): number => (String(expected).replace(/^0\.0*|e.*$/g, '').length >= 12 ? 9 : 7);

describe('clopperPearsonInterval', () => {
  it.each(EXACT)('%i/%i → [%f, %f] (R binom "exact", statsmodels beta)', (x, n, lower, upper) => {
    const ci = clopperPearsonInterval(x, n);
    expect(ci.lower).toBeCloseTo(lower, digits(lower));
    expect(ci.upper).toBeCloseTo(upper, digits(upper));
  });

  it('R binom.test(8, 10): 95% CI 0.4439045–0.9747893', () => {
    // R `binom.test(8, 10)` prints "95 percent confidence interval: 0.4439045 0.9747893" (Clopper–Pearson).
    const ci = clopperPearsonInterval(8, 10);
    expect(ci.lower).toBeCloseTo(0.4439045, 7);
    expect(ci.upper).toBeCloseTo(0.9747893, 7);
  });

  it('widens with confidence and contains the point estimate', () => {
    const narrow = clopperPearsonInterval(37, 50, 0.8);
    const wide = clopperPearsonInterval(37, 50, 0.99);
    expect(wide.lower).toBeLessThan(narrow.lower);
    expect(wide.upper).toBeGreaterThan(narrow.upper);
    expect(narrow.lower).toBeLessThan(37 / 50);
    expect(narrow.upper).toBeGreaterThan(37 / 50);
  });
});

describe('wilsonInterval', () => {
  it.each(WILSON)('%i/%i → [%f, %f] (R binom "wilson", statsmodels wilson)', (x, n, lower, upper) => {
    const ci = wilsonInterval(x, n);
    expect(ci.lower).toBeCloseTo(lower, digits(lower));
    expect(ci.upper).toBeCloseTo(upper, digits(upper));
  });

  it('is never wider than Clopper–Pearson on these cases', () => {
    for (const [x, n] of EXACT) {
      const w = wilsonInterval(x, n);
      const cp = clopperPearsonInterval(x, n);
      expect(w.upper - w.lower).toBeLessThanOrEqual(cp.upper - cp.lower);
    }
  });
});

describe('validation', () => {
  it('rejects impossible counts and confidence levels', () => {
    for (const f of [wilsonInterval, clopperPearsonInterval]) {
      expect(() => f(1, 0)).toThrow(/trials/);
      expect(() => f(3, 2)).toThrow(/successes/);
      expect(() => f(-1, 2)).toThrow(/successes/);
      expect(() => f(1.5, 2)).toThrow(/successes/);
      expect(() => f(1, 2, 1)).toThrow(/confidence/);
      expect(() => f(1, 2, 0)).toThrow(/confidence/);
    }
  });
});
