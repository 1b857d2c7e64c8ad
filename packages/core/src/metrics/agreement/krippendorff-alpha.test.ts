import { describe, it, expect } from 'vitest';
import { krippendorffAlpha } from './krippendorff-alpha.js';
import type { Value } from './krippendorff-alpha.js';

// Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section C (https://repository.upenn.edu/asc_papers/43):
// 4 observers × 12 units with missing values; the paper reports nominal α = 0.743, ordinal 0.815, interval 0.849,
// ratio 0.797. The same matrix and the nominal/ordinal/ratio values are doctests of the `krippendorff` Python
// package (pln-fing-udelar/fast-krippendorff, krippendorff/krippendorff.py, `alpha` docstring).
const _ = null;
const PAPER: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

describe('krippendorffAlpha: Krippendorff (2011) worked example', () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('%s α = %s', (level, expected) => {
    expect(krippendorffAlpha(PAPER, level)).toBeCloseTo(expected, 3);
  });

  it('ignores unpairable units (unit 12 has a single value)', () => {
    const without12 = PAPER.map((row) => row.slice(0, 11));
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      expect(krippendorffAlpha(without12, level)).toBe(krippendorffAlpha(PAPER, level));
    }
  });

  it('ordinal strings with an explicit valueOrder give the numeric result (krippendorff package doctest: 0.815)', () => {
    const names = ['very low', 'low', 'mid', 'high', 'very high'];
    const asNames: (Value | null)[][] = PAPER.map((row) => row.map((v) => (v === null ? null : (names[v - 1] as string))));
    expect(krippendorffAlpha(asNames, 'ordinal', { valueOrder: names })).toBeCloseTo(krippendorffAlpha(PAPER, 'ordinal'), 12);
    expect(krippendorffAlpha(asNames, 'nominal')).toBeCloseTo(0.743, 3);
  });
});

describe('krippendorffAlpha: Wikipedia computational example', () => {
  // https://en.wikipedia.org/wiki/Krippendorff%27s_alpha#A_computational_example (3 coders × 15 units);
  // nominal 0.691358 and interval 0.810845 to 6 decimals are doctests of the `krippendorff` Python package.
  const data: (number | null)[][] = [
    [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
    [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
    [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
  ];
  it('nominal 0.691358, interval 0.810845', () => {
    expect(krippendorffAlpha(data, 'nominal')).toBeCloseTo(0.691358, 6);
    expect(krippendorffAlpha(data, 'interval')).toBeCloseTo(0.810845, 6);
  });
});

describe('krippendorffAlpha: edge cases and validation', () => {
  it('is 1 for perfect agreement and NaN when there is no variation at all', () => {
    expect(krippendorffAlpha([[1, 2, 3], [1, 2, 3]], 'interval')).toBeCloseTo(1, 12);
    expect(krippendorffAlpha([['a', 'a'], ['a', 'a']], 'nominal')).toBeNaN();
  });

  it('matches the doc example', () => {
    expect(krippendorffAlpha([[1, 2, 3], [1, 2, 2]], 'interval')).toBeCloseTo(12 / 17, 12);
  });

  it('rejects malformed data', () => {
    expect(() => krippendorffAlpha([], 'nominal')).toThrow(/no coders/);
    expect(() => krippendorffAlpha([[1, 2], [1]], 'nominal')).toThrow(/equal length/);
    expect(() => krippendorffAlpha([[1, _], [_, 2]], 'nominal')).toThrow(/pairable/);
    expect(() => krippendorffAlpha([['a', 'b'], ['a', 'a']], 'interval')).toThrow(/finite numbers/);
    expect(() => krippendorffAlpha([[-1, 2], [1, 2]], 'ratio')).toThrow(/negative/);
    expect(() => krippendorffAlpha([['a', 'b'], ['a', 'a']], 'ordinal')).toThrow(/valueOrder/);
    expect(() => krippendorffAlpha([['a', 'b'], ['a', 'c']], 'ordinal', { valueOrder: ['a', 'b'] })).toThrow(/missing from valueOrder/);
    // @ts-expect-error: checked at run time for JavaScript callers
    expect(() => krippendorffAlpha([[1]], 'circular')).toThrow(/unknown level/);
  });
});
