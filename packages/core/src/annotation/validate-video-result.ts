/**
 * Checks of the video items (tracked boxes, polygons and points; events), split from validate-result.ts to
 * keep that file about the dispatch: keyframes inside the video, sorted and unique by frame, shapes inside
 * the picture, attribute values of the declared names and types, events inside the video and exclusive
 * per label unless the control allows overlap.
 */
import Type from 'typebox';
import type { Control, TrackAttribute } from '../label-config/label-config.types.js';
import { schemaIssues } from '../validation/validate-schema.js';
import { formatPath, type ValidationIssue } from '../validation/validation-error.js';
import { overlappingEvents } from '../video/video-events.js';
import type { ResultItem, VideoKeyframe, VideoRectangleResultItem } from './result.types.js';
import type { TrackAttributeValues, VideoEventResultItem, VideoKeyPointResultItem, VideoPointsKeyframe, VideoPolygonResultItem } from './video-result.types.js';

const Attributes = Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])));
const KeyframeShape = Type.Object(
  { frame: Type.Integer(), x: Type.Number(), y: Type.Number(), width: Type.Number(), height: Type.Number(), enabled: Type.Boolean(), time: Type.Number(), attributes: Attributes },
  { additionalProperties: true },
);
const VideoRectangleValueShape = Type.Object(
  { framesCount: Type.Integer(), duration: Type.Number(), sequence: Type.Array(KeyframeShape), labels: Type.Array(Type.String()), attributes: Attributes },
  { additionalProperties: true },
);
const PointsKeyframeShape = Type.Object(
  { frame: Type.Integer(), points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])), enabled: Type.Boolean(), time: Type.Number(), attributes: Attributes },
  { additionalProperties: true },
);
const VideoPointsValueShape = Type.Object(
  { framesCount: Type.Integer(), duration: Type.Number(), sequence: Type.Array(PointsKeyframeShape), labels: Type.Array(Type.String()), attributes: Attributes },
  { additionalProperties: true },
);
const VideoEventValueShape = Type.Object({ start: Type.Integer(), end: Type.Integer(), labels: Type.Array(Type.String()) }, { additionalProperties: true });

/** How far past 0..100 a coordinate may stray (browsers round percentages), as for image boxes. */
const EDGE_SLACK = 1e-6;

type Segments = (string | number)[];
type Issue = (segments: Segments, message: string) => void;
type RawItem = { id: string; from_name: string; to_name: string; value: Record<string, unknown> };

/** What every video item check needs besides the item. */
export interface VideoCheck {
  /** The task's frame count when its data states one (media intake writes it); it bounds the frames. */
  frames: number | undefined;
  issue: Issue;
  add: (issues: ValidationIssue[]) => void;
  checkLabels: (labels: readonly string[], at: Segments) => void;
  attributes?: readonly TrackAttribute[] | undefined;
}

/** Checks the track-wide part shared by every track kind; returns the last frame allowed. */
function checkTrackFrame(value: { framesCount: number; duration: number; sequence: readonly { frame: number; time: number }[] }, i: number, { frames, issue }: VideoCheck): number {
  const { framesCount, duration, sequence } = value;
  if (framesCount < 1) issue([i, 'value', 'framesCount'], `must be ≥ 1, got ${framesCount}`);
  if (!(duration >= 0) || !Number.isFinite(duration)) issue([i, 'value', 'duration'], `must be a finite number of seconds ≥ 0, got ${duration}`);
  if (frames !== undefined && framesCount !== frames) issue([i, 'value', 'framesCount'], `must be ${frames}, the frame count of the task's video, got ${framesCount}`);
  const last = frames ?? framesCount;
  if (sequence.length === 0) issue([i, 'value', 'sequence'], 'must hold at least one keyframe; omit the item when there is no track');
  sequence.forEach((k, s) => {
    const at = (key: string): Segments => [i, 'value', 'sequence', s, key];
    if (k.frame < 1 || k.frame > last) issue(at('frame'), `must be within 1..${last} (frames of the video, 1 = first), got ${k.frame}`);
    const prev = sequence[s - 1];
    if (prev && k.frame === prev.frame) issue(at('frame'), `duplicate keyframe at frame ${k.frame} (also sequence[${s - 1}])`);
    else if (prev && k.frame < prev.frame) issue(at('frame'), `keyframes must be sorted by frame: ${k.frame} comes after ${prev.frame}`);
    if (!Number.isFinite(k.time)) issue(at('time'), `must be a finite number, got ${String(k.time)}`);
    else if (k.time < 0) issue(at('time'), `must be ≥ 0 seconds, got ${k.time}`);
  });
  return last;
}

/**
 * Attribute values against the control's declarations: track-wide values may name only immutable
 * attributes, keyframe values only mutable ones; numbers for `number`, an option for `choice`. A required
 * attribute needs a track value, or (mutable) a value on the first keyframe.
 */
function checkAttributes(value: { attributes?: TrackAttributeValues; sequence: readonly { attributes?: TrackAttributeValues }[] }, i: number, { attributes, issue }: VideoCheck): void {
  const declared = new Map((attributes ?? []).map((a) => [a.name, a]));
  const names = [...declared.keys()].join(', ') || 'none';
  const checkValues = (values: TrackAttributeValues | undefined, mutable: boolean, at: Segments): void => {
    for (const [name, v] of Object.entries(values ?? {})) {
      const a = declared.get(name);
      if (a === undefined) issue([...at, name], `no attribute named ${JSON.stringify(name)} on this control (attributes: ${names})`);
      else if ((a.mutable === true) !== mutable) issue([...at, name], mutable ? `attribute ${JSON.stringify(name)} is not mutable; give it once for the track (value.attributes)` : `attribute ${JSON.stringify(name)} is mutable; give it on keyframes (sequence[].attributes)`);
      else if (a.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) issue([...at, name], `must be a number, got ${JSON.stringify(v)}`);
      else if (a.type !== 'number' && typeof v !== 'string') issue([...at, name], `must be a string, got ${JSON.stringify(v)}`);
      else if (a.type === 'choice' && !(a.options ?? []).includes(v as string)) issue([...at, name], `${JSON.stringify(v)} is not an option of ${JSON.stringify(name)} (options: ${(a.options ?? []).join(', ')})`);
    }
  };
  checkValues(value.attributes, false, [i, 'value', 'attributes']);
  value.sequence.forEach((k, s) => checkValues(k.attributes, true, [i, 'value', 'sequence', s, 'attributes']));
  for (const a of attributes ?? []) {
    if (a.required !== true) continue;
    const given = a.mutable === true ? value.sequence[0]?.attributes?.[a.name] : value.attributes?.[a.name];
    if (given === undefined || given === '') issue(a.mutable === true ? [i, 'value', 'sequence', 0, 'attributes'] : [i, 'value', 'attributes'], `attribute ${JSON.stringify(a.name)} is required`);
  }
}

const withAttributes = <T extends object>(base: T, attributes: TrackAttributeValues | undefined): T & { attributes?: TrackAttributeValues } => (attributes !== undefined && Object.keys(attributes).length > 0 ? { ...base, attributes: { ...attributes } } : base);

/** Validates videorectangle item `i`. */
export function checkVideoRectangleItem(item: RawItem, i: number, check: VideoCheck): VideoRectangleResultItem | undefined {
  const shape = schemaIssues(VideoRectangleValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    check.add(shape);
    return undefined;
  }
  const value = item.value as unknown as VideoRectangleResultItem['value'];
  const { issue } = check;
  checkTrackFrame(value, i, check);
  value.sequence.forEach((k, s) => {
    const at = (key: string): Segments => [i, 'value', 'sequence', s, key];
    for (const key of ['x', 'y', 'width', 'height'] as const) if (!Number.isFinite(k[key])) issue(at(key), `must be a finite number, got ${String(k[key])}`);
    if (k.width <= 0) issue(at('width'), `must be greater than 0 (percent of the video width), got ${k.width}`);
    if (k.height <= 0) issue(at('height'), `must be greater than 0 (percent of the video height), got ${k.height}`);
    if (k.x < -EDGE_SLACK || k.x + Math.max(0, k.width) > 100 + EDGE_SLACK) issue(at('x'), `the box must lie within 0..100 (percent of the video width), got x ${k.x} + width ${k.width}`);
    if (k.y < -EDGE_SLACK || k.y + Math.max(0, k.height) > 100 + EDGE_SLACK) issue(at('y'), `the box must lie within 0..100 (percent of the video height), got y ${k.y} + height ${k.height}`);
  });
  checkAttributes(value, i, check);
  check.checkLabels(value.labels, [i, 'value', 'labels']);
  const keep = (k: VideoKeyframe): VideoKeyframe => withAttributes({ frame: k.frame, x: k.x, y: k.y, width: k.width, height: k.height, enabled: k.enabled, time: k.time }, k.attributes);
  const { framesCount, duration, sequence, labels } = value;
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'videorectangle', value: withAttributes({ framesCount, duration, sequence: sequence.map(keep), labels: [...labels] }, value.attributes) };
}

/** Validates a videopolygon (≥ 3 vertices per keyframe) or videokeypoint (≥ 1 point) item `i`. */
export function checkVideoPointsItem(type: 'videopolygon' | 'videokeypoint', item: RawItem, i: number, check: VideoCheck): VideoPolygonResultItem | VideoKeyPointResultItem | undefined {
  const shape = schemaIssues(VideoPointsValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    check.add(shape);
    return undefined;
  }
  const value = item.value as unknown as VideoPolygonResultItem['value'];
  const { issue } = check;
  const least = type === 'videopolygon' ? 3 : 1;
  checkTrackFrame(value, i, check);
  value.sequence.forEach((k, s) => {
    const at: Segments = [i, 'value', 'sequence', s, 'points'];
    if (k.points.length < least) issue(at, type === 'videopolygon' ? `a polygon needs at least 3 vertices, got ${k.points.length}` : 'must hold at least one point');
    k.points.forEach(([x, y], p) => {
      if (!Number.isFinite(x) || !Number.isFinite(y)) issue([...at, p], `must be finite numbers, got [${String(x)}, ${String(y)}]`);
      else if (x < -EDGE_SLACK || x > 100 + EDGE_SLACK || y < -EDGE_SLACK || y > 100 + EDGE_SLACK) issue([...at, p], `must lie within 0..100 (percent of the video's width and height), got [${x}, ${y}]`);
    });
  });
  checkAttributes(value, i, check);
  check.checkLabels(value.labels, [i, 'value', 'labels']);
  const keep = (k: VideoPointsKeyframe): VideoPointsKeyframe => withAttributes({ frame: k.frame, points: k.points.map(([x, y]): [number, number] => [x, y]), enabled: k.enabled, time: k.time }, k.attributes);
  const { framesCount, duration, sequence, labels } = value;
  const out = withAttributes({ framesCount, duration, sequence: sequence.map(keep), labels: [...labels] }, value.attributes);
  return type === 'videopolygon' ? { id: item.id, from_name: item.from_name, to_name: item.to_name, type, value: out } : { id: item.id, from_name: item.from_name, to_name: item.to_name, type, value: out };
}

/** Validates videoevents item `i`: frames start ≤ end within the video, exactly one label. */
export function checkVideoEventItem(item: RawItem, i: number, check: VideoCheck): VideoEventResultItem | undefined {
  const shape = schemaIssues(VideoEventValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    check.add(shape);
    return undefined;
  }
  const { start, end, labels } = item.value as unknown as VideoEventResultItem['value'];
  const { issue, frames } = check;
  const last = frames ?? Number.POSITIVE_INFINITY;
  if (start < 1 || start > last) issue([i, 'value', 'start'], `must be within 1..${frames ?? '∞'} (frames of the video, 1 = first), got ${start}`);
  if (end < start) issue([i, 'value', 'end'], `must be ≥ start (${start}), got ${end}`);
  else if (end > last) issue([i, 'value', 'end'], `must be within 1..${last} (frames of the video), got ${end}`);
  if (labels.length > 1) issue([i, 'value', 'labels'], `an event has exactly one label, got ${labels.length}; draw one event per label`);
  check.checkLabels(labels, [i, 'value', 'labels']);
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'videoevents', value: { start, end, labels: [...labels] } };
}

/** After every item is checked: events of one label on one control must not overlap unless allowed. */
export function checkEventOverlaps(controls: readonly Control[], items: readonly ResultItem[], indexOf: (item: ResultItem) => number, issue: Issue): void {
  for (const control of controls) {
    if (control.type !== 'videoevents' || control.allowOverlap === true) continue;
    const events = items.filter((r): r is VideoEventResultItem => r.type === 'videoevents' && r.from_name === control.name);
    const list = events.map((e) => ({ start: e.value.start, end: e.value.end, label: e.value.labels[0] ?? '' }));
    for (const [a, b] of overlappingEvents(list)) {
      const [ea, eb] = [events[a]!, events[b]!];
      issue([indexOf(eb), 'value', 'start'], `events of label ${JSON.stringify(ea.value.labels[0])} overlap: frames ${eb.value.start}..${eb.value.end} and ${ea.value.start}..${ea.value.end} (result[${indexOf(ea)}]); control "${control.name}" does not allow overlap`);
    }
  }
}
