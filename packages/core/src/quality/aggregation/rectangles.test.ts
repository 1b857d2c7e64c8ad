import { describe, expect, it } from 'vitest';
import { fuseRectangles, rectangleF1 } from './rectangles.js';

const r = (x: number, y: number, width: number, height: number, rotation?: number) => (rotation === undefined ? { x, y, width, height } : { x, y, width, height, rotation });

describe('fuseRectangles', () => {
  it('keeps rectangles a strict majority drew, averaging their coordinates and voting the label', () => {
    const { fused, unmatched } = fuseRectangles([
      { worker: 'c', rectangles: [{ rectangle: r(12, 10, 20, 20), label: 'statue' }] },
      { worker: 'a', rectangles: [{ rectangle: r(10, 10, 20, 20), label: 'statue' }, { rectangle: r(70, 70, 5, 5), label: 'person' }] },
      { worker: 'b', rectangles: [{ rectangle: r(11, 10, 20, 20), label: 'person' }] },
    ]);
    expect(fused).toHaveLength(1);
    expect(fused[0]).toMatchObject({ label: 'statue', workers: ['a', 'b', 'c'] });
    expect(fused[0]!.rectangle).toEqual({ x: 11, y: 10, width: 20, height: 20 });
    expect(unmatched).toEqual([{ worker: 'a', index: 1 }]);
  });

  it('averages rotation on the circle: 350° and 10° give 0° (unrotated), 20° and 40° give 30°', () => {
    const both = (a: number, b: number) =>
      fuseRectangles([
        { worker: 'a', rectangles: [{ rectangle: r(10, 10, 20, 20, a), label: 'x' }] },
        { worker: 'b', rectangles: [{ rectangle: r(10, 10, 20, 20, b), label: 'x' }] },
      ]).fused[0]!.rectangle.rotation ?? 0;
    expect(Math.abs(((both(350, 10) + 180) % 360) - 180)).toBeLessThan(1e-9);
    expect(both(20, 40)).toBeCloseTo(30, 9);
  });
});

describe('rectangleF1', () => {
  it('matches same-label rectangles one-to-one at IoU ≥ 0.5', () => {
    const a = [{ rectangle: r(0, 0, 10, 10), label: 'p' }, { rectangle: r(50, 50, 10, 10), label: 'p' }];
    expect(rectangleF1(a, a)).toBe(1);
    expect(rectangleF1([], [])).toBe(1);
    expect(rectangleF1(a, [])).toBe(0);
    // One match of two and one: 2·1 / 3.
    expect(rectangleF1(a, [{ rectangle: r(1, 0, 10, 10), label: 'p' }])).toBeCloseTo(2 / 3, 12);
    expect(rectangleF1(a, [{ rectangle: r(1, 0, 10, 10), label: 'q' }])).toBe(0);
    // IoU of a 10×10 box shifted by 5: 50 / 150 = 1/3 < 0.5.
    expect(rectangleF1(a.slice(0, 1), [{ rectangle: r(5, 0, 10, 10), label: 'p' }])).toBe(0);
  });
});
