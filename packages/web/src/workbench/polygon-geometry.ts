/**
 * Polygon geometry for the image workbench, in percent of the image like boxes (box-geometry.ts). Label
 * Studio stores a polygon as `points: [[x, y], …]`, the ring implicitly closed; here points are `{x, y}`
 * while editing and turned into pairs only when stored.
 */
import { clampPercent, type Point, type ScreenRect } from './box-geometry.ts';

/** Screen pixels within which a click on the first point closes the polygon being drawn. */
export const CLOSE_RADIUS_PX = 10;

export function pointsFromPairs(pairs: readonly (readonly [number, number])[]): Point[] {
  return pairs.map(([x, y]) => ({ x, y }));
}

export function pairsFromPoints(points: readonly Point[]): [number, number][] {
  return points.map((p) => [p.x, p.y]);
}

/** Area by the shoelace formula (percent²); zero when all points are on one line, which core rejects. */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  points.forEach((p, i) => {
    const next = points[(i + 1) % points.length] ?? p;
    twice += p.x * next.y - next.x * p.y;
  });
  return Math.abs(twice) / 2;
}

/** Whether the points drawn so far make a polygon core accepts: three corners or more, and some area. */
export function canClosePolygon(points: readonly Point[]): boolean {
  return points.length >= 3 && polygonArea(points) > 0;
}

/** Whether an open path can be stored: two points or more, not all in one place (core rejects a path without length). */
export function canFinishPolyline(points: readonly Point[]): boolean {
  return points.length >= 2 && points.some((p) => p.x !== points[0]!.x || p.y !== points[0]!.y);
}

/**
 * Whether a click at `at` (percent) lands on the first point of the polygon being drawn, judged in screen
 * pixels (`rect` is the image on screen) so the target is as easy to hit at any zoom.
 */
export function closesPolygon(points: readonly Point[], at: Point, rect: ScreenRect, radiusPx = CLOSE_RADIUS_PX): boolean {
  const first = points[0];
  if (!first || !canClosePolygon(points)) return false;
  const dx = ((at.x - first.x) / 100) * rect.width;
  const dy = ((at.y - first.y) / 100) * rect.height;
  return Math.hypot(dx, dy) <= radiusPx;
}

/**
 * Whether a new point repeats the last one on screen (a double click, a twitch): adding it would give a
 * zero-length edge that nobody meant.
 */
export function repeatsLastPoint(points: readonly Point[], at: Point, rect: ScreenRect, minPixels = 3): boolean {
  const last = points[points.length - 1];
  if (!last) return false;
  return Math.hypot(((at.x - last.x) / 100) * rect.width, ((at.y - last.y) / 100) * rect.height) < minPixels;
}

/** The points with one vertex moved to `to` (already clamped to the image by `toPercent`). */
export function moveVertex(points: readonly Point[], index: number, to: Point): Point[] {
  return points.map((p, i) => (i === index ? { x: clampPercent(to.x), y: clampPercent(to.y) } : p));
}

/** Shifts every point by (dx, dy) percent, stopping at the image's edges without changing the shape. */
export function movePoints(points: readonly Point[], dx: number, dy: number): Point[] {
  if (points.length === 0) return [];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const sx = Math.min(100 - Math.max(...xs), Math.max(-Math.min(...xs), dx));
  const sy = Math.min(100 - Math.max(...ys), Math.max(-Math.min(...ys), dy));
  return points.map((p) => ({ x: p.x + sx, y: p.y + sy }));
}

const DECIMALS = 1e4;

/** Rounds to 1/10,000 of a percent, as boxes are, keeping every point inside the image. */
export function roundPoints(points: readonly Point[]): Point[] {
  const r = (v: number) => clampPercent(Math.round(v * DECIMALS) / DECIMALS);
  return points.map((p) => ({ x: r(p.x), y: r(p.y) }));
}

/** Arrow-key nudging of a polygon or a keypoint: `step` percent in the key's direction, kept inside the image. */
export function nudgePoints(points: readonly Point[], key: string, step: number): Point[] | null {
  const delta: Record<string, Point> = { ArrowLeft: { x: -step, y: 0 }, ArrowRight: { x: step, y: 0 }, ArrowUp: { x: 0, y: -step }, ArrowDown: { x: 0, y: step } };
  const d = delta[key];
  return d ? movePoints(points, d.x, d.y) : null;
}

/** The `points` attribute of an SVG polygon or polyline drawn in a 0 0 100 100 viewBox. */
export function svgPoints(points: readonly Point[]): string {
  return points.map((p) => `${p.x},${p.y}`).join(' ');
}

/** Where a polygon's tag goes: its topmost point (leftmost among equals), so the tag sits above the shape. */
export function tagAnchor(points: readonly Point[]): Point {
  let best = points[0] ?? { x: 0, y: 0 };
  for (const p of points) if (p.y < best.y || (p.y === best.y && p.x < best.x)) best = p;
  return best;
}
