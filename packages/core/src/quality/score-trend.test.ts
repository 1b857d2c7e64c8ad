import { describe, expect, it } from 'vitest';
import { scoreTrend } from './score-trend.js';

describe('scoreTrend', () => {
  it('finds an improvement the numbers support (two-proportion z-test, pooled)', () => {
    const t = scoreTrend([
      { day: '2026-11-01', correct: 10, total: 20 },
      { day: '2026-11-02', correct: 19, total: 20 },
    ]);
    // Worked by hand: p = 29/40 = 0.725, se = √(0.725·0.275·(1/20 + 1/20)) = 0.14120, z = 0.45 / 0.14120 = 3.187.
    expect(t.direction).toBe('improving');
    expect(t.earlier).toBe(0.5);
    expect(t.later).toBe(0.95);
    expect(t.z).toBeCloseTo(3.187, 3);
  });

  it('calls a small dip steady and a large one declining', () => {
    expect(scoreTrend([{ day: 'a', correct: 18, total: 20 }, { day: 'b', correct: 16, total: 20 }]).direction).toBe('steady');
    expect(scoreTrend([{ day: 'a', correct: 19, total: 20 }, { day: 'b', correct: 9, total: 20 }]).direction).toBe('declining');
  });

  it('splits checks, not days: one busy day is divided between the halves pro rata', () => {
    const t = scoreTrend([{ day: 'a', correct: 10, total: 10 }, { day: 'b', correct: 15, total: 30 }]);
    // Halves of 20: all 10 of day a plus 10 of day b (5 correct) = 15/20; the other 20 of day b = 10/20.
    expect(t.earlier).toBeCloseTo(0.75, 12);
    expect(t.later).toBeCloseTo(0.5, 12);
  });

  it('says nothing with too few checks, and "steady" when every check passed', () => {
    expect(scoreTrend([{ day: 'a', correct: 3, total: 5 }, { day: 'b', correct: 5, total: 5 }]).direction).toBe('insufficient');
    expect(scoreTrend([]).direction).toBe('insufficient');
    expect(scoreTrend([{ day: 'a', correct: 20, total: 20 }, { day: 'b', correct: 20, total: 20 }])).toEqual({ direction: 'steady', earlier: 1, later: 1, z: 0 });
  });
});
