/**
 * Agreement of two annotators' shapes on one image: F1 of a greedy one-to-one matching of same-label
 * shapes whose similarity reaches `threshold`, best pairs first (ties by position). Two empty sets agree
 * fully. Shared by rectangles, polygons (similarity = IoU) and keypoints (similarity = closeness).
 */
export function matchF1<T extends { label: string }>(a: readonly T[], b: readonly T[], similarity: (x: T, y: T) => number, threshold: number): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const pairs: { i: number; j: number; s: number }[] = [];
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      if (x.label !== y.label) return;
      const s = similarity(x, y);
      if (s >= threshold) pairs.push({ i, j, s });
    }),
  );
  pairs.sort((p, q) => q.s - p.s || p.i - q.i || p.j - q.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let matched = 0;
  for (const p of pairs) {
    if (usedA.has(p.i) || usedB.has(p.j)) continue;
    usedA.add(p.i);
    usedB.add(p.j);
    matched++;
  }
  return (2 * matched) / (a.length + b.length);
}
