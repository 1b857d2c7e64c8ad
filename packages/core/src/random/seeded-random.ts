/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on every
 * platform. Core has no randomness of its own; callers that need reproducible noise (tests, simulations)
 * pass one of these in. Not for secrets.
 *
 * Example: `const next = seededRandom(42); next()` → a number in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
