/**
 * Label Studio rectangles: `x`, `y`, `width`, `height` in percent of the image, optionally rotated by
 * `rotation` degrees clockwise about the top-left corner (y grows downwards, as on screen). Unrotated
 * rectangles use the COCO box IoU; rotated ones are compared as polygons. Both are computed in the
 * rectangles' own (percent) space, which is exact for unrotated boxes (IoU is unchanged by scaling an axis)
 * and an approximation for rotated boxes on non-square images.
 */
import { boxIoUUnchecked } from './box-iou.js';
import type { Point } from './polygon.js';
import { polygonIoU } from './polygon-iou.js';

/** A rectangle as a result item stores it (labels aside). */
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
}

function isTurned(r: Rectangle): boolean {
  return r.rotation !== undefined && r.rotation % 360 !== 0;
}

/** The four corners, clockwise on screen, starting at the anchor (top-left before rotation). */
export function rectangleCorners(r: Rectangle): Point[] {
  const t = ((r.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const at = (dx: number, dy: number): Point => [r.x + dx * cos - dy * sin, r.y + dx * sin + dy * cos];
  return [at(0, 0), at(r.width, 0), at(r.width, r.height), at(0, r.height)];
}

/**
 * IoU of two rectangles in [0, 1].
 *
 * @example rectangleIoU({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 0, width: 2, height: 2 }) // 1/3
 */
export function rectangleIoU(a: Rectangle, b: Rectangle): number {
  if (!isTurned(a) && !isTurned(b)) return boxIoUUnchecked([a.x, a.y, a.width, a.height], [b.x, b.y, b.width, b.height]);
  return polygonIoU(rectangleCorners(a), rectangleCorners(b));
}
