/**
 * Pure helpers of the video workbench for polygon and point tracks (videopolygon, videokeypoint), events
 * (videoevents) and track attributes. Frames are 1-based; points in percent of the picture.
 */
import { attributesAt, interpolatePoints, interpolateTrack, setKeyframe, type AnnotationResult, type TrackAttribute, type TrackAttributeValues, type VideoEventResultItem, type VideoKeyPointResultItem, type VideoPointsKeyframe, type VideoPolygonResultItem, type VideoRectangleResultItem } from '@yungang/core';
import type { Point } from './box-geometry.ts';

export type PointTrackItem = VideoPolygonResultItem | VideoKeyPointResultItem;
export type AnyTrackItem = VideoRectangleResultItem | PointTrackItem;

/** The polygon and point tracks on one video field, in the order they were drawn. */
export function pointTracksOn(result: AnnotationResult, field: string): PointTrackItem[] {
  return result.filter((r): r is PointTrackItem => (r.type === 'videopolygon' || r.type === 'videokeypoint') && r.to_name === field);
}

/** The events on one video field, by start frame. */
export function eventsOn(result: AnnotationResult, field: string): VideoEventResultItem[] {
  return result.filter((r): r is VideoEventResultItem => r.type === 'videoevents' && r.to_name === field).sort((a, b) => a.value.start - b.value.start || a.value.end - b.value.end);
}

/** The vertices a polygon or point track shows on `frame`, or null where it is hidden. */
export function pointsAt(track: PointTrackItem, frame: number): Point[] | null {
  return interpolatePoints(track.value.sequence, frame)?.map(([x, y]) => ({ x, y })) ?? null;
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;
const pairs = (points: readonly Point[]): [number, number][] => points.map((p) => [round(p.x), round(p.y)]);

/** A new polygon or point track with one keyframe. */
export function newPointTrack(id: string, type: PointTrackItem['type'], control: string, field: string, label: string, video: { frames: number; duration: number }, frame: number, time: number, points: readonly Point[]): PointTrackItem {
  const value = { framesCount: video.frames, duration: video.duration, sequence: [{ frame, points: pairs(points), enabled: true, time: Math.round(time * 1e6) / 1e6 }], labels: [label] };
  return type === 'videopolygon' ? { id, from_name: control, to_name: field, type, value } : { id, from_name: control, to_name: field, type, value };
}

/**
 * The track with a keyframe on `frame` showing `points` (moving a shape or a vertex on a frame pins it
 * there); a keyframe already there keeps its attribute values.
 */
export function withPointKeyframe<T extends PointTrackItem>(track: T, frame: number, time: number, points: readonly Point[], enabled = true): T {
  const old = track.value.sequence.find((k) => k.frame === frame);
  const key: VideoPointsKeyframe = { frame, points: pairs(points), enabled, time: Math.round(time * 1e6) / 1e6, ...(old?.attributes ? { attributes: old.attributes } : {}) };
  return { ...track, value: { ...track.value, sequence: setKeyframe(track.value.sequence, key) } };
}

/** The track without its keyframe on `frame`; null when that was its last one. */
export function withoutPointKeyframe<T extends PointTrackItem>(track: T, frame: number): T | null {
  const sequence = track.value.sequence.filter((k) => k.frame !== frame);
  if (sequence.length === track.value.sequence.length) return track;
  return sequence.length === 0 ? null : { ...track, value: { ...track.value, sequence } };
}

/** The points moved by (dx, dy) percent, or with vertex `index` placed at `to`. */
export function movedPoints(points: readonly Point[], drag: { kind: 'move'; dx: number; dy: number } | { kind: 'vertex'; index: number; to: Point }): Point[] {
  if (drag.kind === 'vertex') return points.map((p, i) => (i === drag.index ? { x: clamp(drag.to.x), y: clamp(drag.to.y) } : p));
  const dx = Math.min(Math.max(drag.dx, -Math.min(...points.map((p) => p.x))), 100 - Math.max(...points.map((p) => p.x)));
  const dy = Math.min(Math.max(drag.dy, -Math.min(...points.map((p) => p.y))), 100 - Math.max(...points.map((p) => p.y)));
  return points.map((p) => ({ x: p.x + dx, y: p.y + dy }));
}

const clamp = (v: number): number => Math.min(100, Math.max(0, v));

/** An attribute's value on `frame`: a mutable one as the keyframes say up to there, a track one from the track. */
export function attributeValue(track: AnyTrackItem, attribute: TrackAttribute, frame: number): string | number | undefined {
  if (attribute.mutable === true) return attributesAt(track.value.sequence as readonly { frame: number; attributes?: TrackAttributeValues }[], frame)[attribute.name];
  return track.value.attributes?.[attribute.name];
}

/**
 * The track with `attribute` set to `value` ('' clears it): on the track for a track-wide attribute; for a
 * mutable one on the keyframe at `frame`, adding one there (with the shape shown there) when there is none.
 */
export function withAttribute<T extends AnyTrackItem>(track: T, attribute: TrackAttribute, value: string, frame: number, time: number): T {
  const typed: string | number | undefined = value === '' ? undefined : attribute.type === 'number' ? Number(value) : value;
  if (typed !== undefined && typeof typed === 'number' && !Number.isFinite(typed)) return track;
  const set = (values: TrackAttributeValues | undefined): TrackAttributeValues | undefined => {
    const next: TrackAttributeValues = { ...(values ?? {}) };
    if (typed === undefined) delete next[attribute.name];
    else next[attribute.name] = typed;
    return Object.keys(next).length > 0 ? next : undefined;
  };
  const strip = <V extends { attributes?: TrackAttributeValues }>(v: V, attributes: TrackAttributeValues | undefined): V => {
    const { attributes: _old, ...rest } = v;
    return (attributes ? { ...rest, attributes } : rest) as V;
  };
  if (attribute.mutable !== true) return { ...track, value: strip(track.value, set(track.value.attributes)) };
  if (track.type === 'videorectangle') {
    const sequence = track.value.sequence;
    const old = sequence.find((k) => k.frame === frame);
    const box = interpolateTrack(sequence, frame);
    if (!old && !box) return track;
    const base = old ?? { frame, ...box!, enabled: true, time: Math.round(time * 1e6) / 1e6 };
    return { ...track, value: { ...track.value, sequence: setKeyframe(sequence, strip(base, set(old?.attributes))) } };
  }
  const sequence = track.value.sequence;
  const old = sequence.find((k) => k.frame === frame);
  const points = interpolatePoints(sequence, frame);
  if (!old && !points) return track;
  const base: VideoPointsKeyframe = old ?? { frame, points: points!, enabled: true, time: Math.round(time * 1e6) / 1e6 };
  return { ...track, value: { ...track.value, sequence: setKeyframe(sequence, strip(base, set(old?.attributes))) } };
}

/** A new event from `a` to `b` (either order), one label. */
export function newEvent(id: string, control: string, field: string, label: string, a: number, b: number): VideoEventResultItem {
  return { id, from_name: control, to_name: field, type: 'videoevents', value: { start: Math.min(a, b), end: Math.max(a, b), labels: [label] } };
}

/** The event with one edge moved to `frame`, kept at least one frame long. */
export function withEventEdge(event: VideoEventResultItem, edge: 'start' | 'end', frame: number): VideoEventResultItem {
  const start = edge === 'start' ? Math.min(frame, event.value.end) : event.value.start;
  const end = edge === 'end' ? Math.max(frame, event.value.start) : event.value.end;
  return { ...event, value: { ...event.value, start, end } };
}
