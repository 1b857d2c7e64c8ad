import { describe, expect, it } from 'vitest';
import type { Box } from './box-iou.js';
import type { GoldBox, PredictedBox } from './mean-average-precision.js';
import { meanAveragePrecision } from './mean-average-precision.js';

// Recall points 0, 0.01, …, 1: reaching recall 0.5 covers 51 of the 101 points.
const HALF = 51 / 101;

// AP values are means of 101 precisions of the form tp / (tp + fp + 2⁻⁵²) (pycocotools), so "1" is
// 1 − ε: compare to 15 decimals.
function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 15));
}

const gold = (image: string, category: string, box: Box): GoldBox => ({ image, category, box });
const pred = (image: string, category: string, box: Box, score: number): PredictedBox => ({ image, category, box, score });
const xyxy = (x0: number, y0: number, x1: number, y1: number): Box => [x0, y0, x1 - x0, y1 - y0];

describe('meanAveragePrecision (hand-computed)', () => {
  it('is 1 for a perfect detection and -1 (as pycocotools) with no gold at all', () => {
    const r = meanAveragePrecision([gold('1', 'cat', [0, 0, 10, 10])], [pred('1', 'cat', [0, 0, 10, 10], 0.9)]);
    // Not exactly 1: pycocotools divides by tp + fp + np.spacing(1), so precision is 1/(1 + 2⁻⁵²). Its
    // COCOeval.stats for this case are 0.9999999999999998 (AP) and 0.9999999999999999 (AP50), checked with
    // pycocotools 2.0.11, and we agree to the last bit.
    expect(r.map).toBe(0.9999999999999998);
    expect(r.map50).toBe(0.9999999999999999);
    expect(r.perCategory.map((c) => c.category)).toEqual(['cat']);
    expect(r.perThreshold).toHaveLength(10);
    expect(meanAveragePrecision([], [pred('1', 'cat', [0, 0, 1, 1], 0.5)])).toMatchObject({ map: -1, map50: -1, perCategory: [] });
  });

  it('reproduces the torchmetrics docs example: map 0.6, map50 1, map75 1', () => {
    // Source: torchmetrics MeanAveragePrecision docstring example (Lightning-AI/torchmetrics,
    // src/torchmetrics/detection/mean_ap.py), which prints map 0.6000, map_50 1., map_75 1. for boxes
    // given in xyxy. IoU = 304/392 ≈ 0.776 (see box-iou.test.ts) passes the six thresholds 0.50…0.75 and
    // fails 0.80…0.95, so AP = 6/10.
    const r = meanAveragePrecision([gold('0', '0', xyxy(214, 41, 562, 285))], [pred('0', '0', xyxy(258, 41, 606, 285), 0.536)]);
    expect(r.map).toBeCloseTo(0.6, 12);
    expect(r.map50).toBeCloseTo(1, 15);
    expect(r.map75).toBeCloseTo(1, 15);
    expectClose(r.perThreshold.map((t) => t.ap), [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('interpolates precision at 101 recall points', () => {
    // One of two gold boxes found, precision 1: recall 0.5 → points 0…0.50 have precision 1, AP = 51/101.
    const twoGold = [gold('1', 'a', [0, 0, 10, 10]), gold('1', 'a', [50, 50, 10, 10])];
    expect(meanAveragePrecision(twoGold, [pred('1', 'a', [0, 0, 10, 10], 0.9)]).map).toBeCloseTo(HALF, 15);
    // A false positive ranked above the only true positive: precisions [0, 1/2] become [1/2, 1/2] after
    // making them non-increasing, recall reaches 1, so every point gets 1/2: AP = 0.5.
    const fpFirst = [pred('1', 'a', [30, 30, 10, 10], 0.9), pred('1', 'a', [0, 0, 10, 10], 0.8)];
    expect(meanAveragePrecision([gold('1', 'a', [0, 0, 10, 10])], fpFirst).map).toBeCloseTo(0.5, 15);
    // Same detections, TP first: precisions [1, 1/2], recall 1 at rank 1 → AP = 1.
    expect(meanAveragePrecision([gold('1', 'a', [0, 0, 10, 10])], [...fpFirst].reverse().map((p, i) => ({ ...p, score: 0.9 - i / 10 }))).map).toBeCloseTo(1, 15);
  });

  it('matches each gold box at most once; duplicates are false positives', () => {
    // Two identical detections of one box: TP then FP → precisions [1, 1/2] → interpolated [1, 1/2];
    // recall 1 is reached at rank 0, so all 101 points read precision 1: AP = 1.
    const r = meanAveragePrecision([gold('1', 'a', [0, 0, 10, 10])], [pred('1', 'a', [0, 0, 10, 10], 0.9), pred('1', 'a', [0, 0, 10, 10], 0.8)]);
    expect(r.map).toBeCloseTo(1, 15);
  });

  it('breaks equal scores by input order (stable sort, as np.argsort kind="mergesort")', () => {
    // Equal scores: the FP listed first is ranked first → AP 0.5 as in the FP-first case above;
    // listed second → AP 1.
    const g = [gold('1', 'a', [0, 0, 10, 10])];
    const tp = pred('1', 'a', [0, 0, 10, 10], 0.5);
    const fp = pred('1', 'a', [30, 30, 10, 10], 0.5);
    expect(meanAveragePrecision(g, [fp, tp]).map).toBeCloseTo(0.5, 15);
    expect(meanAveragePrecision(g, [tp, fp]).map).toBeCloseTo(1, 15);
    // Across images, ties go by image id (integers numerically: "9" before "10"), not input order.
    const g2 = [gold('9', 'a', [0, 0, 10, 10]), gold('10', 'a', [0, 0, 10, 10])];
    const tie = [pred('10', 'a', [0, 0, 10, 10], 0.5), pred('9', 'a', [30, 30, 10, 10], 0.5)];
    // Order 9 (FP), 10 (TP): precisions [0, 1/2] → [1/2, 1/2], recall 1/2 → AP = 51/101 · 1/2.
    expect(meanAveragePrecision(g2, tie).map).toBeCloseTo(HALF / 2, 15);
  });

  it('gives a detection with equal IoU to two gold boxes the later one, as pycocotools', () => {
    // Gold A [0,0,4,4] and B [1,0,4,4]; detection 1 [0.5,0,4,4] (score 0.9) overlaps each by 3.5·4 = 14,
    // IoU 14/18 ≈ 0.778 with both. pycocotools keeps the last of equal IoUs (`if iou < best: continue`),
    // so it takes B at thresholds 0.50…0.75. Detection 2 [0,0,4,4] (0.8) then takes A (IoU 1) → AP 1.
    // At 0.80…0.95 detection 1 misses, detection 2 takes A: precisions [0, 1/2] → 1/2 up to recall 1/2,
    // AP = 51/202. Total (6 + 4 · 51/202) / 10 = 0.7009900990…; pycocotools 2.0.11 prints 0.701 (0.7009901).
    // Giving the tie to A instead would let detection 2 take B only while 0.6 ≥ threshold.
    const r = meanAveragePrecision(
      [gold('1', 'a', [0, 0, 4, 4]), gold('1', 'a', [1, 0, 4, 4])],
      [pred('1', 'a', [0.5, 0, 4, 4], 0.9), pred('1', 'a', [0, 0, 4, 4], 0.8)],
    );
    expect(r.map).toBeCloseTo((6 + (4 * 51) / 202) / 10, 15);
    expect(r.map50).toBeCloseTo(1, 15);
    expect(r.map75).toBeCloseTo(1, 15);
  });

  it('leaves out categories without gold, and counts detections on images without gold as false positives', () => {
    const g = [gold('1', 'a', [0, 0, 10, 10])];
    const p = [pred('1', 'a', [0, 0, 10, 10], 0.5), pred('1', 'ghost', [0, 0, 10, 10], 0.99), pred('2', 'a', [0, 0, 10, 10], 0.9)];
    const r = meanAveragePrecision(g, p);
    expect(r.perCategory.map((c) => c.category)).toEqual(['a']);
    // The FP on image 2 outranks the TP: AP = 0.5.
    expect(r.map).toBeCloseTo(0.5, 15);
    // A category with gold but no detections has AP 0 and still counts in the mean.
    const withMiss = meanAveragePrecision([...g, gold('1', 'b', [0, 0, 5, 5])], [pred('1', 'a', [0, 0, 10, 10], 0.5)]);
    expect(withMiss.perCategory.map((c) => c.category)).toEqual(['a', 'b']);
    expectClose(withMiss.perCategory.flatMap((c) => [c.ap, c.ap50, c.ap75]), [1, 1, 1, 0, 0, 0]);
    expect(withMiss.map).toBeCloseTo(0.5, 15);
  });

  it('keeps only the 100 best-scoring detections per image and category', () => {
    // 100 false positives scored above the one true positive push it out: AP 0. With maxDetections 101 it
    // is the 101st detection: precision 1/101 at recall 1, so AP = 1/101.
    const g = [gold('1', 'a', [0, 0, 10, 10])];
    const fps = Array.from({ length: 100 }, (_, i) => pred('1', 'a', [100 + i * 20, 0, 10, 10], 0.9));
    const p = [...fps, pred('1', 'a', [0, 0, 10, 10], 0.1)];
    expect(meanAveragePrecision(g, p).map).toBe(0);
    expect(meanAveragePrecision(g, p, { maxDetections: 101 }).map).toBeCloseTo(1 / 101, 12);
  });

  it('uses custom IoU thresholds for map and perThreshold, and still reports map50/map75', () => {
    // IoU 304/392 ≈ 0.776: passes 0.1 and 0.7, fails 0.9.
    const r = meanAveragePrecision([gold('0', '0', xyxy(214, 41, 562, 285))], [pred('0', '0', xyxy(258, 41, 606, 285), 0.5)], {
      iouThresholds: [0.1, 0.7, 0.9],
    });
    expect(r.perThreshold.map((t) => t.iouThreshold)).toEqual([0.1, 0.7, 0.9]);
    expectClose(r.perThreshold.map((t) => t.ap), [1, 1, 0]);
    expect(r.map).toBeCloseTo(2 / 3, 15);
    expect(r.map50).toBeCloseTo(1, 15);
    expect(r.map75).toBeCloseTo(1, 15);
  });

  it('rejects malformed input', () => {
    const g = [gold('1', 'a', [0, 0, 1, 1])];
    expect(() => meanAveragePrecision(g, [pred('1', 'a', [0, 0, 1, 1], Number.NaN)])).toThrow(RangeError);
    expect(() => meanAveragePrecision([gold('1', 'a', [0, 0, -1, 1])], [])).toThrow(RangeError);
    expect(() => meanAveragePrecision(g, [], { iouThresholds: [] })).toThrow(RangeError);
    expect(() => meanAveragePrecision(g, [], { iouThresholds: [1.5] })).toThrow(RangeError);
    expect(() => meanAveragePrecision(g, [], { maxDetections: 0 })).toThrow(RangeError);
  });
});

describe('meanAveragePrecision (published pycocotools results)', () => {
  // Source: torchmetrics tests/detection/test_map.py (Lightning-AI/torchmetrics, v0.7 era, commit
  // e013ff136e80f3a778417966971eab392cb762a7), `_inputs` and `_compare_fn`: boxes of COCO val2014 images
  // 42, 73, 74 and 133 with fake detections from cocoapi's results/instances_val2014_fakebbox100_results.json,
  // and the pycocotools summary printed there: AP 0.706, AP50 0.901, AP75 0.846; per class
  // [0.725, 0.800, 0.454, -1 (class 3 has no gold), 0.650, 0.900]. Boxes are given in xyxy there.
  const G: [number, number[], number][] = [
    [42, [214.15, 41.29, 562.41, 285.07], 4],
    [73, [13.0, 22.75, 548.98, 632.42], 2],
    [73, [1.66, 3.32, 270.26, 275.23], 2],
    [74, [61.87, 276.25, 358.29, 379.43], 4],
    [74, [2.75, 3.66, 162.15, 316.06], 1],
    [74, [295.55, 93.96, 313.97, 152.79], 0],
    [74, [326.94, 97.05, 340.49, 122.98], 0],
    [74, [356.62, 95.47, 372.33, 147.55], 0],
    [74, [462.08, 105.09, 493.74, 146.99], 0],
    [74, [277.11, 103.84, 292.44, 150.72], 0],
    [133, [13.99, 2.87, 640.0, 421.52], 5],
  ];
  const P: [number, number[], number, number][] = [
    [42, [258.15, 41.29, 606.41, 285.07], 0.236, 4],
    [73, [61.0, 22.75, 565.0, 632.42], 0.318, 3],
    [73, [12.66, 3.32, 281.26, 275.23], 0.726, 2],
    [74, [87.87, 276.25, 384.29, 379.43], 0.546, 4],
    [74, [0.0, 3.66, 142.15, 316.06], 0.3, 1],
    [74, [296.55, 93.96, 314.97, 152.79], 0.407, 0],
    [74, [328.94, 97.05, 342.49, 122.98], 0.611, 0],
    [74, [356.62, 95.47, 372.33, 147.55], 0.335, 0],
    [74, [464.08, 105.09, 495.74, 146.99], 0.805, 0],
    [74, [276.11, 103.84, 291.44, 150.72], 0.953, 0],
    [133, [0.0, 2.87, 601.0, 421.52], 0.699, 5],
  ];
  const box = (b: number[]): Box => xyxy(b[0] as number, b[1] as number, b[2] as number, b[3] as number);

  it('reproduces AP 0.706, AP50 0.901, AP75 0.846 and the per-class APs to the printed 3 decimals', () => {
    const r = meanAveragePrecision(
      G.map(([image, b, category]) => gold(String(image), String(category), box(b))),
      P.map(([image, b, score, category]) => pred(String(image), String(category), box(b), score)),
    );
    // toBeCloseTo(x, 3) allows ±0.0005, i.e. agreement with a value printed to three decimals.
    expect(r.map).toBeCloseTo(0.706, 3);
    expect(r.map50).toBeCloseTo(0.901, 3);
    expect(r.map75).toBeCloseTo(0.846, 3);
    expect(r.perCategory.map((c) => c.category)).toEqual(['0', '1', '2', '4', '5']);
    const expected = [0.725, 0.8, 0.454, 0.65, 0.9];
    r.perCategory.forEach((c, i) => expect(c.ap).toBeCloseTo(expected[i] as number, 3));
  });
});
