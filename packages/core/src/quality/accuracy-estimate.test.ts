import { describe, expect, it } from 'vitest';
import { estimateAccuracy } from './accuracy-estimate.js';

// Interval bounds: R binom::binom.confint(18, 20) as recorded in statsmodels'
// statsmodels/stats/tests/results/results_proportion.py (the same values the interval functions are tested on).
describe('estimateAccuracy', () => {
  it('Wilson interval for 18 correct out of 20', () => {
    const result = estimateAccuracy({ correct: 18, total: 20, method: 'wilson' });
    expect(result.estimate).toBe(0.9);
    expect(result.lower).toBeCloseTo(0.6989663547715128, 12);
    expect(result.upper).toBeCloseTo(0.972133518786232, 12);
    expect(result).toMatchObject({ method: 'wilson', confidence: 0.95 });
  });

  it('Clopper–Pearson interval for 18 correct out of 20', () => {
    const result = estimateAccuracy({ correct: 18, total: 20, method: 'clopper-pearson' });
    expect(result.lower).toBeCloseTo(0.6830172859809176, 10);
    expect(result.upper).toBeCloseTo(0.9876514728297052, 10);
  });

  it('Clopper–Pearson with all correct: upper 1, lower (α/2)^(1/n)', () => {
    const result = estimateAccuracy({ correct: 10, total: 10, method: 'clopper-pearson', confidence: 0.9 });
    expect(result.upper).toBe(1);
    expect(result.lower).toBeCloseTo(0.05 ** (1 / 10), 10);
  });

  it('rejects bad counts, confidence and method, naming the argument', () => {
    expect(() => estimateAccuracy({ correct: 1, total: 0, method: 'wilson' })).toThrow(/total must be an integer ≥ 1, got 0/);
    expect(() => estimateAccuracy({ correct: 21, total: 20, method: 'wilson' })).toThrow(/correct must be an integer in 0\.\.20, got 21/);
    expect(() => estimateAccuracy({ correct: 1, total: 2, method: 'wilson', confidence: 1 })).toThrow(/confidence must be in \(0, 1\), got 1/);
    expect(() => estimateAccuracy({ correct: 1, total: 2, method: 'exact' as never })).toThrow(/method must be 'wilson' or 'clopper-pearson', got exact/);
  });
});
