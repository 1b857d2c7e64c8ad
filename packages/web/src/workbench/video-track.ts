/**
 * Pure helpers of the video workbench: frames ↔ times through the frame index, and editing tracks
 * (Label Studio's videorectangle items) keyframe by keyframe. Frames are 1-based, as in the stored result.
 */
import { interpolateTrack, setKeyframe, type AnnotationResult, type VideoKeyframe, type VideoRectangleResultItem } from '@yungang/core';
import type { Box } from './box-geometry.ts';

/** Every frame's time in seconds (the server's frame index), or evenly spaced at 1/fps when there is none. */
export function evenTimes(frames: number, fps: number): number[] {
  return Array.from({ length: Math.max(0, frames) }, (_, i) => i / fps);
}

/**
 * The frame shown at `time`: the last frame that starts at or before it. A small tolerance absorbs the
 * rounding of `currentTime` (browsers report it in microseconds or coarser).
 */
export function frameAt(times: readonly number[], time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let at = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= time + 1e-4) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at + 1;
}

/**
 * Where to seek to show `frame`: the middle of its display interval, not its first instant, so a decoder
 * that rounds the requested time either way still lands on it.
 */
export function seekTime(times: readonly number[], frame: number, fps: number): number {
  const i = Math.min(Math.max(frame, 1), times.length) - 1;
  const start = times[i] ?? 0;
  const end = times[i + 1] ?? start + 1 / fps;
  return (start + end) / 2;
}

/** `frame` moved by `delta`, kept within 1..frames. */
export function stepFrame(frame: number, delta: number, frames: number): number {
  return Math.min(Math.max(frame + delta, 1), Math.max(frames, 1));
}

/** The tracks on one video field, in the order they were drawn. */
export function tracksOn(result: AnnotationResult, field: string): VideoRectangleResultItem[] {
  return result.filter((r): r is VideoRectangleResultItem => r.type === 'videorectangle' && r.to_name === field);
}

/** The box a track shows on `frame`, or null where it is hidden. */
export function boxAt(track: VideoRectangleResultItem, frame: number): Box | null {
  return interpolateTrack(track.value.sequence, frame);
}

/** A new track with one keyframe. */
export function newTrack(id: string, control: string, field: string, label: string, video: { frames: number; duration: number }, frame: number, time: number, box: Box): VideoRectangleResultItem {
  return { id, from_name: control, to_name: field, type: 'videorectangle', value: { framesCount: video.frames, duration: video.duration, sequence: [keyframe(frame, time, box, true)], labels: [label] } };
}

/** The track with a keyframe placed on `frame` (replacing one there): moving or resizing a box on a frame pins it there. */
export function withKeyframe(track: VideoRectangleResultItem, frame: number, time: number, box: Box, enabled = true): VideoRectangleResultItem {
  // A keyframe already there keeps its (mutable) attribute values.
  const old = track.value.sequence.find((k) => k.frame === frame);
  const key = keyframe(frame, time, box, enabled);
  return { ...track, value: { ...track.value, sequence: setKeyframe(track.value.sequence, old?.attributes ? { ...key, attributes: old.attributes } : key) } };
}

/** The track without its keyframe on `frame`; null when that was its last one (the track goes). */
export function withoutKeyframe(track: VideoRectangleResultItem, frame: number): VideoRectangleResultItem | null {
  const sequence = track.value.sequence.filter((k) => k.frame !== frame);
  if (sequence.length === track.value.sequence.length) return track;
  return sequence.length === 0 ? null : { ...track, value: { ...track.value, sequence } };
}

/** The keyframe after (`+1`) or before (`-1`) `frame`, or null. */
export function neighbourKeyframe(sequence: readonly { frame: number }[], frame: number, direction: 1 | -1): number | null {
  const frames = sequence.map((k) => k.frame);
  const found = direction === 1 ? frames.find((f) => f > frame) : frames.filter((f) => f < frame).pop();
  return found ?? null;
}

/** Replaces the item with the same id, or appends it; a result that already holds it unchanged is returned as is. */
export function upsertTrack(result: AnnotationResult, track: AnnotationResult[number]): AnnotationResult {
  const index = result.findIndex((r) => r.id === track.id);
  if (index === -1) return [...result, track];
  if (result[index] === track) return result;
  return result.map((r, i) => (i === index ? track : r));
}

function keyframe(frame: number, time: number, box: Box, enabled: boolean): VideoKeyframe {
  return { frame, x: box.x, y: box.y, width: box.width, height: box.height, enabled, time: Math.round(time * 1e6) / 1e6 };
}
