/**
 * How far apart two open paths are: the symmetric mean distance. Each path is sampled at evenly spaced
 * points along its length; the distance from each sample to the other path is averaged, both ways, and
 * the two means averaged. Unlike the Hausdorff distance, one stray end does not dominate; unlike comparing
 * vertices, two paths drawn with different numbers of points (or in opposite directions) compare fairly.
 * Units are those of the points (percent of the image for results).
 */
import type { Point } from './polygon.js';

/** Samples per path: enough that a sharp bend of a short lane is not skipped, cheap for hundreds of paths. */
const SAMPLES = 32;

function pointToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

/** Distance from a point to the nearest point of a path. */
export function pointToPolyline(p: Point, path: readonly Point[]): number {
  if (path.length === 1) return Math.hypot(p[0] - path[0]![0], p[1] - path[0]![1]);
  let best = Infinity;
  for (let i = 1; i < path.length; i++) best = Math.min(best, pointToSegment(p, path[i - 1]!, path[i]!));
  return best;
}

/** `count` points evenly spaced along the path by arc length, both ends included. */
export function samplePolyline(path: readonly Point[], count = SAMPLES): Point[] {
  if (path.length === 0) throw new RangeError('samplePolyline: the path has no points');
  const lengths = [0];
  for (let i = 1; i < path.length; i++) lengths.push(lengths[i - 1]! + Math.hypot(path[i]![0] - path[i - 1]![0], path[i]![1] - path[i - 1]![1]));
  const total = lengths[lengths.length - 1]!;
  if (total === 0) return [[path[0]![0], path[0]![1]]];
  const out: Point[] = [];
  let segment = 1;
  for (let k = 0; k < count; k++) {
    const at = (total * k) / (count - 1);
    while (segment < path.length - 1 && lengths[segment]! < at) segment++;
    const [a, b] = [path[segment - 1]!, path[segment]!];
    const span = lengths[segment]! - lengths[segment - 1]!;
    const t = span === 0 ? 0 : (at - lengths[segment - 1]!) / span;
    out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
  }
  return out;
}

/** Symmetric mean distance between two paths (0 for the same path, whatever its direction or vertex count). */
export function polylineDistance(a: readonly Point[], b: readonly Point[]): number {
  const oneWay = (from: readonly Point[], to: readonly Point[]): number => {
    const samples = samplePolyline(from);
    return samples.reduce((sum, p) => sum + pointToPolyline(p, to), 0) / samples.length;
  };
  return (oneWay(a, b) + oneWay(b, a)) / 2;
}
