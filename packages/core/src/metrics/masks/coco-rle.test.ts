import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compressCounts, decodeRle, decompressCounts, encodeMask, mergeRles, rleArea, rleBbox, rleIntersectionArea, rleIoU, rleProblem, voteRles, type CocoRle } from './coco-rle.js';

const FIXTURE = join(import.meta.dirname, '..', '..', '..', '..', '..', '..', 'shared', 'fixtures', 'coco', 'cocoapi_instances_val2014_fakesegm100_results.json');

/** A 3×4 (height × width) mask from rows of 0/1, turned column-major as COCO counts it. */
function mask(rows: string[]): { height: number; width: number; data: Uint8Array } {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint8Array(height * width);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[x * height + y] = c === '1' ? 1 : 0)));
  return { height, width, data };
}

describe('COCO RLE', () => {
  const a = encodeMask(mask(['0110', '0110', '0000']));
  const b = encodeMask(mask(['0011', '0011', '0011']));

  it('encodes column-major, starting with a run of 0s', () => {
    expect(a).toEqual({ size: [3, 4], counts: [3, 2, 1, 2, 4] });
    expect(encodeMask(mask(['1', '0']))).toEqual({ size: [2, 1], counts: [0, 1, 1] });
    expect(decodeRle(a).data).toEqual(mask(['0110', '0110', '0000']).data);
  });

  it('measures area, intersection, IoU, bounding box', () => {
    expect(rleArea(a)).toBe(4);
    expect(rleArea(b)).toBe(6);
    expect(rleIntersectionArea(a, b)).toBe(2);
    expect(rleIoU(a, b)).toBeCloseTo(2 / 8);
    expect(rleIoU(a, a)).toBe(1);
    expect(rleIoU(encodeMask(mask(['00'])), encodeMask(mask(['00'])))).toBe(0);
    expect(rleBbox(a)).toEqual([1, 0, 2, 2]);
    expect(rleBbox(b)).toEqual([2, 0, 2, 3]);
    expect(() => rleIoU(a, encodeMask(mask(['1'])))).toThrow(/different sizes/);
  });

  it('merges and votes pixel-wise', () => {
    expect(decodeRle(mergeRles([a, b])).data).toEqual(mask(['0111', '0111', '0011']).data);
    const c = encodeMask(mask(['0100', '0000', '0001']));
    expect(decodeRle(voteRles([a, b, c], 2)).data).toEqual(mask(['0110', '0010', '0001']).data);
    expect(rleProblem(voteRles([a, b, c], 2))).toBeNull();
  });

  it('compresses and decompresses counts as pycocotools does', () => {
    // Small values, a delta that turns negative, and a large first count.
    for (const counts of [[3, 2, 1, 2, 4], [100000, 5, 7, 1, 300, 2, 0, 40], [0, 640 * 478]]) {
      expect(decompressCounts(compressCounts(counts))).toEqual(counts);
    }
    expect(compressCounts([3, 2, 1, 2, 4])).toBe('32103') // from the fourth count on: deltas 2 − 2 and 4 − 1;
    expect(() => decompressCounts('3 ')).toThrow(/invalid character/);
  });

  it('finds inconsistent RLEs', () => {
    expect(rleProblem(a)).toBeNull();
    expect(rleProblem({ size: [3, 4], counts: [3, 2] })).toMatch(/cover 5 pixels/);
    expect(rleProblem({ size: [3, 4], counts: [3, -2, 11] })).toMatch(/run 1/);
    expect(rleProblem({ size: [0, 4], counts: [] })).toMatch(/size/);
  });

  it.skipIf(!existsSync(FIXTURE) && process.env.CI !== 'true')('round-trips the real pycocotools results byte for byte', () => {
    const results = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { segmentation: CocoRle }[];
    expect(results.length).toBeGreaterThan(100);
    for (const { segmentation } of results) {
      const counts = decompressCounts(segmentation.counts as string);
      expect(rleProblem({ size: segmentation.size, counts })).toBeNull();
      expect(compressCounts(counts)).toBe(segmentation.counts);
      // Decoding to pixels and encoding again gives the same string too.
      expect(compressCounts(encodeMask(decodeRle(segmentation)).counts as number[])).toBe(segmentation.counts);
    }
    const first = results[0]!.segmentation;
    expect(rleArea(first)).toBeGreaterThan(0);
  });
});
