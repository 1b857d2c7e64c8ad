/**
 * Whether an annotator's checked work is getting better or worse: the checks (gold results and review
 * decisions) of a period are split in time into an earlier and a later half of equal count, and the two
 * pass rates are compared with a two-proportion z-test (pooled standard error). |z| ≥ 1.96 (5 % two-sided)
 * is a change; fewer than `minPerHalf` checks in a half says nothing. A manager sees "declining" only when
 * the numbers support it, not on a single bad day.
 */

/** One day of checks: `correct` of `total` passed. Days in time order. */
export interface TrendPoint {
  day: string;
  correct: number;
  total: number;
}

export interface ScoreTrend {
  direction: 'improving' | 'declining' | 'steady' | 'insufficient';
  /** Pass rates of the earlier and later halves (null when a half is empty). */
  earlier: number | null;
  later: number | null;
  z: number | null;
}

/**
 * @example scoreTrend([{ day: '2026-11-01', correct: 10, total: 20 }, { day: '2026-11-02', correct: 19, total: 20 }])
 * // { direction: 'improving', earlier: 0.5, later: 0.95, z: 3.10… }
 */
export function scoreTrend(points: readonly TrendPoint[], minPerHalf = 10): ScoreTrend {
  const total = points.reduce((n, p) => n + p.total, 0);
  // Split the checks, not the days, so both halves weigh the same; a day straddling the middle is divided pro rata.
  const half = total / 2;
  let seen = 0;
  const a = { correct: 0, total: 0 };
  const b = { correct: 0, total: 0 };
  for (const p of points) {
    const inEarlier = Math.max(0, Math.min(p.total, half - seen));
    const share = p.total === 0 ? 0 : inEarlier / p.total;
    a.total += inEarlier;
    a.correct += p.correct * share;
    b.total += p.total - inEarlier;
    b.correct += p.correct * (1 - share);
    seen += p.total;
  }
  const earlier = a.total > 0 ? a.correct / a.total : null;
  const later = b.total > 0 ? b.correct / b.total : null;
  if (a.total < minPerHalf || b.total < minPerHalf || earlier === null || later === null) return { direction: 'insufficient', earlier, later, z: null };
  const pooled = (a.correct + b.correct) / (a.total + b.total);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.total + 1 / b.total));
  // Every check passed (or failed) in both halves: no variation, no change.
  if (se === 0) return { direction: 'steady', earlier, later, z: 0 };
  const z = (later - earlier) / se;
  return { direction: z >= 1.96 ? 'improving' : z <= -1.96 ? 'declining' : 'steady', earlier, later, z };
}
