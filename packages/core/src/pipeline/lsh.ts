/**
 * Banded locality-sensitive hashing over MinHash signatures. A signature of k slots is cut into b bands
 * of r rows; two records become candidates when any band is equal, which happens with probability
 * 1 - (1 - J^r)^b for Jaccard similarity J: an S-curve whose steep part sits near (1/b)^(1/r). We pick
 * (b, r) for the threshold by minimising the false-positive plus false-negative area under that curve
 * (the datasketch method) with false negatives weighted 4 times as much: every candidate is verified by
 * its estimated Jaccard, so a false candidate costs only one comparison while a missed pair is lost. The
 * band choice thus affects speed and recall, never precision.
 *
 * Memory per indexed record: the signature kept for verification at 16 bits per slot (2k bytes; two
 * unequal minima agree on their top 16 bits with probability 2^-16, a negligible bias), b multimap
 * entries (8-16 bytes each: tables double when half full), the record index and a visit stamp (8 bytes);
 * the arrays double too, so add up to 2x while they grow. For k = 128 and threshold 0.7 (18 bands) this is
 * 0.5-1 KB per record, independent of text length (bench/pipeline.mjs reports the measured figure).
 */
import { fmix32 } from './hash32.js';
import { U32MultiMap } from './u32-multimap.js';
import { U32Vector } from './u32-vector.js';

export interface BandLayout {
  bands: number;
  rows: number;
}

const FALSE_POSITIVE_WEIGHT = 0.2;

function integrate(f: (x: number) => number, from: number, to: number): number {
  const steps = 200;
  const h = (to - from) / steps;
  let area = 0;
  for (let i = 0; i < steps; i++) area += f(from + (i + 0.5) * h) * h;
  return area;
}

/** The (bands, rows) with bands · rows ≤ permutations that best separates similarities around `threshold`. */
export function chooseBands(threshold: number, permutations: number): BandLayout {
  let best: BandLayout = { bands: 1, rows: permutations };
  let bestError = Number.POSITIVE_INFINITY;
  for (let bands = 1; bands <= permutations; bands++) {
    const rows = Math.floor(permutations / bands);
    const p = (s: number) => 1 - (1 - s ** rows) ** bands;
    const falsePositive = integrate(p, 0, threshold);
    const falseNegative = integrate((s) => 1 - p(s), threshold, 1);
    const error = FALSE_POSITIVE_WEIGHT * falsePositive + (1 - FALSE_POSITIVE_WEIGHT) * falseNegative;
    if (error < bestError) {
      bestError = error;
      best = { bands, rows };
    }
  }
  return best;
}

export class LshIndex {
  readonly layout: BandLayout;
  private readonly buckets = new U32MultiMap(4096);
  private signatures: Uint16Array;
  private readonly origin = new U32Vector(4096);
  private readonly stamp = new U32Vector(4096);
  private query = 0;
  private readonly bandKeys: Uint32Array;

  constructor(
    private readonly permutations: number,
    private readonly threshold: number,
  ) {
    this.layout = chooseBands(threshold, permutations);
    this.signatures = new Uint16Array(permutations * 1024);
    this.bandKeys = new Uint32Array(this.layout.bands);
  }

  get size(): number {
    return this.origin.length;
  }

  get bytes(): number {
    return this.buckets.bytes + this.signatures.byteLength + this.origin.bytes + this.stamp.bytes;
  }

  /**
   * Returns the record index of an indexed record whose estimated Jaccard with `signature` reaches the
   * threshold, or -1 after indexing `signature` under `recordIndex`.
   */
  findOrAdd(signature: Uint32Array, recordIndex: number): number {
    const { bands, rows } = this.layout;
    const k = this.permutations;
    const needed = Math.ceil(this.threshold * k - 1e-9);
    this.query = (this.query + 1) >>> 0 || 1;
    for (let band = 0; band < bands; band++) {
      let h = Math.imul(band + 1, 0x9e3779b1);
      for (let i = band * rows, end = i + rows; i < end; i++) h = fmix32(h ^ (signature[i] as number));
      this.bandKeys[band] = h;
      let found = -1;
      this.buckets.forEach(h, (id) => {
        if (this.stamp.get(id) === this.query) return false;
        this.stamp.set(id, this.query);
        let equal = 0;
        const base = id * k;
        for (let i = 0; i < k; i++) if (this.signatures[base + i] === (signature[i] as number) >>> 16) equal++;
        if (equal < needed) return false;
        found = this.origin.get(id);
        return true;
      });
      if (found >= 0) return found;
    }
    const id = this.origin.push(recordIndex);
    this.stamp.push(this.query);
    if ((id + 1) * k > this.signatures.length) {
      const bigger = new Uint16Array(this.signatures.length * 2);
      bigger.set(this.signatures);
      this.signatures = bigger;
    }
    for (let i = 0; i < k; i++) this.signatures[id * k + i] = (signature[i] as number) >>> 16;
    for (let band = 0; band < bands; band++) this.buckets.add(this.bandKeys[band] as number, id);
    return -1;
  }
}
