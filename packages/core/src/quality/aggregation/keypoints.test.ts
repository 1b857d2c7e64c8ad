import { describe, expect, it } from 'vitest';
import { fuseKeypoints, keypointF1 } from './keypoints.js';
import { polygonF1 } from './polygons.js';

describe('fuseKeypoints', () => {
  it('keeps points a strict majority placed close together (per label), at their mean', () => {
    const { fused, unmatched } = fuseKeypoints([
      { worker: 'a', points: [{ x: 10, y: 10, label: 'head' }, { x: 80, y: 80, label: 'hand' }] },
      { worker: 'b', points: [{ x: 11, y: 10, label: 'head' }] },
      { worker: 'c', points: [{ x: 10.5, y: 11, label: 'head' }, { x: 10, y: 10.2, label: 'hand' }] },
    ]);
    expect(fused).toEqual([{ x: 10.5, y: 31 / 3, label: 'head', workers: ['a', 'b', 'c'] }]);
    expect(unmatched).toEqual([
      { worker: 'a', index: 1 },
      { worker: 'c', index: 1 },
    ]);
  });
});

describe('keypointF1 / polygonF1', () => {
  it('match points within 2 % of the image and polygons at IoU ≥ 0.5', () => {
    const p = [{ x: 10, y: 10, label: 'head' }];
    expect(keypointF1(p, [{ x: 11, y: 11, label: 'head' }])).toBe(1); // √2 ≈ 1.41 < 2
    expect(keypointF1(p, [{ x: 12, y: 12, label: 'head' }])).toBe(0); // 2.83 > 2
    expect(keypointF1(p, [{ x: 10, y: 10, label: 'hand' }])).toBe(0);
    const square = (x: number) => ({ points: [[x, 0], [x + 10, 0], [x + 10, 10], [x, 10]] as [number, number][], label: 'niche' });
    expect(polygonF1([square(0)], [square(2)])).toBe(1); // IoU 80/120 = 0.67
    expect(polygonF1([square(0)], [square(5)])).toBe(0); // IoU 50/150 = 0.33
  });
});
