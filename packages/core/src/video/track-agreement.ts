/**
 * Comparing and fusing video tracks (videorectangle results). A track's agreement with another is the
 * mean per-frame box IoU over the union of frames where either shows a box: a frame where only one of
 * them is visible counts 0, so a track that starts late or ends early is penalised for exactly the frames
 * it misses. Tracks of two annotators are matched one-to-one at track IoU ≥ 0.5 (F1), and several
 * annotators' tracks are clustered by track IoU with the medoid standing for its cluster, as for polygons.
 */
import type { VideoKeyframe } from '../annotation/result.types.js';
import { boxIoUUnchecked } from '../metrics/geometry/box-iou.js';
import { clusterByIoU, type MemberRef } from '../quality/aggregation/cluster.js';
import { compareCodePoints, plurality, resolveMinVotes } from '../quality/aggregation/common.js';
import { matchF1 } from '../quality/aggregation/match-f1.js';
import { interpolateTrack, visibleRuns, type TrackBox } from './video-track.js';

/** One labelled track: keyframes sorted by frame, and the video's frame count. */
export interface Track {
  sequence: readonly VideoKeyframe[];
  framesCount: number;
  /** Seconds, as the result item states it; carried through fusion. */
  duration?: number;
  label: string;
  /** The track-wide attribute values, carried through fusion. */
  attributes?: Record<string, string | number>;
}

/** Mean per-frame IoU of two tracks over the frames where either is visible; 1 when neither ever is. */
export function trackIoU(a: Track, b: Track): number {
  const frames = Math.max(a.framesCount, b.framesCount);
  const union = new Set<number>();
  for (const track of [a, b]) for (const [first, last] of visibleRuns(track.sequence, frames)) for (let f = first; f <= last; f++) union.add(f);
  if (union.size === 0) return 1;
  let sum = 0;
  for (const f of union) {
    const boxA = interpolateTrack(a.sequence, f);
    const boxB = interpolateTrack(b.sequence, f);
    if (boxA && boxB) sum += boxIoUUnchecked(asBox(boxA), asBox(boxB));
  }
  return sum / union.size;
}

/** Agreement of two annotators' tracks: F1 of same-label tracks matched one-to-one at track IoU ≥ `threshold`. */
export function trackF1(a: readonly Track[], b: readonly Track[], threshold = 0.5): number {
  return matchF1(a, b, trackIoU, threshold);
}

/** One annotator's tracks on one video. */
export interface TrackAnnotation {
  worker: string;
  tracks: readonly Track[];
}

export interface FusedTrack {
  /** The medoid's track, as its annotator drew it. */
  track: Track;
  label: string;
  workers: string[];
  members: MemberRef[];
}

/**
 * Fuses several annotators' tracks: clusters by track IoU (at most one track per annotator, threshold
 * 0.5), drops clusters drawn by fewer than a strict majority (or `minVotes`), and keeps each cluster's
 * medoid (highest mean track IoU to the other members) with the plurality label. Interpolated keyframe
 * averages would be tracks nobody drew, with keyframes at frames nobody chose.
 */
export function fuseTracks(annotations: readonly TrackAnnotation[], options: { iouThreshold?: number; minVotes?: number } = {}): FusedTrack[] {
  return fuseByMedoid(
    annotations.map((a) => ({ worker: a.worker, items: a.tracks })),
    trackIoU,
    options,
  ).map((f) => ({ track: f.item, label: f.label, workers: f.workers, members: f.members }));
}

/**
 * The fusion behind `fuseTracks`, for any labelled thing with a similarity in [0, 1] (polygon and point
 * tracks, events): cluster at `iouThreshold` (one member per annotator), keep clusters of at least
 * `minVotes` (default a strict majority), each as its medoid with the plurality label.
 */
export function fuseByMedoid<T extends { label: string }>(
  annotations: readonly { worker: string; items: readonly T[] }[],
  similarity: (a: T, b: T) => number,
  options: { iouThreshold?: number; minVotes?: number } = {},
): { item: T; label: string; workers: string[]; members: MemberRef[] }[] {
  const minVotes = resolveMinVotes(options.minVotes, annotations.length, 'fuseTracks');
  const items: (MemberRef & { item: T })[] = [];
  for (const a of [...annotations].sort((x, y) => compareCodePoints(x.worker, y.worker))) a.items.forEach((item, index) => items.push({ worker: a.worker, index, item }));
  const n = items.length;
  const cache = new Map<number, number>();
  const iou = (i: number, j: number): number => {
    const key = i < j ? i * n + j : j * n + i;
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = similarity(items[i]!.item, items[j]!.item)));
    return value;
  };
  const fused: { item: T; label: string; workers: string[]; members: MemberRef[] }[] = [];
  for (const cluster of clusterByIoU(items, iou, options.iouThreshold ?? 0.5)) {
    if (cluster.length < minVotes) continue;
    let medoid = cluster[0]!;
    let best = -1;
    for (const k of cluster) {
      const others = cluster.filter((o) => o !== k);
      const mean = others.length === 0 ? 1 : others.reduce((s, o) => s + iou(k, o), 0) / others.length;
      if (mean > best) {
        best = mean;
        medoid = k;
      }
    }
    const votes = new Map<string, number>();
    for (const k of cluster) votes.set(items[k]!.item.label, (votes.get(items[k]!.item.label) ?? 0) + 1);
    fused.push({ item: items[medoid]!.item, label: plurality(votes).label, workers: cluster.map((k) => items[k]!.worker), members: cluster.map((k) => ({ worker: items[k]!.worker, index: items[k]!.index })) });
  }
  return fused;
}

function asBox(b: TrackBox): [number, number, number, number] {
  return [b.x, b.y, b.width, b.height];
}
