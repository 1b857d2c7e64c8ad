/**
 * Labels shared by the agreement metrics. A label is a string or a number; `1` and `'1'` are different
 * labels (as in NumPy, where they would not even share an array without a cast).
 */

/** A category assigned by a rater. */
export type Label = string | number;

/**
 * Orders two strings by Unicode code point, like NumPy/Python `str` comparison. JavaScript's `<` compares
 * UTF-16 units, which puts astral characters (emoji, rare CJK) before U+E000..U+FFFF; we want the order a
 * Python user would see from `np.unique`.
 *
 * @example compareCodePoints('a', 'b') // negative
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x - y;
    if (x > 0xffff) i++; // both strings hold the same surrogate pair here
  }
  return a.length - b.length;
}

/**
 * Total order on labels: numbers numerically, then strings by code point. Mixed arrays have no NumPy order
 * (np.unique raises on them), so numbers-first is our own, documented choice.
 *
 * @example [3, 'b', 1, 'a'].sort(compareLabels) // [1, 3, 'a', 'b']
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  return typeof b === 'number' ? 1 : compareCodePoints(a, b);
}

/** Throws unless `label` is a usable label: a non-empty type-correct value and never NaN (NaN equals nothing). */
export function assertLabel(label: unknown, where: string): asserts label is Label {
  if (typeof label === 'number') {
    if (Number.isNaN(label)) throw new RangeError(`${where}: NaN is not a label`);
    return;
  }
  if (typeof label !== 'string') throw new TypeError(`${where}: a label must be a string or a number, got ${typeof label}`);
}

/**
 * The distinct labels of `values`, sorted by `compareLabels` (what `np.unique` returns for one type).
 *
 * @example uniqueSortedLabels(['b', 'a', 'b']) // ['a', 'b']
 */
export function uniqueSortedLabels(values: Iterable<Label>): Label[] {
  return [...new Set(values)].sort(compareLabels);
}
