/**
 * Keypoints placed by several annotators on one image (percent coordinates). Two points of the same label
 * "match" when they are within `radius` percent of each other (Euclidean, in percent units; 2 by default,
 * about a fingertip on a phone photo). Fusion keeps, per label, clusters of points from a strict majority
 * of annotators (greedy: closest pairs first, complete link, one point per annotator) at their mean.
 */
import { assertDistinctWorkers, compareCodePoints, resolveMinVotes } from './common.js';
import { clusterByIoU, type MemberRef } from './cluster.js';
import { matchF1 } from './match-f1.js';

export interface KeypointAnnotation {
  worker: string;
  points: readonly { x: number; y: number; label: string }[];
}

export interface FusedKeypoint {
  x: number;
  y: number;
  label: string;
  workers: string[];
}

const DEFAULT_RADIUS = 2;

/** Closeness in [0, 1]: 1 at the same place, 0 at `radius` or farther, linear between. */
function closeness(a: { x: number; y: number }, b: { x: number; y: number }, radius: number): number {
  return Math.max(0, 1 - Math.hypot(a.x - b.x, a.y - b.y) / radius);
}

/** Fuses keypoints; a point nobody else placed near enough (or of another label) is left out. */
export function fuseKeypoints(annotations: readonly KeypointAnnotation[], options: { radius?: number; minVotes?: number } = {}): { fused: FusedKeypoint[]; unmatched: MemberRef[] } {
  assertDistinctWorkers(annotations, 'fuseKeypoints');
  const radius = options.radius ?? DEFAULT_RADIUS;
  if (!(radius > 0)) throw new RangeError(`fuseKeypoints: options.radius must be > 0, got ${radius}`);
  const minVotes = resolveMinVotes(options.minVotes, annotations.length, 'fuseKeypoints');
  const items = [...annotations]
    .sort((a, b) => compareCodePoints(a.worker, b.worker))
    .flatMap((a) => a.points.map((p, index) => ({ worker: a.worker, index, ...p })));
  // A "similarity" that is 0 across labels keeps clusters single-label; any closeness > 0 links.
  const similarity = (i: number, j: number): number => (items[i]!.label === items[j]!.label ? closeness(items[i]!, items[j]!, radius) : 0);
  const fused: FusedKeypoint[] = [];
  const unmatched: MemberRef[] = [];
  for (const cluster of clusterByIoU(items, similarity, Number.MIN_VALUE)) {
    const members = cluster.map((k) => items[k]!);
    if (members.length < minVotes) {
      unmatched.push(...members.map(({ worker, index }) => ({ worker, index })));
      continue;
    }
    const mean = (pick: (m: (typeof members)[number]) => number) => members.reduce((s, m) => s + pick(m), 0) / members.length;
    fused.push({ x: mean((m) => m.x), y: mean((m) => m.y), label: members[0]!.label, workers: members.map((m) => m.worker) });
  }
  return { fused, unmatched };
}

/** Agreement of two annotators' keypoints: F1 of same-label points matched one-to-one within `radius`. */
export function keypointF1(a: readonly { x: number; y: number; label: string }[], b: readonly { x: number; y: number; label: string }[], radius = DEFAULT_RADIUS): number {
  return matchF1(a, b, (p, q) => closeness(p, q, radius), Number.MIN_VALUE);
}
