/**
 * Perceptual hashes for near-duplicate detection: 64-bit fingerprints that stay close (small Hamming
 * distance) when an image is re-encoded, resized or slightly retouched, and differ for different pictures.
 * Both follow the common definitions (as in the `imagehash` library), so its distance thresholds carry over;
 * hashes are not bit-identical to it because the shrink filter differs (area average here):
 *
 * - pHash: shrink to 32x32, 2-D DCT-II, keep the 8x8 lowest frequencies, one bit per coefficient: above
 *   their median or not.
 * - dHash: shrink to 9x8, one bit per horizontal neighbour pair: brighter to the right or not.
 *
 * Hashes are 16 lowercase hex digits (bits row-major, first bit most significant), easy to store and
 * compare in JSON.
 */
import { assertGrayImage, resizeGray, type GrayImage } from './gray-image.js';

/** A pHash distance at or below this is the usual "near duplicate" cut-off for 64-bit hashes. */
export const NEAR_DUPLICATE_DISTANCE = 10;

function bitsToHex(bits: readonly boolean[]): string {
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) {
    const nibble = (bits[i] ? 8 : 0) | (bits[i + 1] ? 4 : 0) | (bits[i + 2] ? 2 : 0) | (bits[i + 3] ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 0 ? ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2 : (sorted[Math.floor(mid)] as number);
}

/** Unnormalised DCT-II of one row of length n (scaling does not change which side of the median a value is). */
function dct(values: readonly number[]): number[] {
  const n = values.length;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (values[i] as number) * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
    out.push(sum);
  }
  return out;
}

/** The 64-bit perceptual hash (DCT) of `image`, as 16 hex digits. */
export function perceptualHash(image: GrayImage): string {
  assertGrayImage(image);
  const N = 32;
  const small = resizeGray(image, N, N);
  const rows: number[][] = [];
  for (let y = 0; y < N; y++) rows.push(dct(Array.from({ length: N }, (_, x) => small.data[y * N + x] as number)));
  const low: number[] = [];
  // Columns of the row transforms, only the 8 lowest frequencies of each are needed.
  const colsDct: number[][] = [];
  for (let u = 0; u < 8; u++) colsDct.push(dct(rows.map((r) => r[u] as number)));
  for (let v = 0; v < 8; v++) for (let u = 0; u < 8; u++) low.push((colsDct[u] as number[])[v] as number);
  const m = median(low);
  return bitsToHex(low.map((c) => c > m));
}

/** The 64-bit difference hash of `image`, as 16 hex digits. */
export function differenceHash(image: GrayImage): string {
  assertGrayImage(image);
  const small = resizeGray(image, 9, 8);
  const bits: boolean[] = [];
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) bits.push((small.data[y * 9 + x + 1] as number) > (small.data[y * 9 + x] as number));
  return bitsToHex(bits);
}

const HEX = /^[0-9a-f]+$/i;

/** Bits that differ between two hashes of equal length. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length || !HEX.test(a) || !HEX.test(b)) throw new RangeError(`hashes must be hex strings of equal length, got "${a}" and "${b}"`);
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i] as string, 16) ^ parseInt(b[i] as string, 16);
    while (x !== 0) {
      distance += x & 1;
      x >>= 1;
    }
  }
  return distance;
}
