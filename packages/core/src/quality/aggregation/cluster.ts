/**
 * Greedy complete-link clustering of shapes drawn by several annotators, shared by box and polygon fusion.
 *
 * 1. Every pair of shapes from *different* annotators with IoU ≥ threshold is a candidate.
 * 2. Candidates are taken in descending IoU (ties: by the pair's position in canonical order).
 * 3. A candidate merges its two clusters when they have no annotator in common (a cluster holds at most
 *    one shape per annotator) and every cross pair between them also has IoU ≥ threshold (complete link,
 *    so no cluster chains together shapes that do not overlap each other).
 *
 * Greedy matching is not a global optimum (that would be a multi-dimensional assignment problem), but it is
 * deterministic and matches the obvious cases: the best-overlapping shapes are joined first. Cost: O(m²)
 * IoU evaluations for m shapes in total, then O(m²) merge checks.
 */

/** A shape's identity: its annotator and its index in that annotator's list. */
export interface MemberRef {
  worker: string;
  index: number;
}

/**
 * Clusters `items` (already in canonical order: worker by code point, then index). `iou(i, j)` gives the
 * IoU of items i and j. Returns clusters as lists of item positions, each ascending, ordered by their
 * first item.
 */
export function clusterByIoU(items: readonly MemberRef[], iou: (i: number, j: number) => number, threshold: number): number[][] {
  const n = items.length;
  const linked = new Set<number>(); // i * n + j, i < j, for pairs with IoU ≥ threshold
  const candidates: { i: number; j: number; iou: number }[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if ((items[i] as MemberRef).worker === (items[j] as MemberRef).worker) continue;
      const value = iou(i, j);
      if (value >= threshold) {
        linked.add(i * n + j);
        candidates.push({ i, j, iou: value });
      }
    }
  }
  candidates.sort((a, b) => b.iou - a.iou || a.i - b.i || a.j - b.j);

  const clusterOf = Array.from({ length: n }, (_, i) => i);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const isLinked = (a: number, b: number): boolean => linked.has(a < b ? a * n + b : b * n + a);
  for (const { i, j } of candidates) {
    const a = clusterOf[i] as number;
    const b = clusterOf[j] as number;
    if (a === b) continue;
    const left = members[a] as number[];
    const right = members[b] as number[];
    const workers = new Set(left.map((k) => (items[k] as MemberRef).worker));
    if (right.some((k) => workers.has((items[k] as MemberRef).worker))) continue;
    if (!left.every((x) => right.every((y) => isLinked(x, y)))) continue;
    const [keep, drop] = a < b ? [a, b] : [b, a];
    const merged = [...left, ...right].sort((x, y) => x - y);
    members[keep] = merged;
    members[drop] = [];
    for (const k of merged) clusterOf[k] = keep;
  }
  return members.filter((cluster) => cluster.length > 0);
}

/** Mean IoU over all pairs of a cluster; 1 for a single shape (nothing disagrees with it). */
export function meanPairwiseIoU(cluster: readonly number[], iou: (i: number, j: number) => number): number {
  if (cluster.length < 2) return 1;
  let sum = 0;
  let pairs = 0;
  for (let x = 0; x < cluster.length; x++) {
    for (let y = x + 1; y < cluster.length; y++) {
      sum += iou(cluster[x] as number, cluster[y] as number);
      pairs++;
    }
  }
  return sum / pairs;
}

/** Checks the IoU threshold shared by box and polygon fusion. */
export function assertIoUThreshold(threshold: number, caller: string): void {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`${caller}: options.iouThreshold must be in (0, 1], got ${threshold}`);
}
