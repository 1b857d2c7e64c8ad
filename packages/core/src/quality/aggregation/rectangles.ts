/**
 * Fusion of Label Studio rectangles (percent coordinates, optional rotation) drawn by several annotators:
 * the same rule as `fuseBoxes` (greedy complete-link IoU clusters, at most one rectangle per annotator, a
 * strict majority of annotators to keep a cluster, majority label, mean coordinates), with IoU that
 * understands rotation. The rotation is averaged as an angle (on the circle), so 359° and 1° give 0°.
 */
import { rectangleIoU, type Rectangle } from '../../metrics/geometry/rectangle.js';
import { assertIoUThreshold, clusterByIoU, meanPairwiseIoU, type MemberRef } from './cluster.js';
import { assertDistinctWorkers, compareCodePoints, plurality, resolveMinVotes } from './common.js';
import { matchF1 } from './match-f1.js';

/** One annotator's rectangles on one image. */
export interface RectangleAnnotation {
  worker: string;
  rectangles: readonly { rectangle: Rectangle; label: string }[];
}

/** A fused rectangle with the annotators it came from. */
export interface FusedRectangle {
  rectangle: Rectangle;
  label: string;
  workers: string[];
  /** Mean pairwise IoU of the members (1 for one rectangle). */
  agreement: number;
}

/** Fuses several annotators' rectangles on one image; deterministic in the order of `annotations`. */
export function fuseRectangles(annotations: readonly RectangleAnnotation[], options: { iouThreshold?: number; minVotes?: number } = {}): { fused: FusedRectangle[]; unmatched: MemberRef[] } {
  assertDistinctWorkers(annotations, 'fuseRectangles');
  const threshold = options.iouThreshold ?? 0.5;
  assertIoUThreshold(threshold, 'fuseRectangles');
  const minVotes = resolveMinVotes(options.minVotes, annotations.length, 'fuseRectangles');
  const items = [...annotations]
    .sort((a, b) => compareCodePoints(a.worker, b.worker))
    .flatMap((a) => a.rectangles.map((r, index) => ({ worker: a.worker, index, rectangle: r.rectangle, label: r.label })));
  const iou = (i: number, j: number): number => rectangleIoU(items[i]!.rectangle, items[j]!.rectangle);
  const fused: FusedRectangle[] = [];
  const unmatched: MemberRef[] = [];
  for (const cluster of clusterByIoU(items, iou, threshold)) {
    const members = cluster.map((k) => items[k]!);
    if (members.length < minVotes) {
      unmatched.push(...members.map(({ worker, index }) => ({ worker, index })));
      continue;
    }
    const votes = new Map<string, number>();
    for (const { label } of members) votes.set(label, (votes.get(label) ?? 0) + 1);
    const mean = (pick: (r: Rectangle) => number): number => members.reduce((sum, m) => sum + pick(m.rectangle), 0) / members.length;
    const rectangle: Rectangle = { x: mean((r) => r.x), y: mean((r) => r.y), width: mean((r) => r.width), height: mean((r) => r.height) };
    const rotation = meanAngle(members.map((m) => m.rectangle.rotation ?? 0));
    if (rotation !== 0) rectangle.rotation = rotation;
    fused.push({ rectangle, label: plurality(votes).label, workers: members.map((m) => m.worker), agreement: meanPairwiseIoU(cluster, iou) });
  }
  return { fused, unmatched };
}

/** Circular mean in degrees, in [0, 360); 0 when all are 0 (the common, unrotated case stays exact). */
function meanAngle(degrees: readonly number[]): number {
  if (degrees.every((d) => d % 360 === 0)) return 0;
  const rad = degrees.map((d) => (d * Math.PI) / 180);
  const angle = (Math.atan2(rad.reduce((s, r) => s + Math.sin(r), 0), rad.reduce((s, r) => s + Math.cos(r), 0)) * 180) / Math.PI;
  return (angle + 360) % 360;
}

/**
 * Agreement of two annotators' rectangles: F1 of a greedy one-to-one matching (highest IoU first) of
 * same-label rectangles with IoU ≥ `threshold`. Two empty sets agree fully.
 */
export function rectangleF1(a: readonly { rectangle: Rectangle; label: string }[], b: readonly { rectangle: Rectangle; label: string }[], threshold = 0.5): number {
  return matchF1(a, b, (x, y) => rectangleIoU(x.rectangle, y.rectangle), threshold);
}
