/**
 * Fusion of bounding boxes drawn by several annotators on one image: boxes are matched across annotators
 * by IoU (greedy complete-link clusters, at most one box per annotator, see cluster.ts), clusters drawn by
 * fewer than `minVotes` annotators are dropped, and each remaining cluster becomes one box whose label is
 * the members' majority label and whose coordinates are the members' mean.
 *
 * Why the mean: with unbiased annotators the mean of each edge is the least-squares estimate of that edge;
 * it is simple to explain and to check by hand. (Averaging x, y, width, height is the same as averaging the
 * corners, since x + width averages to mean x + mean width.) Scores, when given, are reported (mean) but do
 * not weight the coordinates: annotators' own confidences are rarely calibrated against each other.
 */
import { assertBox, boxIoUUnchecked } from '../../metrics/geometry/box-iou.js';
import type { Box } from '../../metrics/geometry/box-iou.js';
import { assertIoUThreshold, clusterByIoU, meanPairwiseIoU } from './cluster.js';
import type { MemberRef } from './cluster.js';
import { assertDistinctWorkers, assertLabelString, compareCodePoints, plurality, resolveMinVotes } from './common.js';

/** One annotator's boxes on one image; `box` is `[x, y, width, height]` (COCO). */
export interface BoxAnnotation {
  worker: string;
  boxes: readonly { box: Box; label: string; score?: number }[];
}

/** Options of {@link fuseBoxes}. */
export interface FuseBoxesOptions {
  /** Boxes match when their IoU is at least this; default 0.5. */
  iouThreshold?: number;
  /** Annotators a cluster needs to be kept; default ⌊annotators/2⌋ + 1 (strict majority). */
  minVotes?: number;
}

/** A fused box and its provenance. */
export interface FusedBox {
  box: [x: number, y: number, width: number, height: number];
  label: string;
  /** Members per label. */
  labelVotes: Record<string, number>;
  /** The label vote was tied (the smallest label in code-point order won). */
  labelTie: boolean;
  /** Annotators whose boxes formed the cluster, code-point order. */
  workers: string[];
  /** The boxes that formed the cluster (index into that annotator's `boxes`). */
  members: MemberRef[];
  /** Mean pairwise IoU of the members (1 for a single box): how tightly the annotators agree. */
  agreement: number;
  /** Mean of the members' scores, or null when none has one. */
  score: number | null;
}

/** Result of {@link fuseBoxes}. */
export interface FuseBoxesResult {
  fused: FusedBox[];
  /** Boxes in clusters with fewer than `minVotes` annotators, for review. */
  unmatched: MemberRef[];
}

/**
 * Fuses several annotators' boxes on one image. Deterministic: annotators are processed in code-point
 * order of `worker`, so reordering the input does not change the result.
 *
 * @example fuseBoxes([{ worker: 'a', boxes: [{ box: [0, 0, 10, 10], label: 'cat' }] }, { worker: 'b', boxes: [{ box: [1, 0, 10, 10], label: 'cat' }] }])
 * // fused: [{ box: [0.5, 0, 10, 10], label: 'cat', workers: ['a', 'b'], … }]
 */
export function fuseBoxes(annotations: readonly BoxAnnotation[], options: FuseBoxesOptions = {}): FuseBoxesResult {
  assertDistinctWorkers(annotations, 'fuseBoxes');
  const threshold = options.iouThreshold ?? 0.5;
  assertIoUThreshold(threshold, 'fuseBoxes');
  const minVotes = resolveMinVotes(options.minVotes, annotations.length, 'fuseBoxes');

  const items: (MemberRef & { box: Box; label: string; score: number | undefined })[] = [];
  const ordered = annotations.map((a, i) => ({ a, i })).sort((x, y) => compareCodePoints(x.a.worker, y.a.worker));
  for (const { a, i } of ordered) {
    if (!Array.isArray(a.boxes)) throw new TypeError(`fuseBoxes: annotations[${i}].boxes must be an array`);
    a.boxes.forEach((entry, j) => {
      const where = `fuseBoxes: annotations[${i}].boxes[${j}]`;
      if (entry === null || typeof entry !== 'object') throw new TypeError(`${where} must be { box, label, score? }`);
      assertBox(entry.box, `${where}.box`);
      assertLabelString(entry.label, `${where}.label`);
      if (entry.score !== undefined && !Number.isFinite(entry.score)) throw new RangeError(`${where}.score must be a finite number`);
      items.push({ worker: a.worker, index: j, box: entry.box, label: entry.label, score: entry.score });
    });
  }

  const iou = (i: number, j: number): number => boxIoUUnchecked((items[i] as (typeof items)[number]).box, (items[j] as (typeof items)[number]).box);
  const fused: FusedBox[] = [];
  const unmatched: MemberRef[] = [];
  for (const cluster of clusterByIoU(items, iou, threshold)) {
    const boxes = cluster.map((k) => items[k] as (typeof items)[number]);
    const refs = boxes.map(({ worker, index }) => ({ worker, index }));
    if (boxes.length < minVotes) {
      unmatched.push(...refs);
      continue;
    }
    const votes = new Map<string, number>();
    for (const { label } of boxes) votes.set(label, (votes.get(label) ?? 0) + 1);
    const { label, tied } = plurality(votes);
    const mean = (pick: (b: Box) => number): number => boxes.reduce((sum, { box }) => sum + pick(box), 0) / boxes.length;
    const scores = boxes.map((b) => b.score).filter((s): s is number => s !== undefined);
    fused.push({
      box: [mean((b) => b[0]), mean((b) => b[1]), mean((b) => b[2]), mean((b) => b[3])],
      label,
      labelVotes: Object.fromEntries(votes),
      labelTie: tied,
      workers: refs.map((r) => r.worker),
      members: refs,
      agreement: meanPairwiseIoU(cluster, iou),
      score: scores.length === 0 ? null : scores.reduce((sum, s) => sum + s, 0) / scores.length,
    });
  }
  return { fused, unmatched };
}
