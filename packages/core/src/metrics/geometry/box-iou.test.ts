import { describe, expect, it } from 'vitest';
import { boxIoU } from './box-iou.js';

describe('boxIoU', () => {
  it('computes hand-checked overlaps with continuous areas (no +1 pixel)', () => {
    // 2×2 boxes shifted by 1: intersection 1·2 = 2, union 4 + 4 − 2 = 6.
    expect(boxIoU([0, 0, 2, 2], [1, 0, 2, 2])).toBeCloseTo(1 / 3, 15);
    // Nested: 1×1 inside 2×2 → 1 / 4.
    expect(boxIoU([0, 0, 2, 2], [0.5, 0.5, 1, 1])).toBe(0.25);
    // Corner overlap: intersection 1·1, union 4 + 4 − 1 = 7.
    expect(boxIoU([0, 0, 2, 2], [1, 1, 2, 2])).toBeCloseTo(1 / 7, 15);
    expect(boxIoU([3, 4, 5, 6], [3, 4, 5, 6])).toBe(1);
  });

  it('matches the torchmetrics docs example (xyxy [258,41,606,285] vs [214,41,562,285])', () => {
    // Source: torchmetrics MeanAveragePrecision docstring (Lightning-AI/torchmetrics,
    // src/torchmetrics/detection/mean_ap.py). In xywh: [258,41,348,244] and [214,41,348,244];
    // intersection width 562 − 258 = 304, so IoU = 304·244 / (2·348·244 − 304·244) = 304 / 392.
    expect(boxIoU([258, 41, 348, 244], [214, 41, 348, 244])).toBeCloseTo(304 / 392, 15);
  });

  it('is 0 for touching, disjoint or empty boxes, and symmetric', () => {
    expect(boxIoU([0, 0, 1, 1], [1, 0, 1, 1])).toBe(0);
    expect(boxIoU([0, 0, 1, 1], [5, 5, 1, 1])).toBe(0);
    expect(boxIoU([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
    expect(boxIoU([0, 0, 0, 3], [0, 0, 2, 3])).toBe(0);
    expect(boxIoU([0.3, 1.7, 4.1, 2.2], [1.9, 0.4, 3.3, 5.5])).toBe(boxIoU([1.9, 0.4, 3.3, 5.5], [0.3, 1.7, 4.1, 2.2]));
  });

  it('rejects malformed boxes', () => {
    expect(() => boxIoU([0, 0, -1, 1], [0, 0, 1, 1])).toThrow(RangeError);
    expect(() => boxIoU([0, 0, Number.NaN, 1], [0, 0, 1, 1])).toThrow(RangeError);
    expect(() => boxIoU([0, 0, 1] as unknown as [number, number, number, number], [0, 0, 1, 1])).toThrow(RangeError);
  });
});
