/**
 * Polygon and point tracks (videopolygon, videokeypoint): keyframes hold vertex lists instead of boxes.
 * The visibility rules are the box tracks' (`interpolateTrack`); between two keyframes with the same number
 * of vertices each vertex moves linearly, vertex i to vertex i. When the counts differ there is no honest
 * correspondence (which vertex became which?), so the earlier keyframe's shape is held unchanged until the
 * next keyframe, where the new shape appears — as CVAT shows such tracks.
 */
import type { TrackAttributeValues, VideoPointsKeyframe } from '../annotation/video-result.types.js';

/** The vertices a polygon or point track shows on `frame` (1-based); null when the track is hidden. */
export function interpolatePoints(sequence: readonly VideoPointsKeyframe[], frame: number): [number, number][] | null {
  const at = keyframeAtOrBefore(sequence, frame);
  if (at < 0) return null;
  const k = sequence[at]!;
  if (k.frame === frame) return copy(k.points);
  if (!k.enabled) return null;
  const next = sequence[at + 1];
  if (!next || next.points.length !== k.points.length) return copy(k.points);
  const t = (frame - k.frame) / (next.frame - k.frame);
  return k.points.map(([x, y], i) => {
    const [nx, ny] = next.points[i]!;
    return [x + (nx - x) * t, y + (ny - y) * t];
  });
}

/**
 * The mutable attribute values in force on `frame`: each attribute's value at the last keyframe at or
 * before it that states one (attributes do not interpolate; they change at keyframes).
 */
export function attributesAt(sequence: readonly { frame: number; attributes?: TrackAttributeValues }[], frame: number): TrackAttributeValues {
  const out: TrackAttributeValues = {};
  for (const k of sequence) {
    if (k.frame > frame) break;
    Object.assign(out, k.attributes ?? {});
  }
  return out;
}

/** Index of the last keyframe with frame ≤ `frame` (binary search; -1 when none). */
export function keyframeAtOrBefore(sequence: readonly { frame: number }[], frame: number): number {
  let lo = 0;
  let hi = sequence.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sequence[mid]!.frame <= frame) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at;
}

function copy(points: readonly (readonly [number, number])[]): [number, number][] {
  return points.map(([x, y]) => [x, y]);
}
