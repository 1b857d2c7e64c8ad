/**
 * The neutral track model the video formats (MOT, CVAT for video) read into and write from, and its
 * mapping to our track results. A track is a label, a kind (box, polygon, points) and keyframes in
 * percent of the frame, frames 1-based; `enabled: false` on a keyframe means the object is last seen
 * there (our results' rule). Attribute values arrive as the file's strings, per keyframe; the project's
 * control declarations decide which are track-wide (the first keyframe's value) and which are mutable.
 */
import type { AnnotationResult, ResultItem } from '../annotation/result.types.js';
import type { TrackAttributeValues } from '../annotation/video-result.types.js';
import type { LabelConfig, TrackAttribute, VideoKeyPointControl, VideoPolygonControl, VideoRectangleControl } from '../label-config/label-config.types.js';
import { attributesAt } from '../video/point-track.js';
import type { ImageSize } from './image-size.js';
import type { FormatIssue } from './shapes.js';

export type TrackKind = 'box' | 'polygon' | 'points';

export interface TrackKey {
  frame: number;
  enabled: boolean;
  /** Percent of the frame; for kind `box`. */
  box?: { x: number; y: number; width: number; height: number };
  /** Percent of the frame; for kinds `polygon` and `points`. */
  points?: [number, number][];
  /** Attribute values as the file writes them (strings), or on export the values in force here. */
  attributes?: Record<string, string>;
}

export interface FormatTrack {
  kind: TrackKind;
  label: string;
  /** Where the track is in its file, for messages. */
  where: string;
  keys: TrackKey[];
  /** A model's confidence, when the file carries one. */
  score?: number;
}

/** One video of a foreign file: its name, what the file says about it, its tracks. */
export interface FormatVideo {
  name: string;
  size?: ImageSize;
  /** Frames of the video (the last 1-based frame a track may use). */
  frames?: number;
  fps?: number;
  tracks: FormatTrack[];
}

export interface VideoDataset {
  videos: FormatVideo[];
  skipped: string[];
}

/** Frame rate assumed when a file states none (CVAT XML); only keyframe times and the duration depend on it. */
export const DEFAULT_FPS = 25;

const CONTROL_OF_KIND = { box: 'videorectangle', polygon: 'videopolygon', points: 'videokeypoint' } as const;
type TrackControl = VideoRectangleControl | VideoPolygonControl | VideoKeyPointControl;

/** The track control types a project has for each kind, for export metadata and import matching. */
export function trackControls(config: LabelConfig): TrackControl[] {
  return config.controls.filter((c): c is TrackControl => c.type === 'videorectangle' || c.type === 'videopolygon' || c.type === 'videokeypoint');
}

/**
 * A video's tracks → result items of the project's track controls, matched by kind and label (a box
 * track goes to the videorectangle control with its label, and so on). A label no control of that kind
 * has is an issue with the track's place. Boxes reaching past the frame (MOT boxes of people walking out)
 * are cut at its edges, and attribute names the control does not declare are left out; both reported.
 */
export function tracksToResult(tracks: readonly FormatTrack[], config: LabelConfig, video: { frames: number; fps: number }, idPrefix = 't'): { result: AnnotationResult; issues: FormatIssue[]; skipped: string[] } {
  const controls = trackControls(config);
  const result: ResultItem[] = [];
  const issues: FormatIssue[] = [];
  const skipped: string[] = [];
  let clipped = 0;
  const unknown = new Set<string>();
  for (const track of tracks) {
    const type = CONTROL_OF_KIND[track.kind];
    const control = controls.find((c) => c.type === type && c.labels.some((l) => l.value === track.label));
    if (!control) {
      const labels = controls.filter((c) => c.type === type).flatMap((c) => c.labels.map((l) => l.value));
      issues.push({ where: track.where, message: `label ${JSON.stringify(track.label)} is not a label of any ${type} control of this project (labels: ${labels.join(', ') || 'none'})` });
      continue;
    }
    const declared = new Map((control.attributes ?? []).map((a) => [a.name, a]));
    const typed = (a: TrackAttribute, raw: string): string | number => {
      if (a.type !== 'number') return raw;
      const n = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n)) issues.push({ where: track.where, message: `attribute ${JSON.stringify(a.name)} must be a number, got ${JSON.stringify(raw)}` });
      return n;
    };
    const trackValues: TrackAttributeValues = {};
    const keyValues = (key: TrackKey): TrackAttributeValues | undefined => {
      const out: TrackAttributeValues = {};
      for (const [name, raw] of Object.entries(key.attributes ?? {})) {
        const a = declared.get(name);
        if (!a) unknown.add(`${control.name}.${name}`);
        else if (a.mutable === true) out[name] = typed(a, raw);
        else if (!(name in trackValues)) trackValues[name] = typed(a, raw);
      }
      return Object.keys(out).length > 0 ? out : undefined;
    };
    const time = (frame: number): number => (frame - 1) / video.fps;
    const base = { framesCount: video.frames, duration: video.frames / video.fps, labels: [track.label] };
    const id = `${idPrefix}${result.length + 1}`;
    if (track.kind === 'box' && control.type === 'videorectangle') {
      const sequence = track.keys.map((k) => {
        const b = k.box ?? { x: 0, y: 0, width: 0, height: 0 };
        const [x, w] = clip(b.x, b.width);
        const [y, h] = clip(b.y, b.height);
        if (x !== b.x || y !== b.y || w !== b.width || h !== b.height) clipped++;
        const attributes = keyValues(k);
        return { frame: k.frame, x, y, width: w, height: h, enabled: k.enabled, time: time(k.frame), ...(attributes ? { attributes } : {}) };
      });
      result.push({ id, from_name: control.name, to_name: control.toName, type: 'videorectangle', value: { ...base, sequence, ...(Object.keys(trackValues).length > 0 ? { attributes: trackValues } : {}) } });
    } else if (control.type === 'videopolygon' || control.type === 'videokeypoint') {
      const sequence = track.keys.map((k) => {
        const attributes = keyValues(k);
        return { frame: k.frame, points: (k.points ?? []).map(([x, y]): [number, number] => [edge(x), edge(y)]), enabled: k.enabled, time: time(k.frame), ...(attributes ? { attributes } : {}) };
      });
      const value = { ...base, sequence, ...(Object.keys(trackValues).length > 0 ? { attributes: trackValues } : {}) };
      result.push(control.type === 'videopolygon' ? { id, from_name: control.name, to_name: control.toName, type: 'videopolygon', value } : { id, from_name: control.name, to_name: control.toName, type: 'videokeypoint', value });
    }
  }
  if (clipped > 0) skipped.push(`${clipped} box keyframe(s) reaching past the frame cut at its edges`);
  for (const name of unknown) skipped.push(`attribute ${name} not kept (the control does not declare it)`);
  return { result, issues, skipped };
}

/** A box edge pair cut to 0..100 (percent). */
function clip(start: number, extent: number): [number, number] {
  // Untouched inside the frame: (start + extent) − start is not always extent in floating point.
  if (start >= 0 && start + extent <= 100) return [start, extent];
  const a = Math.max(0, start);
  const b = Math.min(100, start + extent);
  return [a, b - a];
}

/** Rounding of tools a hair past the frame moves to the edge; further out stays and fails validation. */
function edge(v: number): number {
  return v < 0 && v >= -1 ? 0 : v > 100 && v <= 101 ? 100 : v;
}

/**
 * A task's track items → neutral tracks for export, with every keyframe carrying the attribute values in
 * force there (track-wide ones and the mutable ones stated so far), as CVAT writes them on each shape.
 */
export function resultTracks(result: AnnotationResult): FormatTrack[] {
  const tracks: FormatTrack[] = [];
  result.forEach((item, n) => {
    if (item.type !== 'videorectangle' && item.type !== 'videopolygon' && item.type !== 'videokeypoint') return;
    const where = `result[${n}]`;
    const kind: TrackKind = item.type === 'videorectangle' ? 'box' : item.type === 'videopolygon' ? 'polygon' : 'points';
    const inForce = (frame: number): Record<string, string> | undefined => {
      const values = { ...(item.value.attributes ?? {}), ...attributesAt(item.value.sequence, frame) };
      return Object.keys(values).length > 0 ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) : undefined;
    };
    for (const label of item.value.labels) {
      const keys: TrackKey[] =
        item.type === 'videorectangle'
          ? item.value.sequence.map((k) => withAttributes({ frame: k.frame, enabled: k.enabled, box: { x: k.x, y: k.y, width: k.width, height: k.height } }, inForce(k.frame)))
          : item.value.sequence.map((k) => withAttributes({ frame: k.frame, enabled: k.enabled, points: k.points.map(([x, y]): [number, number] => [x, y]) }, inForce(k.frame)));
      tracks.push({ kind, label, where, keys });
    }
  });
  return tracks;
}

function withAttributes(key: TrackKey, attributes: Record<string, string> | undefined): TrackKey {
  return attributes ? { ...key, attributes } : key;
}

/** The frame count of a task's video: the task data's `frames` (media intake), else its track items'. */
export function videoFramesOf(data: Record<string, unknown>, result: AnnotationResult): number | undefined {
  if (typeof data.frames === 'number' && data.frames > 0) return data.frames;
  for (const item of result) if ('framesCount' in item.value && typeof item.value.framesCount === 'number') return item.value.framesCount;
  return undefined;
}
