import { describe, expect, it } from 'vitest';
import { canClosePolygon, closesPolygon, moveVertex, movePoints, nudgePoints, pairsFromPoints, pointsFromPairs, polygonArea, repeatsLastPoint, roundPoints, svgPoints, tagAnchor } from './polygon-geometry.ts';

const rect = { left: 0, top: 0, width: 400, height: 200 };
const triangle = [
  { x: 10, y: 10 },
  { x: 50, y: 10 },
  { x: 30, y: 40 },
];

describe('polygon geometry', () => {
  it('converts between stored pairs and points', () => {
    expect(pointsFromPairs([[1, 2], [3, 4]])).toEqual([{ x: 1, y: 2 }, { x: 3, y: 4 }]);
    expect(pairsFromPoints(triangle)).toEqual([[10, 10], [50, 10], [30, 40]]);
  });

  it('measures area and refuses polygons core would reject', () => {
    expect(polygonArea(triangle)).toBe(600);
    expect(canClosePolygon(triangle)).toBe(true);
    expect(canClosePolygon(triangle.slice(0, 2))).toBe(false);
    expect(canClosePolygon([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 20 }])).toBe(false);
  });

  it('closes on a click near the first point, judged in screen pixels', () => {
    // 1 % of a 400-pixel-wide image is 4 pixels: 2 % away is 8 pixels, within the 10-pixel radius.
    expect(closesPolygon(triangle, { x: 12, y: 10 }, rect)).toBe(true);
    expect(closesPolygon(triangle, { x: 14, y: 10 }, rect)).toBe(false);
    // Zoomed in (the image shown 4× larger), the same percent distance is too far.
    expect(closesPolygon(triangle, { x: 12, y: 10 }, { ...rect, width: 1600, height: 800 })).toBe(false);
    expect(closesPolygon(triangle.slice(0, 2), { x: 10, y: 10 }, rect)).toBe(false);
  });

  it('ignores a point repeating the last one on screen', () => {
    expect(repeatsLastPoint(triangle, { x: 30.2, y: 40 }, rect)).toBe(true);
    expect(repeatsLastPoint(triangle, { x: 32, y: 40 }, rect)).toBe(false);
    expect(repeatsLastPoint([], { x: 0, y: 0 }, rect)).toBe(false);
  });

  it('moves one vertex, or the whole shape stopping at the edges', () => {
    expect(moveVertex(triangle, 1, { x: 60, y: 120 })).toEqual([triangle[0], { x: 60, y: 100 }, triangle[2]]);
    expect(movePoints(triangle, 5, 5)).toEqual([{ x: 15, y: 15 }, { x: 55, y: 15 }, { x: 35, y: 45 }]);
    // 60 % right would push the right-most point (50) past 100: the shape stops at the edge, unchanged.
    expect(movePoints(triangle, 60, -20)).toEqual([{ x: 60, y: 0 }, { x: 100, y: 0 }, { x: 80, y: 30 }]);
    expect(movePoints([], 1, 1)).toEqual([]);
  });

  it('nudges with arrow keys and ignores other keys', () => {
    expect(nudgePoints([{ x: 10, y: 10 }], 'ArrowLeft', 2)).toEqual([{ x: 8, y: 10 }]);
    expect(nudgePoints([{ x: 0.5, y: 10 }], 'ArrowLeft', 2)).toEqual([{ x: 0, y: 10 }]);
    expect(nudgePoints(triangle, 'a', 2)).toBeNull();
  });

  it('rounds points and writes SVG points', () => {
    expect(roundPoints([{ x: 10.123456, y: 100.00001 }])).toEqual([{ x: 10.1235, y: 100 }]);
    expect(svgPoints(triangle)).toBe('10,10 50,10 30,40');
    expect(tagAnchor([{ x: 30, y: 20 }, { x: 10, y: 5 }, { x: 5, y: 5 }])).toEqual({ x: 5, y: 5 });
  });
});
