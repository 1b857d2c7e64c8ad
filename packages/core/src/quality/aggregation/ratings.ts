/**
 * One value from several annotators' numeric ratings (a 1–5 quality score, a slider, a count).
 *
 * - 'mean': the least-squares consensus; right for interval data without outliers.
 * - 'median': robust to one annotator far off (with 3 raters one outlier cannot move it); for an even
 *   count it is the mean of the two middle values, as in NumPy and R.
 */

/** A rating, optionally with its annotator; bare numbers are named by their position ('0', '1', …). */
export type RatingInput = number | { worker: string; value: number };

/** Options of {@link aggregateRatings}. */
export interface AggregateRatingsOptions {
  method: 'mean' | 'median';
}

/** The aggregated rating and what it was computed from. */
export interface AggregatedRating {
  value: number;
  method: 'mean' | 'median';
  count: number;
  /** Annotators in input order. */
  workers: string[];
  min: number;
  max: number;
}

/**
 * Aggregates ratings of one item.
 *
 * @example aggregateRatings([4, 5, 1], { method: 'median' }).value // 4
 */
export function aggregateRatings(values: readonly RatingInput[], options: AggregateRatingsOptions): AggregatedRating {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError('aggregateRatings: values must be a non-empty array');
  const method = options?.method;
  if (method !== 'mean' && method !== 'median') throw new RangeError(`aggregateRatings: options.method must be 'mean' or 'median', got ${String(method)}`);
  const workers: string[] = [];
  const numbers = values.map((input, i) => {
    const value = typeof input === 'number' ? input : input?.value;
    if (typeof input === 'object' && input !== null) {
      if (typeof input.worker !== 'string' || input.worker === '') throw new TypeError(`aggregateRatings: values[${i}].worker must be a non-empty string`);
      workers.push(input.worker);
    } else {
      workers.push(String(i));
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`aggregateRatings: values[${i}] must be a finite number (or { worker, value }), got ${String(value)}`);
    return value;
  });
  const sorted = [...numbers].sort((a, b) => a - b);
  const n = sorted.length;
  let value: number;
  if (method === 'mean') {
    value = numbers.reduce((sum, v) => sum + v, 0) / n;
  } else {
    const mid = Math.floor(n / 2);
    value = n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
  return { value, method, count: n, workers, min: sorted[0] as number, max: sorted[n - 1] as number };
}
