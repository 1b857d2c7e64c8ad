/**
 * Clipping label geometry to an axis-aligned window (the output canvas after a crop).
 *
 * Polygons use Sutherland–Hodgman, which is exact for a convex clip window such as a rectangle. A concave
 * polygon that the window cuts into several pieces comes back as one ring joined along the window's edge
 * (zero-width bridges); its area and outline inside the window are still exact, which is what training
 * masks and IoU need. Polylines are cut segment by segment (Liang–Barsky) and may fall apart into pieces.
 */
import type { Point } from '../metrics/geometry/polygon.js';

/** A window `[minX, maxX] x [minY, maxY]`. */
export interface ClipWindow {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

type Edge = { inside: (p: Point) => boolean; cut: (a: Point, b: Point) => Point };

function edges(w: ClipWindow): Edge[] {
  // Where segment a→b crosses the line; only called when a and b are on opposite sides, so no 0/0.
  const atX = (x: number) => (a: Point, b: Point): Point => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  const atY = (y: number) => (a: Point, b: Point): Point => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
  return [
    { inside: (p) => p[0] >= w.minX, cut: atX(w.minX) },
    { inside: (p) => p[0] <= w.maxX, cut: atX(w.maxX) },
    { inside: (p) => p[1] >= w.minY, cut: atY(w.minY) },
    { inside: (p) => p[1] <= w.maxY, cut: atY(w.maxY) },
  ];
}

/**
 * The part of the closed ring `points` inside `window` (Sutherland–Hodgman); an empty array when nothing
 * is left. Consecutive duplicate vertices produced at corners are removed.
 *
 * @example clipPolygon([[-1, 0], [1, 0], [1, 1], [-1, 1]], { minX: 0, minY: 0, maxX: 2, maxY: 2 }) // [[0,0],[1,0],[1,1],[0,1]]
 */
export function clipPolygon(points: readonly Point[], window: ClipWindow): Point[] {
  let ring: Point[] = [...points];
  for (const edge of edges(window)) {
    if (ring.length === 0) break;
    const next: Point[] = [];
    for (let i = 0; i < ring.length; i++) {
      const current = ring[i] as Point;
      const previous = ring[(i + ring.length - 1) % ring.length] as Point;
      const inCurrent = edge.inside(current);
      const inPrevious = edge.inside(previous);
      if (inCurrent) {
        if (!inPrevious) next.push(edge.cut(previous, current));
        next.push(current);
      } else if (inPrevious) {
        next.push(edge.cut(previous, current));
      }
    }
    ring = next;
  }
  const out: Point[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

/**
 * The parts of the open path `points` inside `window`, each a path of at least two points, in drawing
 * order. A path that leaves the window and comes back yields several parts.
 */
export function clipPolyline(points: readonly Point[], window: ClipWindow): Point[][] {
  const parts: Point[][] = [];
  let current: Point[] = [];
  const close = (): void => {
    if (current.length >= 2) parts.push(current);
    current = [];
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const piece = clipSegment(points[i] as Point, points[i + 1] as Point, window);
    if (piece === null) {
      close();
      continue;
    }
    const [a, b] = piece;
    const last = current[current.length - 1];
    if (last === undefined || last[0] !== a[0] || last[1] !== a[1]) {
      close();
      current.push(a);
    }
    current.push(b);
    // The segment left the window before its end: the next segment starts outside.
    const end = points[i + 1] as Point;
    if (b[0] !== end[0] || b[1] !== end[1]) close();
  }
  close();
  return parts;
}

/** Liang–Barsky: the part of segment a→b inside `window`, or null. */
function clipSegment(a: Point, b: Point, w: ClipWindow): [Point, Point] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const checks: [number, number][] = [
    [-dx, a[0] - w.minX],
    [dx, w.maxX - a[0]],
    [-dy, a[1] - w.minY],
    [dy, w.maxY - a[1]],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return null;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return null;
      if (r < t1) t1 = r;
    }
  }
  const at = (t: number): Point => (t === 0 ? a : t === 1 ? b : [a[0] + t * dx, a[1] + t * dy]);
  const start = at(t0);
  const end = at(t1);
  if (start[0] === end[0] && start[1] === end[1]) return null;
  return [start, end];
}
