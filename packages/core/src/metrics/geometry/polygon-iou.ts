/**
 * IoU of simple polygons computed exactly (up to floating point) from the geometry. pycocotools instead
 * rasterises polygons to RLE masks on the pixel grid before comparing them (`segm` evaluation), so its
 * numbers differ slightly from these, most for small or thin shapes; see docs/quality/geometry.md.
 */
import type { Polygon } from './polygon.js';
import { doubleSignedArea, toPoints } from './polygon.js';
import { intersectionAreaOfRings } from './polygon-intersection.js';

/**
 * Area of the intersection of two simple polygons (convex or not, either winding).
 *
 * @example polygonIntersectionArea([0, 0, 2, 0, 2, 2, 0, 2], [[1, 1], [3, 1], [3, 3], [1, 3]]) // 1
 */
export function polygonIntersectionArea(a: Polygon, b: Polygon): number {
  return intersectionAreaOfRings(toPoints(a, 'a'), toPoints(b, 'b'));
}

/**
 * Intersection over union of two simple polygons, each as `[x, y]` points or a flat COCO list
 * `[x1, y1, x2, y2, …]`; in [0, 1], and 0 when the union has no area.
 *
 * @example polygonIoU([0, 0, 2, 0, 2, 2, 0, 2], [[1, 0], [3, 0], [3, 2], [1, 2]]) // 2 / 6 = 1/3
 */
export function polygonIoU(a: Polygon, b: Polygon): number {
  const ra = toPoints(a, 'a');
  const rb = toPoints(b, 'b');
  const areaA = ra.length < 3 ? 0 : Math.abs(doubleSignedArea(relative(ra))) / 2;
  const areaB = rb.length < 3 ? 0 : Math.abs(doubleSignedArea(relative(rb))) / 2;
  const intersection = intersectionAreaOfRings(ra, rb);
  const union = areaA + areaB - intersection;
  return union > 0 ? Math.min(1, intersection / union) : 0;
}

// Areas are taken relative to the first vertex, as in polygonArea, to keep the products small.
function relative(ring: ReturnType<typeof toPoints>): ReturnType<typeof toPoints> {
  const [ox, oy] = ring[0] ?? [0, 0];
  return ring.map(([x, y]) => [x - ox, y - oy] as const);
}
