import { describe, expect, it } from 'vitest';
import { pointToPolyline, polylineDistance, samplePolyline } from './polyline-distance.js';

describe('polyline distance', () => {
  it('is 0 for the same path, whatever its direction or extra vertices', () => {
    const path: [number, number][] = [[0, 0], [10, 0], [10, 10]];
    expect(polylineDistance(path, path)).toBeCloseTo(0, 10);
    expect(polylineDistance(path, [...path].reverse())).toBeCloseTo(0, 10);
    expect(polylineDistance(path, [[0, 0], [5, 0], [10, 0], [10, 10]])).toBeCloseTo(0, 10);
  });

  it('is the offset of two parallel lines, and symmetric', () => {
    expect(polylineDistance([[0, 0], [10, 0]], [[0, 3], [10, 3]])).toBeCloseTo(3, 10);
    const a: [number, number][] = [[0, 0], [10, 0]];
    const b: [number, number][] = [[0, 0], [5, 5]];
    expect(polylineDistance(a, b)).toBeCloseTo(polylineDistance(b, a), 10);
    expect(polylineDistance(a, b)).toBeGreaterThan(0);
  });

  it('samples evenly by arc length and measures to the nearest segment', () => {
    expect(samplePolyline([[0, 0], [10, 0], [10, 10]], 5)).toEqual([[0, 0], [5, 0], [10, 0], [10, 5], [10, 10]]);
    expect(samplePolyline([[1, 1], [1, 1]])).toEqual([[1, 1]]);
    expect(pointToPolyline([5, 4], [[0, 0], [10, 0]])).toBe(4);
    expect(pointToPolyline([13, 4], [[0, 0], [10, 0]])).toBe(5);
  });
});
