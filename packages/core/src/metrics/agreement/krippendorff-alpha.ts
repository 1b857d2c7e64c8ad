/**
 * Krippendorff's alpha, following Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability"
 * (https://repository.upenn.edu/asc_papers/43):
 *
 * 1. Keep pairable values only: values of units that received at least two values (m_u ≥ 2).
 * 2. Coincidence matrix o_ck = Σ_u (number of ordered pairs (c, k) of values in u, by different coders) / (m_u − 1);
 *    n_c = Σ_k o_ck, n = Σ_c n_c (the number of pairable values).
 * 3. α = 1 − D_o / D_e = 1 − (n − 1) · Σ_{c,k} o_ck δ²_ck / Σ_{c,k} n_c n_k δ²_ck.
 *
 * Difference functions δ²_ck: nominal [c ≠ k]; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the ranked
 * values; interval (c − k)²; ratio ((c − k)/(c + k))².
 */
import { assertLabel, compareLabels } from './label.js';

/** A coded value: a category name or a number. */
export type Value = string | number;

/** Krippendorff's levels of measurement (the metric used for differences between values). */
export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Extra inputs for `krippendorffAlpha`. */
export interface KrippendorffAlphaOptions {
  /**
   * Ordinal only: the order of the values, lowest first. Needed for string values (their code-point order
   * is rarely the scale's order); numbers default to numeric order. Every observed value must be listed.
   */
  valueOrder?: Value[];
}

/**
 * Krippendorff's alpha of a coders × units matrix (`data[coder][unit]`, null = not coded) at the given
 * level of measurement. NaN when undefined: the pairable values show no variation at all (D_e = 0).
 *
 * @example krippendorffAlpha([[1, 2, 3], [1, 2, 2]], 'interval') // 0.7058… (= 12/17)
 */
export function krippendorffAlpha(data: readonly (readonly (Value | null)[])[], level: MeasurementLevel, options: KrippendorffAlphaOptions = {}): number {
  if (level !== 'nominal' && level !== 'ordinal' && level !== 'interval' && level !== 'ratio') {
    throw new RangeError(`krippendorffAlpha: unknown level ${JSON.stringify(level)}`);
  }
  if (data.length === 0) throw new RangeError('krippendorffAlpha: no coders (rows)');
  const units = data[0]?.length ?? 0;
  data.forEach((row, c) => {
    if (row.length !== units) throw new RangeError(`krippendorffAlpha: coder ${c} has ${row.length} units, coder 0 has ${units}; rows must have equal length`);
    row.forEach((value, u) => {
      if (value === null) return;
      assertLabel(value, `krippendorffAlpha: data[${c}][${u}]`);
      if (level === 'interval' || level === 'ratio') {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`krippendorffAlpha: data[${c}][${u}] is ${JSON.stringify(value)}; ${level} data must be finite numbers`);
        if (level === 'ratio' && value < 0) throw new RangeError(`krippendorffAlpha: data[${c}][${u}] is ${value}; ratio data cannot be negative`);
      }
    });
  });

  // Values in scale order; for nominal data any fixed order will do.
  const values = orderedValues(data, level, options.valueOrder);
  const index = new Map<Value, number>(values.map((v, i) => [v, i]));
  const v = values.length;

  // Coincidence matrix, summed unit by unit from per-unit value counts: a unit with counts n_uc contributes
  // n_uc·n_uk ordered pairs for c ≠ k and n_uc·(n_uc − 1) for c = k, each divided by m_u − 1.
  const coincidence: number[][] = Array.from({ length: v }, () => new Array<number>(v).fill(0));
  for (let u = 0; u < units; u++) {
    const unitCounts = new Map<number, number>();
    let m = 0;
    for (const row of data) {
      const value = row[u];
      if (value === null || value === undefined) continue;
      const i = index.get(value) as number;
      unitCounts.set(i, (unitCounts.get(i) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue; // not pairable
    for (const [c, nc] of unitCounts) {
      for (const [k, nk] of unitCounts) {
        const pairs = c === k ? nc * (nc - 1) : nc * nk;
        (coincidence[c] as number[])[k] = ((coincidence[c] as number[])[k] as number) + pairs / (m - 1);
      }
    }
  }

  const marginals = coincidence.map((row) => row.reduce((s, x) => s + x, 0));
  const n = marginals.reduce((s, x) => s + x, 0);
  if (n === 0) throw new RangeError('krippendorffAlpha: no unit has two or more values, so nothing is pairable');

  const delta = differenceFunction(level, values, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      if (c === k) continue; // δ²_cc = 0 for every metric
      const d = delta(c, k);
      observed += ((coincidence[c] as number[])[k] as number) * d;
      expected += (marginals[c] as number) * (marginals[k] as number) * d;
    }
  }
  if (expected === 0) return Number.NaN;
  return 1 - ((n - 1) * observed) / expected;
}

function orderedValues(data: readonly (readonly (Value | null)[])[], level: MeasurementLevel, valueOrder: Value[] | undefined): Value[] {
  const seen = new Set<Value>();
  for (const row of data) for (const value of row) if (value !== null) seen.add(value);
  if (level === 'ordinal' && valueOrder !== undefined) {
    const order = new Set<Value>(valueOrder);
    if (order.size !== valueOrder.length) throw new RangeError('krippendorffAlpha: valueOrder lists a value twice');
    for (const value of seen) {
      if (!order.has(value)) throw new RangeError(`krippendorffAlpha: value ${JSON.stringify(value)} is missing from valueOrder`);
    }
    // Unobserved values have n_g = 0 and add nothing to rank sums, but keeping them is harmless and simple.
    return [...valueOrder];
  }
  if (level === 'ordinal') {
    for (const value of seen) {
      if (typeof value !== 'number') throw new RangeError(`krippendorffAlpha: ordinal string value ${JSON.stringify(value)} needs options.valueOrder`);
    }
  }
  return [...seen].sort(compareLabels);
}

function differenceFunction(level: MeasurementLevel, values: readonly Value[], marginals: readonly number[]): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return () => 1;
    case 'ordinal': {
      // Cumulative marginals make each rank sum O(1): Σ_{g=c..k} n_g = cum[k + 1] − cum[c].
      const cumulative = [0];
      for (const x of marginals) cumulative.push((cumulative[cumulative.length - 1] as number) + x);
      return (c, k) => {
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        const sum = (cumulative[hi + 1] as number) - (cumulative[lo] as number);
        return (sum - ((marginals[lo] as number) + (marginals[hi] as number)) / 2) ** 2;
      };
    }
    case 'interval':
      return (c, k) => ((values[c] as number) - (values[k] as number)) ** 2;
    case 'ratio':
      return (c, k) => {
        const a = values[c] as number;
        const b = values[k] as number;
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      };
  }
}
