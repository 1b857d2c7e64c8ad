/**
 * MinHash signatures over character n-gram shingles. Each shingle is hashed once (MurmurHash3-style,
 * 32 bits); the k "permutations" are the hash family h_i(x) = (x XOR a_i) · b_i mod 2^32 with random
 * a_i and odd b_i, applied to the already well-mixed shingle hash: two multiplications' worth of work per
 * shingle and permutation, instead of k independent string hashes. The chance that two texts share
 * signature slot i estimates their Jaccard similarity (tested against exact Jaccard in minhash.test.ts).
 */
import { fmix32, hashString32 } from './hash32.js';
import { seededRandom } from '../random/seeded-random.js';

export interface MinHasher {
  readonly permutations: number;
  readonly ngram: number;
  /** Writes the signature of `text` into `out` (length = permutations). */
  signature(text: string, out: Uint32Array): void;
}

export function createMinHasher(permutations: number, ngram: number, seed = 0x5eed): MinHasher {
  const next = seededRandom(seed);
  const a = new Uint32Array(permutations);
  const b = new Uint32Array(permutations);
  for (let i = 0; i < permutations; i++) {
    a[i] = Math.floor(next() * 2 ** 32);
    b[i] = (Math.floor(next() * 2 ** 32) | 1) >>> 0;
  }
  return {
    permutations,
    ngram,
    signature(text, out) {
      out.fill(0xffffffff);
      // A text shorter than one n-gram is a single shingle: it can still match an identical short text.
      const last = Math.max(0, text.length - ngram);
      if (text.length === 0) return;
      for (let start = 0; start <= last; start++) {
        const x = fmix32(hashString32(text, 0, start, Math.min(text.length, start + ngram)));
        for (let i = 0; i < permutations; i++) {
          const v = Math.imul(x ^ (a[i] as number), b[i] as number) >>> 0;
          if (v < (out[i] as number)) out[i] = v;
        }
      }
    },
  };
}

/** Share of equal slots in two signatures: the MinHash estimate of their Jaccard similarity. */
export function estimateJaccard(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let equal = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) equal++;
  return equal / x.length;
}

/** Exact Jaccard similarity of the n-gram shingle sets (for tests and measurement). */
export function exactJaccard(x: string, y: string, ngram: number): number {
  const shingles = (t: string) => {
    const set = new Set<string>();
    for (let i = 0; i <= Math.max(0, t.length - ngram); i++) if (t.length > 0) set.add(t.slice(i, i + ngram));
    return set;
  };
  const sx = shingles(x);
  const sy = shingles(y);
  let both = 0;
  for (const s of sx) if (sy.has(s)) both++;
  const union = sx.size + sy.size - both;
  return union === 0 ? 1 : both / union;
}
