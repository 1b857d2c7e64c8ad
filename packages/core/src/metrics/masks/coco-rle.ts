/**
 * COCO run-length encoded masks, bit-compatible with pycocotools (maskApi.c), so masks move to and from
 * COCO files and tools that read them without resampling.
 *
 * A mask of `size = [height, width]` is read column by column (Fortran order: pixel (x, y) is at index
 * `x * height + y`), and `counts` alternates run lengths of 0s and 1s, always starting with 0s (a mask
 * whose first pixel is set starts with a 0-long run). The compressed `counts` string is pycocotools'
 * LEB128-like form: each count (from the fourth on, as the difference to the count two before) is written
 * in 5-bit groups with a continuation bit, offset by 48 into printable ASCII.
 */

/** `counts`: uncompressed run lengths, or pycocotools' compressed string. */
export interface CocoRle {
  size: [number, number];
  counts: number[] | string;
}

/** A mask decoded to one byte per pixel (0 or 1), column-major as COCO counts it. */
export interface BinaryMask {
  height: number;
  width: number;
  /** `data[x * height + y]` is pixel (x, y). */
  data: Uint8Array;
}

/** Run lengths of `rle`, decoding the compressed string form when needed. */
export function rleCounts(rle: CocoRle): number[] {
  return typeof rle.counts === 'string' ? decompressCounts(rle.counts) : rle.counts;
}

/** pycocotools' `rleToString`: run lengths → the compressed string. */
export function compressCounts(counts: readonly number[]): string {
  let out = '';
  counts.forEach((count, i) => {
    // pycocotools deltas from the fourth count on (`i > 2`), not the third; kept for byte identity.
    let x = i > 2 ? count - counts[i - 2]! : count;
    let more = true;
    while (more) {
      let c = x & 0x1f;
      // An arithmetic shift that also works beyond 32 bits.
      x = Math.floor(x / 32);
      more = (c & 0x10) !== 0 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  });
  return out;
}

/** pycocotools' `rleFrString`: the compressed string → run lengths. Throws on characters outside its alphabet. */
export function decompressCounts(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new RangeError('compressed RLE counts end in the middle of a number');
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new RangeError(`compressed RLE counts hold an invalid character ${JSON.stringify(s[p])} at ${p}`);
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      // Sign extension of the last group (the C code's `x |= -1 << 5*k`).
      if (!more && (c & 0x10) !== 0) x -= 2 ** (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2]!;
    counts.push(x);
  }
  return counts;
}

/**
 * Why `counts` cannot describe a mask of `size`, or null when it can: every run a non-negative integer
 * and the runs covering exactly height × width pixels.
 */
export function rleProblem(rle: CocoRle): string | null {
  const [height, width] = rle.size;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) return `size must be two positive whole numbers [height, width], got ${JSON.stringify(rle.size)}`;
  let counts: number[];
  try {
    counts = rleCounts(rle);
  } catch (e) {
    return (e as Error).message;
  }
  let total = 0;
  for (const [i, c] of counts.entries()) {
    if (!Number.isInteger(c) || c < 0) return `run ${i} must be a whole number ≥ 0, got ${c}`;
    total += c;
  }
  if (total !== height * width) return `the runs cover ${total} pixels, the size ${height}×${width} has ${height * width}`;
  return null;
}

/** Pixels set. */
export function rleArea(rle: CocoRle): number {
  let area = 0;
  rleCounts(rle).forEach((c, i) => {
    if (i % 2 === 1) area += c;
  });
  return area;
}

/** The mask as bytes (pycocotools `decode`). */
export function decodeRle(rle: CocoRle): BinaryMask {
  const [height, width] = rle.size;
  const data = new Uint8Array(height * width);
  let at = 0;
  rleCounts(rle).forEach((c, i) => {
    if (i % 2 === 1) data.fill(1, at, at + c);
    at += c;
  });
  return { height, width, data };
}

/** A byte mask → uncompressed RLE (pycocotools `encode`, before compression). */
export function encodeMask(mask: BinaryMask): CocoRle {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (const v of mask.data) {
    const bit = v === 0 ? 0 : 1;
    if (bit !== current) {
      counts.push(run);
      run = 0;
      current = bit;
    }
    run++;
  }
  counts.push(run);
  return { size: [mask.height, mask.width], counts };
}

/** The same mask with compressed string counts (the form pycocotools and COCO results files use). */
export function compressRle(rle: CocoRle): CocoRle {
  return { size: [rle.size[0], rle.size[1]], counts: typeof rle.counts === 'string' ? rle.counts : compressCounts(rle.counts) };
}

/** Foreground runs as [start, end) pixel index intervals, in order. */
function intervals(rle: CocoRle): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  rleCounts(rle).forEach((c, i) => {
    if (i % 2 === 1 && c > 0) out.push([at, at + c]);
    at += c;
  });
  return out;
}

function fromIntervals(size: [number, number], runs: readonly [number, number][]): CocoRle {
  const counts: number[] = [];
  let at = 0;
  for (const [start, end] of runs) {
    // Touching intervals merge into one run of 1s.
    if (counts.length > 0 && start === at) {
      counts[counts.length - 1]! += end - start;
    } else {
      counts.push(start - at, end - start);
    }
    at = end;
  }
  const rest = size[0] * size[1] - at;
  if (rest > 0 || counts.length === 0) counts.push(rest);
  return { size: [size[0], size[1]], counts };
}

function assertSameSize(a: CocoRle, b: CocoRle): void {
  if (a.size[0] !== b.size[0] || a.size[1] !== b.size[1]) throw new RangeError(`masks of different sizes: ${a.size.join('×')} and ${b.size.join('×')}`);
}

/** Pixels set in both masks, walking the runs (no decoding). */
export function rleIntersectionArea(a: CocoRle, b: CocoRle): number {
  assertSameSize(a, b);
  const ra = intervals(a);
  const rb = intervals(b);
  let i = 0;
  let j = 0;
  let area = 0;
  while (i < ra.length && j < rb.length) {
    const [sa, ea] = ra[i]!;
    const [sb, eb] = rb[j]!;
    area += Math.max(0, Math.min(ea, eb) - Math.max(sa, sb));
    if (ea < eb) i++;
    else j++;
  }
  return area;
}

/**
 * Intersection over union of two masks, as pycocotools `maskUtils.iou` for non-crowd objects. Two empty
 * masks have IoU 0 there (the union is empty); we keep that.
 */
export function rleIoU(a: CocoRle, b: CocoRle): number {
  const inter = rleIntersectionArea(a, b);
  const union = rleArea(a) + rleArea(b) - inter;
  return union === 0 ? 0 : inter / union;
}

/** Union of masks of one size (pycocotools `merge` with intersect = false); uncompressed counts. */
export function mergeRles(masks: readonly CocoRle[]): CocoRle {
  if (masks.length === 0) throw new RangeError('mergeRles needs at least one mask');
  const first = masks[0]!;
  masks.forEach((m) => assertSameSize(first, m));
  const all = masks.flatMap(intervals).sort((p, q) => p[0] - q[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of all) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return fromIntervals(first.size, merged);
}

/** Pixels set in at least `minVotes` of the masks (a pixel-wise vote); uncompressed counts. */
export function voteRles(masks: readonly CocoRle[], minVotes: number): CocoRle {
  if (masks.length === 0) throw new RangeError('voteRles needs at least one mask');
  const first = masks[0]!;
  masks.forEach((m) => assertSameSize(first, m));
  // Sweep over run boundaries: +1 where a run starts, −1 where it ends.
  const events = new Map<number, number>();
  for (const [s, e] of masks.flatMap(intervals)) {
    events.set(s, (events.get(s) ?? 0) + 1);
    events.set(e, (events.get(e) ?? 0) - 1);
  }
  const runs: [number, number][] = [];
  let depth = 0;
  let start = -1;
  for (const at of [...events.keys()].sort((p, q) => p - q)) {
    depth += events.get(at)!;
    if (depth >= minVotes && start < 0) start = at;
    else if (depth < minVotes && start >= 0) {
      runs.push([start, at]);
      start = -1;
    }
  }
  return fromIntervals(first.size, runs);
}

/** The smallest pixel box [x, y, width, height] around the set pixels (pycocotools `toBbox`); zeros when empty. */
export function rleBbox(rle: CocoRle): [number, number, number, number] {
  const h = rle.size[0];
  const runs = intervals(rle);
  if (runs.length === 0) return [0, 0, 0, 0];
  let xs = Infinity;
  let xe = -Infinity;
  let ys = Infinity;
  let ye = -Infinity;
  for (const [s, e] of runs) {
    const x0 = Math.floor(s / h);
    const x1 = Math.floor((e - 1) / h);
    xs = Math.min(xs, x0);
    xe = Math.max(xe, x1);
    // A run that wraps to the next column covers every row in between.
    if (x1 > x0) {
      ys = 0;
      ye = h - 1;
    } else {
      ys = Math.min(ys, s % h);
      ye = Math.max(ye, (e - 1) % h);
    }
  }
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}
