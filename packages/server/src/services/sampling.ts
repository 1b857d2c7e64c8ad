import { seededRandom } from '@yungang/core';

/** `k` distinct indexes of `0..n-1`, reproducible from the seed (partial Fisher–Yates). */
export function sample(n: number, k: number, seed: number): number[] {
  const next = seededRandom(seed);
  const idx = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(next() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, take);
}

/** A sample's seed from the id of what it is for (a lot, an inspection): the same id draws the same sample. */
export function seedOf(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 8), 16) | 0;
}
