import { describe, expect, it } from 'vitest';
import { doubleSignedArea } from '../metrics/geometry/polygon.js';
import { clipPolygon, clipPolyline } from './clip.js';

const W = { minX: 0, minY: 0, maxX: 10, maxY: 10 };

describe('clipPolygon (Sutherland–Hodgman)', () => {
  it('keeps a polygon inside the window unchanged and drops one outside', () => {
    expect(clipPolygon([[1, 1], [5, 1], [3, 4]], W)).toEqual([[1, 1], [5, 1], [3, 4]]);
    expect(clipPolygon([[11, 11], [15, 11], [13, 14]], W)).toEqual([]);
  });

  it('cuts a square straddling a corner down to the overlap', () => {
    const out = clipPolygon([[5, 5], [15, 5], [15, 15], [5, 15]], W);
    expect([...out].sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual([[5, 5], [5, 10], [10, 5], [10, 10]]);
    expect(Math.abs(doubleSignedArea(out)) / 2).toBe(25);
  });

  it('keeps the exact area of a concave polygon cut in two by the window', () => {
    // A U shape whose bottom bar lies below the window: the two arms remain, 2x4 each.
    const u: [number, number][] = [[1, 6], [3, 6], [3, 12], [7, 12], [7, 6], [9, 6], [9, 14], [1, 14]];
    const out = clipPolygon(u, W);
    expect(Math.abs(doubleSignedArea(out)) / 2).toBe(16);
  });
});

describe('clipPolyline (Liang–Barsky)', () => {
  it('cuts a path at the window edge', () => {
    expect(clipPolyline([[5, 5], [15, 5]], W)).toEqual([[[5, 5], [10, 5]]]);
  });

  it('splits a path that leaves and re-enters, and drops a path outside', () => {
    expect(clipPolyline([[2, 2], [2, 12], [8, 12], [8, 2]], W)).toEqual([
      [[2, 2], [2, 10]],
      [[8, 10], [8, 2]],
    ]);
    expect(clipPolyline([[11, 0], [20, 5]], W)).toEqual([]);
  });

  it('keeps a path entirely inside as one piece', () => {
    expect(clipPolyline([[1, 1], [2, 3], [4, 4]], W)).toEqual([[[1, 1], [2, 3], [4, 4]]]);
  });
});
