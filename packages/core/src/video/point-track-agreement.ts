/**
 * Agreement of polygon and point tracks, by the box tracks' rule (`trackIoU`): the mean per-frame
 * similarity over the union of frames where either track is visible, a frame seen by one only counting 0.
 * Per frame, polygons compare by IoU; point sets by closeness, 1 − distance / 10 % of the frame diagonal
 * (in percent units) averaged over points paired in order, 0 when the counts differ — cheap, and strict
 * enough to tell the same object from another.
 */
import type { VideoPointsKeyframe } from '../annotation/video-result.types.js';
import { polygonIoU } from '../metrics/geometry/polygon-iou.js';
import { matchF1 } from '../quality/aggregation/match-f1.js';
import { interpolatePoints } from './point-track.js';
import { visibleRuns } from './video-track.js';

export interface PointTrack {
  sequence: readonly VideoPointsKeyframe[];
  framesCount: number;
  duration?: number;
  label: string;
  attributes?: Record<string, string | number>;
}

/** Distance (percent units) at which two points count as unrelated: a tenth of the frame's diagonal. */
const POINT_REACH = Math.SQRT2 * 10;

function pointSetCloseness(a: readonly (readonly [number, number])[], b: readonly (readonly [number, number])[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let sum = 0;
  a.forEach(([x, y], i) => {
    const [u, v] = b[i]!;
    sum += Math.max(0, 1 - Math.hypot(x - u, y - v) / POINT_REACH);
  });
  return sum / a.length;
}

/** Mean per-frame similarity of two polygon (`kind: 'polygon'`) or point tracks over the frames either shows. */
export function pointTrackSimilarity(a: PointTrack, b: PointTrack, kind: 'polygon' | 'points'): number {
  const frames = Math.max(a.framesCount, b.framesCount);
  const union = new Set<number>();
  for (const track of [a, b]) for (const [first, last] of visibleRuns(track.sequence, frames)) for (let f = first; f <= last; f++) union.add(f);
  if (union.size === 0) return 1;
  let sum = 0;
  for (const f of union) {
    const pa = interpolatePoints(a.sequence, f);
    const pb = interpolatePoints(b.sequence, f);
    if (pa && pb) sum += kind === 'polygon' ? polygonIoU(pa, pb) : pointSetCloseness(pa, pb);
  }
  return sum / union.size;
}

/** F1 of same-label polygon or point tracks matched one-to-one at similarity ≥ `threshold`. */
export function pointTrackF1(a: readonly PointTrack[], b: readonly PointTrack[], kind: 'polygon' | 'points', threshold = 0.5): number {
  return matchF1(a, b, (x, y) => pointTrackSimilarity(x, y, kind), threshold);
}
