/**
 * Data-quality indicators of a labelled data set in the spirit of ISO/IEC 5259-2 (data quality measures for
 * analytics and machine learning): balance, label diversity, and duplication. Pure functions over counts
 * and texts; each returns the counts behind its rates so that a report can show both.
 *
 * Entropies are Shannon entropies in bits; a normalised entropy divides by its maximum, log2(k) for k
 * categories, so 1 means perfectly even and 0 means everything in one category. With fewer than two
 * categories the normalised value is 0/0 and reported as NaN, as the agreement metrics do.
 */

/** Balance of the classes of a data set. */
export interface ClassBalance {
  classes: number;
  total: number;
  /** Largest class count / smallest (1 = perfectly balanced; Infinity when a declared class has no items). */
  imbalanceRatio: number;
  /** Shannon entropy of the class distribution, in bits. */
  entropy: number;
  /** entropy / log2(classes): 1 = even, 0 = one class holds everything; NaN with a single class. */
  normalizedEntropy: number;
  /** Gini impurity 1 − Σ p²: the chance that two items drawn at random have different classes. */
  giniImpurity: number;
}

/**
 * Class balance from counts per class. Classes with count 0 are declared but empty: they make the ratio
 * Infinity and lower the normalised entropy, which is the point of declaring them.
 *
 * @example classBalance({ cat: 30, dog: 10 }) // { imbalanceRatio: 3, normalizedEntropy: 0.811…, giniImpurity: 0.375, … }
 */
export function classBalance(counts: Readonly<Record<string, number>>): ClassBalance {
  if (counts === null || typeof counts !== 'object' || Array.isArray(counts)) throw new TypeError('classBalance: counts must be an object of class → count');
  const entries = Object.entries(counts);
  if (entries.length === 0) throw new RangeError('classBalance: counts must name at least one class');
  for (const [label, count] of entries) {
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) throw new RangeError(`classBalance: counts['${label}'] must be a finite number ≥ 0, got ${String(count)}`);
  }
  const values = entries.map(([, count]) => count);
  const total = values.reduce((sum, v) => sum + v, 0);
  if (total === 0) throw new RangeError('classBalance: counts must not all be 0');
  const max = Math.max(...values);
  const min = Math.min(...values);
  const entropy = shannonEntropy(values, total);
  return {
    classes: values.length,
    total,
    imbalanceRatio: min === 0 ? Infinity : max / min,
    entropy,
    normalizedEntropy: values.length < 2 ? NaN : entropy / Math.log2(values.length),
    giniImpurity: 1 - values.reduce((sum, v) => sum + (v / total) ** 2, 0),
  };
}

/** How varied the labels of a multi-label (or single-label) data set are. */
export interface LabelDiversity {
  items: number;
  distinctLabels: number;
  /** Label assignments per item (a label repeated within one item counts once). */
  meanLabelsPerItem: number;
  /** Entropy of the distribution of assignments over labels, in bits. */
  entropy: number;
  /** entropy / log2(distinctLabels); NaN with fewer than two distinct labels. */
  normalizedEntropy: number;
}

/**
 * Label diversity from the labels of each item. Items without labels count as items (they lower the mean).
 *
 * @example labelDiversity([['a'], ['a', 'b'], []]) // { items: 3, distinctLabels: 2, meanLabelsPerItem: 1, … }
 */
export function labelDiversity(labelsPerItem: readonly (readonly string[])[]): LabelDiversity {
  if (!Array.isArray(labelsPerItem) || labelsPerItem.length === 0) throw new RangeError('labelDiversity: labelsPerItem must be a non-empty array');
  const counts = new Map<string, number>();
  let assignments = 0;
  labelsPerItem.forEach((labels, i) => {
    if (!Array.isArray(labels)) throw new TypeError(`labelDiversity: labelsPerItem[${i}] must be an array of labels`);
    for (const label of new Set(labels)) {
      if (typeof label !== 'string') throw new TypeError(`labelDiversity: labelsPerItem[${i}] must hold strings, got ${typeof label}`);
      counts.set(label, (counts.get(label) ?? 0) + 1);
      assignments++;
    }
  });
  const values = [...counts.values()];
  const entropy = assignments === 0 ? 0 : shannonEntropy(values, assignments);
  return {
    items: labelsPerItem.length,
    distinctLabels: values.length,
    meanLabelsPerItem: assignments / labelsPerItem.length,
    entropy,
    normalizedEntropy: values.length < 2 ? NaN : entropy / Math.log2(values.length),
  };
}

/** Duplication of a set of texts. */
export interface DuplicateStats {
  total: number;
  /** Texts that repeat (or nearly repeat) an earlier text: what deduplication keeping the first would remove. */
  duplicates: number;
  /** duplicates / total. */
  rate: number;
  /** Indices of texts that are duplicates of each other, each group ascending, groups by first index. */
  groups: number[][];
}

/** Exact duplication: also the number of distinct texts after normalisation. */
export interface ExactDuplicateStats extends DuplicateStats {
  unique: number;
}

/**
 * The normalisation behind duplicate detection: Unicode NFKC (full-width "ＡＢＣ" = "ABC", "ﬁ" = "fi"), every
 * run of whitespace (including U+3000 and line breaks) to one space, outer whitespace removed. Case and
 * punctuation are kept: they often carry meaning in annotation data.
 */
export function normalizeForDuplicates(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/**
 * Rate of exact duplicates after {@link normalizeForDuplicates}.
 *
 * @example duplicateRate(['a b', 'a  b', 'c']) // { total: 3, unique: 2, duplicates: 1, rate: 1/3, groups: [[0, 1]] }
 */
export function duplicateRate(texts: readonly string[]): ExactDuplicateStats {
  assertTexts(texts, 'duplicateRate');
  const byText = new Map<string, number[]>();
  texts.forEach((text, i) => {
    const key = normalizeForDuplicates(text);
    const list = byText.get(key);
    if (list === undefined) byText.set(key, [i]);
    else list.push(i);
  });
  const groups = [...byText.values()].filter((g) => g.length > 1);
  const duplicates = texts.length - byText.size;
  return { total: texts.length, unique: byText.size, duplicates, rate: duplicates / texts.length, groups };
}

/** Options of {@link nearDuplicateRate}. */
export interface NearDuplicateOptions {
  /** Texts are near-duplicates when the Jaccard similarity of their shingle sets is at least this; default 0.9. */
  threshold?: number;
  /** Shingle length in code points; default 5. */
  shingle?: number;
  /** Refuse more texts than this (default 5,000); the worst case is quadratic, see below. */
  maxTexts?: number;
}

/** Near-duplication statistics. */
export interface NearDuplicateStats extends DuplicateStats {
  /** Unordered pairs of texts with Jaccard ≥ threshold. */
  pairs: number;
}

const DEFAULT_MAX_TEXTS = 5000;

/**
 * Rate of near-duplicates: texts whose character-shingle sets (all runs of `shingle` consecutive code points
 * of the normalised text; a shorter non-empty text is one shingle) have Jaccard similarity ≥ `threshold` with
 * an earlier text. `groups` are the connected components of the near-duplicate relation.
 *
 * Exact, not MinHash: every pair that could reach the threshold is compared. Exact duplicates are merged
 * first, and candidate pairs come from prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007): with
 * shingles ordered rarest first, two sets with Jaccard ≥ t must share a shingle among the first
 * |x| − ⌈t·|x|⌉ + 1 of each, so pairs sharing none are skipped without loss. Typical corpora then cost far
 * less than n² comparisons, but the worst case (many distinct, mutually similar texts) is still O(n²·L);
 * hence the default limit of 5,000 texts. Two empty texts are duplicates of each other (J(∅, ∅) = 1).
 *
 * @example nearDuplicateRate(['the quick brown fox', 'the quick brown fox!', 'lorem ipsum'], { threshold: 0.8 }).duplicates // 1
 */
export function nearDuplicateRate(texts: readonly string[], options: NearDuplicateOptions = {}): NearDuplicateStats {
  assertTexts(texts, 'nearDuplicateRate');
  const threshold = options.threshold ?? 0.9;
  const k = options.shingle ?? 5;
  const maxTexts = options.maxTexts ?? DEFAULT_MAX_TEXTS;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`nearDuplicateRate: options.threshold must be in (0, 1], got ${threshold}`);
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`nearDuplicateRate: options.shingle must be an integer ≥ 1, got ${k}`);
  if (!Number.isSafeInteger(maxTexts) || maxTexts < 1) throw new RangeError(`nearDuplicateRate: options.maxTexts must be an integer ≥ 1, got ${maxTexts}`);
  if (texts.length > maxTexts) {
    throw new RangeError(
      `nearDuplicateRate: ${texts.length} texts exceed options.maxTexts (${maxTexts}); the comparison is quadratic in the worst case, so raise maxTexts deliberately or sample`,
    );
  }

  // 1. Merge exact duplicates: identical normalised texts have Jaccard 1 and the same similarity to all others.
  const uniqueOf = new Map<string, number>();
  const members: number[][] = [];
  const uniqueTexts: string[] = [];
  texts.forEach((text, i) => {
    const key = normalizeForDuplicates(text);
    let u = uniqueOf.get(key);
    if (u === undefined) {
      uniqueOf.set(key, (u = uniqueTexts.length));
      uniqueTexts.push(key);
      members.push([]);
    }
    (members[u] as number[]).push(i);
  });

  // 2. Shingle sets as token ids, ordered rarest first (ties by id), for prefix filtering.
  const tokenId = new Map<string, number>();
  const sets = uniqueTexts.map((text) => {
    const ids = new Set<number>();
    for (const s of shingles(text, k)) {
      let id = tokenId.get(s);
      if (id === undefined) tokenId.set(s, (id = tokenId.size));
      ids.add(id);
    }
    return [...ids];
  });
  const frequency = new Array<number>(tokenId.size).fill(0);
  for (const set of sets) for (const id of set) frequency[id] = (frequency[id] as number) + 1;
  for (const set of sets) set.sort((a, b) => (frequency[a] as number) - (frequency[b] as number) || a - b);
  const rank = new Array<number>(tokenId.size);
  [...frequency.keys()].sort((a, b) => (frequency[a] as number) - (frequency[b] as number) || a - b).forEach((id, r) => (rank[id] = r));

  // 3. Candidate generation by prefix filtering over sets in ascending size, then exact verification.
  const edges: [number, number][] = [];
  const index = new Map<number, number[]>(); // token id → unique texts whose prefix holds it
  const order = sets.map((_, u) => u).sort((a, b) => (sets[a] as number[]).length - (sets[b] as number[]).length || a - b);
  const empties: number[] = [];
  for (const x of order) {
    const xs = sets[x] as number[];
    if (xs.length === 0) {
      for (const e of empties) edges.push([e, x]);
      empties.push(x);
      continue;
    }
    const prefix = prefixLength(xs.length, threshold);
    const candidates = new Set<number>();
    for (let p = 0; p < prefix; p++) {
      for (const y of index.get(xs[p] as number) ?? []) {
        if ((sets[y] as number[]).length >= threshold * xs.length - 1e-9) candidates.add(y);
      }
    }
    for (const y of candidates) if (jaccardSorted(xs, sets[y] as number[], rank) >= threshold) edges.push([y, x]);
    for (let p = 0; p < prefix; p++) {
      const id = xs[p] as number;
      const list = index.get(id);
      if (list === undefined) index.set(id, [x]);
      else list.push(x);
    }
  }

  // 4. Expand back to the original texts.
  const firstIndex = members.map((m) => m[0] as number);
  const earliestNeighbour = members.map(() => Infinity);
  const parent = members.map((_, u) => u);
  const find = (u: number): number => {
    while (parent[u] !== u) u = parent[u] = parent[parent[u] as number] as number;
    return u;
  };
  let pairs = members.reduce((sum, m) => sum + (m.length * (m.length - 1)) / 2, 0);
  for (const [a, b] of edges) {
    pairs += (members[a] as number[]).length * (members[b] as number[]).length;
    earliestNeighbour[a] = Math.min(earliestNeighbour[a] as number, firstIndex[b] as number);
    earliestNeighbour[b] = Math.min(earliestNeighbour[b] as number, firstIndex[a] as number);
    parent[find(a)] = find(b);
  }
  let duplicates = 0;
  members.forEach((m, u) => {
    for (const i of m) if (i > (firstIndex[u] as number) || (earliestNeighbour[u] as number) < i) duplicates++;
  });
  const components = new Map<number, number[]>();
  members.forEach((m, u) => {
    const root = find(u);
    const list = components.get(root);
    if (list === undefined) components.set(root, [...m]);
    else list.push(...m);
  });
  const groups = [...components.values()]
    .filter((g) => g.length > 1)
    .map((g) => g.sort((a, b) => a - b))
    .sort((a, b) => (a[0] as number) - (b[0] as number));
  return { total: texts.length, duplicates, rate: duplicates / texts.length, pairs, groups };
}

/** Distinct shingles of `k` code points; a non-empty text shorter than `k` is its own single shingle. */
function shingles(text: string, k: number): Set<string> {
  const points = [...text];
  const out = new Set<string>();
  if (points.length === 0) return out;
  if (points.length <= k) {
    out.add(text);
    return out;
  }
  for (let i = 0; i + k <= points.length; i++) out.add(points.slice(i, i + k).join(''));
  return out;
}

/** |x| − ⌈t·|x|⌉ + 1, erring long (a longer prefix only adds candidates, never loses a pair). */
function prefixLength(size: number, threshold: number): number {
  return Math.min(size, Math.max(1, size - Math.ceil(threshold * size - 1e-9) + 1));
}

/** Jaccard similarity of two id lists sorted by the same rank order. */
function jaccardSorted(a: readonly number[], b: readonly number[], rank: readonly number[]): number {
  let i = 0;
  let j = 0;
  let overlap = 0;
  while (i < a.length && j < b.length) {
    const ra = rank[a[i] as number] as number;
    const rb = rank[b[j] as number] as number;
    if (ra === rb) {
      overlap++;
      i++;
      j++;
    } else if (ra < rb) i++;
    else j++;
  }
  return overlap / (a.length + b.length - overlap);
}

function shannonEntropy(counts: readonly number[], total: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log2(c / total);
  return h;
}

function assertTexts(texts: readonly string[], caller: string): void {
  if (!Array.isArray(texts) || texts.length === 0) throw new RangeError(`${caller}: texts must be a non-empty array`);
  texts.forEach((text, i) => {
    if (typeof text !== 'string') throw new TypeError(`${caller}: texts[${i}] must be a string`);
  });
}
