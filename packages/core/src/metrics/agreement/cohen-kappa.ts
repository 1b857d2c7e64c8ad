/**
 * Cohen's kappa for two raters, computed as scikit-learn's `cohen_kappa_score` does: build the confusion
 * matrix over a fixed, ordered category set, take the chance-expected matrix from the two raters' own
 * marginals, and compare weighted disagreement:
 *
 *   κ = 1 − Σ w_ij·O_ij / Σ w_ij·E_ij,   E = outer(row sums, column sums) / N
 *
 * with w_ij = [i≠j] (unweighted), |i−j| (linear) or (i−j)² (quadratic) on the *index* of each label in the
 * category order. Scaling w does not change κ, so these equal the textbook 1 − |i−j|/(k−1) agreement weights.
 */
import { assertLabel, uniqueSortedLabels } from './label.js';
import type { Label } from './label.js';

export type { Label } from './label.js';

/** Options of `cohenKappa`, named as in scikit-learn. */
export interface CohenKappaOptions {
  /** Disagreement weighting on label-index distance; omitted means unweighted (nominal). */
  weights?: 'linear' | 'quadratic';
  /**
   * The category set and its order. Items where either rater used a label outside this list are ignored
   * (scikit-learn drops them from the confusion matrix). Default: the sorted union of observed labels.
   */
  labels?: Label[];
}

/**
 * Cohen's kappa between rater `a` and rater `b` (same items, same order); NaN when undefined, i.e. when
 * chance-expected disagreement is 0 (both raters used one and the same label throughout), as scikit-learn.
 *
 * @example cohenKappa(['x', 'y', 'y'], ['x', 'y', 'x']) // 0.4
 */
export function cohenKappa(a: readonly Label[], b: readonly Label[], options: CohenKappaOptions = {}): number {
  if (a.length !== b.length) throw new RangeError(`cohenKappa: the raters labelled ${a.length} and ${b.length} items; they must label the same items`);
  a.forEach((label, i) => assertLabel(label, `cohenKappa: a[${i}]`));
  b.forEach((label, i) => assertLabel(label, `cohenKappa: b[${i}]`));
  const weights = options.weights;
  if (weights !== undefined && weights !== 'linear' && weights !== 'quadratic') {
    throw new RangeError(`cohenKappa: unknown weights ${JSON.stringify(weights)}; use 'linear' or 'quadratic'`);
  }

  const labels = options.labels ?? uniqueSortedLabels([...a, ...b]);
  const index = new Map<Label, number>();
  labels.forEach((label, i) => {
    assertLabel(label, `cohenKappa: labels[${i}]`);
    if (index.has(label)) throw new RangeError(`cohenKappa: label ${JSON.stringify(label)} is listed twice in labels`);
    index.set(label, i);
  });
  if (labels.length === 0) throw new RangeError('cohenKappa: no labels (empty input)');
  // scikit-learn insists on this too: with none of `labels` used by rater a the matrix says nothing.
  if (!a.some((label) => index.has(label))) throw new RangeError('cohenKappa: none of the given labels occurs in a');

  const k = labels.length;
  const confusion: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let total = 0;
  for (let item = 0; item < a.length; item++) {
    const i = index.get(a[item] as Label);
    const j = index.get(b[item] as Label);
    if (i === undefined || j === undefined) continue;
    (confusion[i] as number[])[j] = ((confusion[i] as number[])[j] as number) + 1;
    total++;
  }

  // Every counted item was dropped by `labels`: no evidence at all, so kappa is undefined.
  if (total === 0) return Number.NaN;
  const rowSums = confusion.map((row) => row.reduce((s, x) => s + x, 0));
  const colSums = labels.map((_, j) => confusion.reduce((s, row) => s + (row[j] as number), 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weights === 'linear' ? Math.abs(i - j) : weights === 'quadratic' ? (i - j) ** 2 : i === j ? 0 : 1;
      if (w === 0) continue;
      observed += w * ((confusion[i] as number[])[j] as number);
      expected += (w * (rowSums[i] as number) * (colSums[j] as number)) / total;
    }
  }
  // expected = 0 ⇔ p_e = 1: kappa is 0/0. NaN, like scikit-learn's default replace_undefined_by=np.nan.
  if (expected === 0) return Number.NaN;
  return 1 - observed / expected;
}
