/**
 * Fast non-cryptographic 32-bit hashing for dedup (MurmurHash3's finaliser and a string hash built on it).
 * Not for secrets: pseudonyms use a keyed HMAC instead (pii/pseudonym.ts).
 */

/** MurmurHash3 fmix32: a bijection on 32-bit integers that spreads every input bit over the output. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3-style 32-bit hash of `text[start, end)` (UTF-16 code units), with a seed. */
export function hashString32(text: string, seed = 0, start = 0, end = text.length): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ (end - start));
}
