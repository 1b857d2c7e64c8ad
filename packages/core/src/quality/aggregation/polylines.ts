/**
 * Open paths (polylines) drawn by several annotators on one image, in percent of the image. Two paths of
 * the same label match when their symmetric mean distance (`polylineDistance`) is below `radius` percent
 * (2 by default, as for keypoints): closeness = 1 − distance / radius. Fusion keeps clusters drawn by a
 * strict majority of annotators (greedy, complete link, one path per annotator) and represents each by its
 * medoid, the member closest on average to the others: paths have no vertex-wise mean, as polygons have not.
 */
import { polylineDistance } from '../../metrics/geometry/polyline-distance.js';
import { assertDistinctWorkers, compareCodePoints, plurality, resolveMinVotes } from './common.js';
import { clusterByIoU, type MemberRef } from './cluster.js';
import { matchF1 } from './match-f1.js';

export interface PolylineAnnotation {
  worker: string;
  polylines: readonly { points: [number, number][]; label: string }[];
}

export interface FusedPolyline {
  points: [number, number][];
  label: string;
  workers: string[];
  medoid: MemberRef;
}

const DEFAULT_RADIUS = 2;

function closeness(a: readonly [number, number][], b: readonly [number, number][], radius: number): number {
  return Math.max(0, 1 - polylineDistance(a, b) / radius);
}

/** Fuses polylines; a path nobody else drew near enough (with its label) is left out. */
export function fusePolylines(annotations: readonly PolylineAnnotation[], options: { radius?: number; minVotes?: number } = {}): { fused: FusedPolyline[]; unmatched: MemberRef[] } {
  assertDistinctWorkers(annotations, 'fusePolylines');
  const radius = options.radius ?? DEFAULT_RADIUS;
  if (!(radius > 0)) throw new RangeError(`fusePolylines: options.radius must be > 0, got ${radius}`);
  const minVotes = resolveMinVotes(options.minVotes, annotations.length, 'fusePolylines');
  const items = [...annotations]
    .sort((a, b) => compareCodePoints(a.worker, b.worker))
    .flatMap((a) => a.polylines.map((p, index) => ({ worker: a.worker, index, ...p })));
  const cache = new Map<number, number>();
  const similarity = (i: number, j: number): number => {
    const key = i < j ? i * items.length + j : j * items.length + i;
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = items[i]!.label === items[j]!.label ? closeness(items[i]!.points, items[j]!.points, radius) : 0));
    return value;
  };
  const fused: FusedPolyline[] = [];
  const unmatched: MemberRef[] = [];
  for (const cluster of clusterByIoU(items, similarity, Number.MIN_VALUE)) {
    const members = cluster.map((k) => items[k]!);
    if (members.length < minVotes) {
      unmatched.push(...members.map(({ worker, index }) => ({ worker, index })));
      continue;
    }
    let medoid = cluster[0]!;
    let best = -1;
    for (const k of cluster) {
      const others = cluster.filter((o) => o !== k);
      const mean = others.length === 0 ? 1 : others.reduce((s, o) => s + similarity(k, o), 0) / others.length;
      if (mean > best) {
        best = mean;
        medoid = k;
      }
    }
    const votes = new Map<string, number>();
    for (const m of members) votes.set(m.label, (votes.get(m.label) ?? 0) + 1);
    const chosen = items[medoid]!;
    fused.push({ points: chosen.points.map(([x, y]) => [x, y] as [number, number]), label: plurality(votes).label, workers: members.map((m) => m.worker), medoid: { worker: chosen.worker, index: chosen.index } });
  }
  return { fused, unmatched };
}

/** Agreement of two annotators' polylines: F1 of same-label paths matched one-to-one within `radius` percent. */
export function polylineF1(a: readonly { points: [number, number][]; label: string }[], b: readonly { points: [number, number][]; label: string }[], radius = DEFAULT_RADIUS): number {
  return matchF1(a, b, (p, q) => closeness(p.points, q.points, radius), Number.MIN_VALUE);
}
