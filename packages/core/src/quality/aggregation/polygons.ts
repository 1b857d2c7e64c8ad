/**
 * Fusion of polygons drawn by several annotators on one image: matched across annotators by exact polygon
 * IoU (greedy complete-link clusters, at most one polygon per annotator, see cluster.ts); clusters drawn by
 * fewer than `minVotes` annotators are dropped; each remaining cluster is represented by its medoid and
 * labelled by majority vote.
 *
 * Why the medoid (the member with the highest mean IoU to the other members) and not an average shape:
 * polygons of one object rarely have the same number of vertices, so there is no vertex-wise mean, and a
 * union or intersection is biased large or small. The medoid is a shape an annotator actually drew.
 */
import { polygonIoU } from '../../metrics/geometry/polygon-iou.js';
import { toPoints } from '../../metrics/geometry/polygon.js';
import type { Polygon } from '../../metrics/geometry/polygon.js';
import { assertIoUThreshold, clusterByIoU, meanPairwiseIoU } from './cluster.js';
import type { MemberRef } from './cluster.js';
import { assertDistinctWorkers, assertLabelString, compareCodePoints, plurality, resolveMinVotes } from './common.js';
import { matchF1 } from './match-f1.js';

/** One annotator's polygons on one image: `[[x, y], …]` or COCO's flat `[x1, y1, x2, y2, …]`. */
export interface PolygonAnnotation {
  worker: string;
  polygons: readonly { polygon: Polygon; label: string }[];
}

/** Options of {@link fusePolygons}. */
export interface FusePolygonsOptions {
  /** Polygons match when their IoU is at least this; default 0.5. */
  iouThreshold?: number;
  /** Annotators a cluster needs to be kept; default ⌊annotators/2⌋ + 1 (strict majority). */
  minVotes?: number;
}

/** A fused polygon and its provenance. */
export interface FusedPolygon {
  /** The medoid's polygon, as its annotator gave it. */
  polygon: Polygon;
  /** Which member is the medoid. */
  medoid: MemberRef;
  label: string;
  labelVotes: Record<string, number>;
  labelTie: boolean;
  workers: string[];
  members: MemberRef[];
  /** Mean pairwise IoU of the members (1 for a single polygon). */
  agreement: number;
}

/** Result of {@link fusePolygons}. */
export interface FusePolygonsResult {
  fused: FusedPolygon[];
  /** Polygons in clusters with fewer than `minVotes` annotators, for review. */
  unmatched: MemberRef[];
}

/**
 * Fuses several annotators' polygons on one image. Deterministic: annotators are processed in code-point
 * order of `worker`; a tie for the medoid goes to the first member in that order.
 *
 * @example fusePolygons(annotations).fused[0] // { polygon: …, medoid: { worker: 'b', index: 0 }, label: 'road', … }
 */
export function fusePolygons(annotations: readonly PolygonAnnotation[], options: FusePolygonsOptions = {}): FusePolygonsResult {
  assertDistinctWorkers(annotations, 'fusePolygons');
  const threshold = options.iouThreshold ?? 0.5;
  assertIoUThreshold(threshold, 'fusePolygons');
  const minVotes = resolveMinVotes(options.minVotes, annotations.length, 'fusePolygons');

  const items: (MemberRef & { polygon: Polygon; label: string })[] = [];
  const ordered = annotations.map((a, i) => ({ a, i })).sort((x, y) => compareCodePoints(x.a.worker, y.a.worker));
  for (const { a, i } of ordered) {
    if (!Array.isArray(a.polygons)) throw new TypeError(`fusePolygons: annotations[${i}].polygons must be an array`);
    a.polygons.forEach((entry, j) => {
      const where = `fusePolygons: annotations[${i}].polygons[${j}]`;
      if (entry === null || typeof entry !== 'object') throw new TypeError(`${where} must be { polygon, label }`);
      toPoints(entry.polygon, `${where}.polygon`); // validates the shape with a message naming it
      assertLabelString(entry.label, `${where}.label`);
      items.push({ worker: a.worker, index: j, polygon: entry.polygon, label: entry.label });
    });
  }

  // Polygon IoU is the expensive part; compute each pair once.
  const cache = new Map<number, number>();
  const n = items.length;
  const iou = (i: number, j: number): number => {
    const key = i < j ? i * n + j : j * n + i;
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = polygonIoU((items[i] as (typeof items)[number]).polygon, (items[j] as (typeof items)[number]).polygon)));
    return value;
  };

  const fused: FusedPolygon[] = [];
  const unmatched: MemberRef[] = [];
  for (const cluster of clusterByIoU(items, iou, threshold)) {
    const refs = cluster.map((k) => ({ worker: (items[k] as (typeof items)[number]).worker, index: (items[k] as (typeof items)[number]).index }));
    if (cluster.length < minVotes) {
      unmatched.push(...refs);
      continue;
    }
    let medoid = cluster[0] as number;
    let bestMean = -1;
    for (const k of cluster) {
      const others = cluster.filter((o) => o !== k);
      const mean = others.length === 0 ? 1 : others.reduce((sum, o) => sum + iou(k, o), 0) / others.length;
      if (mean > bestMean) {
        bestMean = mean;
        medoid = k;
      }
    }
    const votes = new Map<string, number>();
    for (const k of cluster) {
      const { label } = items[k] as (typeof items)[number];
      votes.set(label, (votes.get(label) ?? 0) + 1);
    }
    const { label, tied } = plurality(votes);
    const chosen = items[medoid] as (typeof items)[number];
    fused.push({
      polygon: chosen.polygon,
      medoid: { worker: chosen.worker, index: chosen.index },
      label,
      labelVotes: Object.fromEntries(votes),
      labelTie: tied,
      workers: refs.map((r) => r.worker),
      members: refs,
      agreement: meanPairwiseIoU(cluster, iou),
    });
  }
  return { fused, unmatched };
}

/** Agreement of two annotators' polygons: F1 of same-label polygons matched one-to-one at IoU ≥ `threshold`. */
export function polygonF1(a: readonly { points: Polygon; label: string }[], b: readonly { points: Polygon; label: string }[], threshold = 0.5): number {
  return matchF1(a, b, (x, y) => polygonIoU(x.points, y.points), threshold);
}
