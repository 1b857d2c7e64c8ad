/**
 * Simple polygons as annotation tools store them. Two spellings are accepted because both are common:
 * an array of `[x, y]` points (Label Studio, GeoJSON rings) and COCO's flat `[x1, y1, x2, y2, …]` list.
 * The ring is implicitly closed; a repeated first point at the end (GeoJSON style) is tolerated.
 */

/** A point `[x, y]`. */
export type Point = readonly [x: number, y: number];

/** A simple polygon: `[x, y]` points, or COCO's flat `[x1, y1, x2, y2, …]`; implicitly closed, either winding. */
export type Polygon = readonly Point[] | readonly number[];

function isFlat(polygon: Polygon): polygon is readonly number[] {
  return typeof polygon[0] === 'number';
}

/**
 * The polygon's vertices as `[x, y]` pairs, with consecutive duplicates and a closing duplicate removed.
 * Throws a RangeError for malformed input (odd flat length, mixed spellings, non-finite numbers).
 *
 * @example toPoints([0, 0, 1, 0, 1, 1]) // [[0, 0], [1, 0], [1, 1]]
 */
export function toPoints(polygon: Polygon, what = 'polygon'): Point[] {
  if (!Array.isArray(polygon as unknown)) throw new RangeError(`${what} must be an array`);
  const raw: Point[] = [];
  if (isFlat(polygon)) {
    if (polygon.length % 2 !== 0) throw new RangeError(`${what} as a flat list must have an even number of values`);
    for (let i = 0; i < polygon.length; i += 2) raw.push([polygon[i] as number, polygon[i + 1] as number]);
  } else {
    for (const p of polygon) {
      if (!Array.isArray(p as unknown) || p.length !== 2) throw new RangeError(`${what} must be [x, y] points or a flat [x1, y1, …] list`);
      raw.push([p[0], p[1]]);
    }
  }
  const points: Point[] = [];
  for (const p of raw) {
    if (typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new RangeError(`${what} coordinates must be finite numbers`);
    }
    const last = points[points.length - 1];
    if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) points.push(p);
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]) points.pop();
  return points;
}

/** Twice the signed area of a ring (shoelace): positive when counter-clockwise in a y-up frame. */
export function doubleSignedArea(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const p = points[j] as Point;
    const q = points[i] as Point;
    sum += p[0] * q[1] - q[0] * p[1];
  }
  return sum;
}

/**
 * Area of a simple polygon by the shoelace formula, whatever its winding; 0 for fewer than three points.
 *
 * @example polygonArea([[0, 0], [4, 0], [4, 3]]) // 6
 */
export function polygonArea(polygon: Polygon): number {
  const points = toPoints(polygon);
  if (points.length < 3) return 0;
  // Shoelace relative to the first vertex keeps the products small for polygons far from the origin.
  const [ox, oy] = points[0] as Point;
  return Math.abs(doubleSignedArea(points.map(([x, y]): Point => [x - ox, y - oy]))) / 2;
}
