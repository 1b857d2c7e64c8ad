import { describe, expect, it } from 'vitest';
import type { Polygon } from '../../metrics/geometry/polygon.js';
import { fusePolygons } from './polygons.js';
import type { PolygonAnnotation } from './polygons.js';

const square = (x: number, y: number, size = 10): Polygon => [[x, y], [x + size, y], [x + size, y + size], [x, y + size]];
const ann = (worker: string, ...polygons: [Polygon, string][]): PolygonAnnotation => ({ worker, polygons: polygons.map(([polygon, label]) => ({ polygon, label })) });

describe('fusePolygons', () => {
  it('picks the medoid (highest mean IoU to the other members) and votes the label', () => {
    // IoU(a, b) = IoU(a, c) = 90/110, IoU(b, c) = 81/119: a has the highest mean IoU.
    const { fused, unmatched } = fusePolygons([ann('a', [square(0, 0), 'road']), ann('b', [square(1, 0), 'road']), ann('c', [square(0, 1), 'path'])]);
    expect(unmatched).toEqual([]);
    expect(fused).toHaveLength(1);
    expect(fused[0]).toMatchObject({
      polygon: square(0, 0),
      medoid: { worker: 'a', index: 0 },
      label: 'road',
      labelVotes: { path: 1, road: 2 },
      labelTie: false,
      workers: ['a', 'b', 'c'],
    });
    expect(fused[0]?.agreement).toBeCloseTo((90 / 110 + 90 / 110 + 81 / 119) / 3, 12);
  });

  it('accepts COCO flat polygons and keeps the medoid as given', () => {
    const flat = [0, 0, 10, 0, 10, 10, 0, 10];
    const { fused } = fusePolygons([ann('a', [flat, 'x']), ann('b', [square(0, 0), 'x'])]);
    expect(fused[0]).toMatchObject({ polygon: flat, medoid: { worker: 'a', index: 0 }, agreement: 1 });
  });

  it('matches non-convex shapes by exact IoU and drops minority clusters', () => {
    const u: Polygon = [[0, 0], [30, 0], [30, 30], [20, 30], [20, 10], [10, 10], [10, 30], [0, 30]]; // area 700
    const { fused, unmatched } = fusePolygons([ann('a', [u, 'u'], [square(100, 100), 'x']), ann('b', [u, 'u']), ann('c', [square(0, 0, 30), 'u'])]);
    // IoU(U, 30×30 square) = 700 / 900 ≥ 0.5: all three match; the lone square far away is dropped.
    expect(fused).toHaveLength(1);
    expect(fused[0]).toMatchObject({ polygon: u, workers: ['a', 'b', 'c'] });
    expect(unmatched).toEqual([{ worker: 'a', index: 1 }]);
  });

  it('rejects malformed polygons, naming them', () => {
    expect(() => fusePolygons([ann('a', [[0, 0, 1], 'x'])])).toThrow(/annotations\[0\]\.polygons\[0\]\.polygon as a flat list must have an even number of values/);
    expect(() => fusePolygons([ann('a')], { iouThreshold: 1.5 })).toThrow(/iouThreshold/);
  });
});
