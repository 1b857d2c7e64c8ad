import type { TrackAttributeValues, VideoEventResultItem, VideoKeyframe, VideoKeyPointResultItem, VideoPointsKeyframe, VideoPolygonResultItem, VideoRectangleResultItem } from '@yungang/core';

/**
 * Video result items (box, polygon and point tracks, events) read back from the JSON the server sends,
 * for the workbench (a returned or draft annotation), the edit page and the read-only views. Core checked
 * them when they were stored; this only keeps what has the expected shape, dropping malformed keyframes
 * rather than the whole track.
 */

export type VideoResultItem = VideoRectangleResultItem | VideoPolygonResultItem | VideoKeyPointResultItem | VideoEventResultItem;

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function attributesOf(v: Record<string, unknown>): { attributes?: TrackAttributeValues } {
  if (!isRecord(v.attributes)) return {};
  const entries = Object.entries(v.attributes).filter((e): e is [string, string | number] => typeof e[1] === 'string' || isNumber(e[1]));
  return entries.length > 0 ? { attributes: Object.fromEntries(entries) } : {};
}

function labelsOf(v: Record<string, unknown>): string[] {
  return Array.isArray(v.labels) ? v.labels.filter((l): l is string => typeof l === 'string') : [];
}

function boxKeyframe(k: unknown): VideoKeyframe[] {
  if (!isRecord(k) || !isNumber(k.frame) || !isNumber(k.x) || !isNumber(k.y) || !isNumber(k.width) || !isNumber(k.height)) return [];
  return [{ frame: k.frame, x: k.x, y: k.y, width: k.width, height: k.height, enabled: k.enabled !== false, time: isNumber(k.time) ? k.time : 0, ...attributesOf(k) }];
}

function pointsKeyframe(k: unknown): VideoPointsKeyframe[] {
  if (!isRecord(k) || !isNumber(k.frame) || !Array.isArray(k.points)) return [];
  const points = k.points.filter((p): p is [number, number] => Array.isArray(p) && p.length >= 2 && isNumber(p[0]) && isNumber(p[1])).map(([x, y]): [number, number] => [x, y]);
  return [{ frame: k.frame, points, enabled: k.enabled !== false, time: isNumber(k.time) ? k.time : 0, ...attributesOf(k) }];
}

/** The video item `type`/`value` describe, or null when it is no video item (or not one of the expected shape). */
export function videoItemFromJson(id: string, fromName: string, toName: string, type: unknown, v: Record<string, unknown>): VideoResultItem | null {
  const head = { id, from_name: fromName, to_name: toName };
  if (type === 'videoevents') return isNumber(v.start) && isNumber(v.end) ? { ...head, type, value: { start: v.start, end: v.end, labels: labelsOf(v) } } : null;
  if (type !== 'videorectangle' && type !== 'videopolygon' && type !== 'videokeypoint') return null;
  if (!Array.isArray(v.sequence)) return null;
  const track = { framesCount: isNumber(v.framesCount) ? v.framesCount : 0, duration: isNumber(v.duration) ? v.duration : 0, labels: labelsOf(v), ...attributesOf(v) };
  if (type === 'videorectangle') return { ...head, type, value: { ...track, sequence: v.sequence.flatMap(boxKeyframe) } };
  return { ...head, type, value: { ...track, sequence: v.sequence.flatMap(pointsKeyframe) } };
}
