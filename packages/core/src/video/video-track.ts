import type { VideoKeyframe } from '../annotation/result.types.js';

/** A box on one frame, in percent of the video's width and height. */
export interface TrackBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The box a track shows on `frame` (1-based), Label Studio's rules: nothing before the first keyframe; a
 * keyframe's own box on its frame; between two keyframes the linear blend of their boxes, unless the
 * earlier one has `enabled: false` (the object left the picture), which hides the track until the next
 * keyframe; after the last keyframe its box stays, unless it is disabled. `sequence` must be sorted by
 * frame (validateResult guarantees that for stored results); the search is binary, so long tracks stay cheap.
 *
 * @example interpolateTrack([{frame: 1, x: 0, …, enabled: true}, {frame: 11, x: 10, …}], 6) // x = 5
 */
export function interpolateTrack(sequence: readonly VideoKeyframe[], frame: number): TrackBox | null {
  let lo = 0;
  let hi = sequence.length - 1;
  let at = -1;
  // Last keyframe with frame ≤ `frame`.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sequence[mid]!.frame <= frame) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (at < 0) return null;
  const k = sequence[at]!;
  if (k.frame === frame) return boxOf(k);
  if (!k.enabled) return null;
  const next = sequence[at + 1];
  if (!next) return boxOf(k);
  const t = (frame - k.frame) / (next.frame - k.frame);
  return { x: lerp(k.x, next.x, t), y: lerp(k.y, next.y, t), width: lerp(k.width, next.width, t), height: lerp(k.height, next.height, t) };
}

/**
 * The frames (1-based, at most `framesCount`) on which a track shows a box, as [first, last] runs:
 * agreement iterates these instead of every frame of the video.
 */
export function visibleRuns(sequence: readonly { frame: number; enabled: boolean }[], framesCount: number): [number, number][] {
  const runs: [number, number][] = [];
  sequence.forEach((k, i) => {
    const next = sequence[i + 1];
    const last = Math.min(framesCount, !k.enabled ? k.frame : next ? next.frame - 1 : framesCount);
    if (k.frame > framesCount) return;
    const prev = runs[runs.length - 1];
    if (prev && prev[1] >= k.frame - 1) prev[1] = Math.max(prev[1], last);
    else runs.push([k.frame, last]);
  });
  return runs;
}

/** Inserts or replaces the keyframe on `key.frame` (of any track kind), keeping the sequence sorted; returns a new array. */
export function setKeyframe<K extends { frame: number }>(sequence: readonly K[], key: K): K[] {
  const out = sequence.filter((k) => k.frame !== key.frame);
  out.push(key);
  return out.sort((a, b) => a.frame - b.frame);
}

function boxOf(k: VideoKeyframe): TrackBox {
  return { x: k.x, y: k.y, width: k.width, height: k.height };
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}
