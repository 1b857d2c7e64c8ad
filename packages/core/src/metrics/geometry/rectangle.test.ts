import { describe, expect, it } from 'vitest';
import { rectangleCorners, rectangleIoU } from './rectangle.js';

describe('rectangleIoU', () => {
  it('equals the COCO box IoU for unrotated rectangles', () => {
    // Worked by hand: overlap 1×2 = 2, union 4 + 4 − 2 = 6.
    expect(rectangleIoU({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 0, width: 2, height: 2 })).toBeCloseTo(1 / 3, 12);
  });

  it('turns about the top-left corner, clockwise on screen (y down)', () => {
    const corners = rectangleCorners({ x: 10, y: 10, width: 4, height: 2, rotation: 90 });
    const rounded = corners.map(([x, y]) => [Math.round(x * 1e9) / 1e9, Math.round(y * 1e9) / 1e9]);
    expect(rounded).toEqual([[10, 10], [10, 14], [8, 14], [8, 10]]);
  });

  it('compares a rotated rectangle as a polygon: a square turned 90° about its corner shares only that corner', () => {
    const a = { x: 0, y: 0, width: 2, height: 2 };
    expect(rectangleIoU(a, { ...a, rotation: 360 })).toBeCloseTo(1, 12);
    expect(rectangleIoU(a, { ...a, rotation: 90 })).toBeCloseTo(0, 12);
    // Turned 45°: the diamond (0,0),(√2,√2),(0,2√2),(−√2,√2). Inside the square: its right half (area 2)
    // less the corner above y = 2, a right isosceles triangle with legs 2√2 − 2, so 2 − (2√2 − 2)²/2 = 4√2 − 4.
    const overlap = 4 * Math.SQRT2 - 4;
    expect(rectangleIoU(a, { ...a, rotation: 45 })).toBeCloseTo(overlap / (8 - overlap), 9);
  });
});
