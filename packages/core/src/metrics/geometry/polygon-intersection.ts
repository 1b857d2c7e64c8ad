/**
 * Exact area of the intersection of two simple polygons, convex or not.
 *
 * Sutherland–Hodgman needs a convex clip polygon, so instead we use Green's theorem: the area of a region
 * is ½∮(x dy − y dx) over its counter-clockwise boundary, and the boundary of A ∩ B is made of the parts of
 * A's edges that lie inside B plus the parts of B's edges that lie inside A (both rings turned
 * counter-clockwise). So we cut every edge of one polygon where it meets the other polygon's edges, keep
 * the pieces whose midpoint is inside the other polygon, and add up their contributions. No intersection
 * polygon is built, so there are no degenerate outputs to repair (touching vertices, several components,
 * slivers) and the cost is O(n·m) for polygons of n and m vertices in the usual case.
 *
 * Pieces lying on the other polygon's boundary (shared edges) are decided explicitly rather than by a
 * point-in-polygon test, which would be arbitrary there: a piece shared with the same direction bounds
 * A ∩ B and is counted once (from A's side); one shared with opposite directions separates A from B and
 * bounds nothing, so it is not counted.
 */
import type { Point } from './polygon.js';
import { doubleSignedArea } from './polygon.js';

// Segments closer than this (relative to the size of the pair of polygons) count as touching or as lying
// on one line. Annotation coordinates are pixels with a few decimals, far coarser than this.
const RELATIVE_TOLERANCE = 1e-10;

interface Overlap {
  from: number;
  to: number;
  sameDirection: boolean;
}

function cross(ax: number, ay: number, bx: number, by: number): number {
  return ax * by - ay * bx;
}

/** Even-odd (crossing number) test; only called for points off the other ring's boundary. */
function isInside(x: number, y: number, ring: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Point;
    const [xj, yj] = ring[j] as Point;
    if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside;
  }
  return inside;
}

/** Distance from (x, y) to the line through p with direction (dx, dy) of length `length`. */
function lineDistance(x: number, y: number, p: Point, dx: number, dy: number, length: number): number {
  return Math.abs(cross(dx, dy, x - p[0], y - p[1])) / length;
}

/**
 * Twice the ∮(x dy − y dx) contribution of the pieces of `ring`'s edges that bound the intersection with
 * `other`. `countShared` says whether same-direction shared pieces are counted from this side.
 */
function boundaryContribution(ring: readonly Point[], other: readonly Point[], tolerance: number, countShared: boolean): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i] as Point;
    const q = ring[(i + 1) % ring.length] as Point;
    const dx = q[0] - p[0];
    const dy = q[1] - p[1];
    const length = Math.hypot(dx, dy);
    if (length === 0) continue;
    const cuts = [0, 1];
    const overlaps: Overlap[] = [];
    for (let j = 0; j < other.length; j++) {
      const r = other[j] as Point;
      const s = other[(j + 1) % other.length] as Point;
      // Cheap rejection: the two segments' bounding boxes (widened by the tolerance) are disjoint.
      if (Math.max(r[0], s[0]) < Math.min(p[0], q[0]) - tolerance || Math.min(r[0], s[0]) > Math.max(p[0], q[0]) + tolerance) continue;
      if (Math.max(r[1], s[1]) < Math.min(p[1], q[1]) - tolerance || Math.min(r[1], s[1]) > Math.max(p[1], q[1]) + tolerance) continue;
      const ex = s[0] - r[0];
      const ey = s[1] - r[1];
      const otherLength = Math.hypot(ex, ey);
      if (otherLength === 0) continue;
      const denominator = cross(dx, dy, ex, ey);
      // Symmetric in the two segments, so both passes agree on which pairs are collinear.
      const collinear =
        lineDistance(r[0], r[1], p, dx, dy, length) <= tolerance &&
        lineDistance(s[0], s[1], p, dx, dy, length) <= tolerance &&
        lineDistance(p[0], p[1], r, ex, ey, otherLength) <= tolerance &&
        lineDistance(q[0], q[1], r, ex, ey, otherLength) <= tolerance;
      if (collinear) {
        const tr = ((r[0] - p[0]) * dx + (r[1] - p[1]) * dy) / (length * length);
        const ts = ((s[0] - p[0]) * dx + (s[1] - p[1]) * dy) / (length * length);
        const from = Math.max(0, Math.min(tr, ts));
        const to = Math.min(1, Math.max(tr, ts));
        if (to > from) {
          cuts.push(from, to);
          overlaps.push({ from, to, sameDirection: dx * ex + dy * ey > 0 });
        }
        continue;
      }
      if (denominator === 0) continue; // parallel, apart
      const wx = r[0] - p[0];
      const wy = r[1] - p[1];
      const t = cross(wx, wy, ex, ey) / denominator;
      const u = cross(wx, wy, dx, dy) / denominator;
      const slackT = tolerance / length;
      const slackU = tolerance / otherLength;
      if (t >= -slackT && t <= 1 + slackT && u >= -slackU && u <= 1 + slackU) cuts.push(Math.min(1, Math.max(0, t)));
    }
    cuts.sort((a, b) => a - b);
    // Each piece's contribution ∫(x dy − y dx) along p + t·d from t0 to t1 is (t1 − t0)·(p × d).
    const edgeMoment = cross(p[0], p[1], dx, dy);
    for (let k = 1; k < cuts.length; k++) {
      const t0 = cuts[k - 1] as number;
      const t1 = cuts[k] as number;
      if (t1 <= t0) continue;
      const mid = (t0 + t1) / 2;
      const shared = overlaps.find((o) => o.from <= mid && mid <= o.to);
      const keep = shared !== undefined ? countShared && shared.sameDirection : isInside(p[0] + dx * mid, p[1] + dy * mid, other);
      if (keep) sum += (t1 - t0) * edgeMoment;
    }
  }
  return sum;
}

/**
 * Area of A ∩ B for simple polygons given as vertex rings (either winding, not closed). Self-intersecting
 * rings are outside the contract: their result is unspecified.
 */
export function intersectionAreaOfRings(a: readonly Point[], b: readonly Point[]): number {
  if (a.length < 3 || b.length < 3) return 0;
  const [minX, minY, maxX, maxY] = bounds([...a, ...b]);
  // Work relative to the pair's corner: the boundary terms x·dy − y·dx then stay as small as the
  // polygons themselves, which keeps cancellation low for polygons far from the origin.
  const shift = (ring: readonly Point[]): Point[] => ring.map(([x, y]): Point => [x - minX, y - minY]);
  let ra = shift(a);
  let rb = shift(b);
  const areaA = doubleSignedArea(ra);
  const areaB = doubleSignedArea(rb);
  if (areaA === 0 || areaB === 0) return 0;
  if (areaA < 0) ra = ra.reverse();
  if (areaB < 0) rb = rb.reverse();
  const [ax0, ay0, ax1, ay1] = bounds(ra);
  const [bx0, by0, bx1, by1] = bounds(rb);
  if (ax1 <= bx0 || bx1 <= ax0 || ay1 <= by0 || by1 <= ay0) return 0; // no interior in common
  const tolerance = RELATIVE_TOLERANCE * Math.max(maxX - minX, maxY - minY);
  const twice = boundaryContribution(ra, rb, tolerance, true) + boundaryContribution(rb, ra, tolerance, false);
  // Rounding can push the sum a hair outside what is geometrically possible.
  return Math.min(Math.max(twice / 2, 0), Math.abs(areaA) / 2, Math.abs(areaB) / 2);
}

/** `[minX, minY, maxX, maxY]` of the points (a loop: spreading huge rings into Math.min overflows the stack). */
function bounds(points: readonly Point[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}
