/**
 * Checks of a videorectangle item (a tracked box), split from validate-result.ts to keep that file about
 * the dispatch: keyframes inside the video, sorted and unique by frame, boxes inside the picture.
 */
import Type from 'typebox';
import { schemaIssues } from '../validation/validate-schema.js';
import { formatPath, type ValidationIssue } from '../validation/validation-error.js';
import type { VideoKeyframe, VideoRectangleResultItem } from './result.types.js';

const KeyframeShape = Type.Object(
  { frame: Type.Integer(), x: Type.Number(), y: Type.Number(), width: Type.Number(), height: Type.Number(), enabled: Type.Boolean(), time: Type.Number() },
  { additionalProperties: true },
);
const VideoRectangleValueShape = Type.Object(
  { framesCount: Type.Integer(), duration: Type.Number(), sequence: Type.Array(KeyframeShape), labels: Type.Array(Type.String()) },
  { additionalProperties: true },
);

/** How far past 0..100 a coordinate may stray (browsers round percentages), as for image boxes. */
const EDGE_SLACK = 1e-6;

type Segments = (string | number)[];

/**
 * Validates item `i`; `frames` is the task's frame count when its data states one (media intake writes
 * it), which then bounds the keyframes instead of the item's own `framesCount`.
 */
export function checkVideoRectangleItem(
  item: { id: string; from_name: string; to_name: string; value: Record<string, unknown> },
  i: number,
  frames: number | undefined,
  issue: (segments: Segments, message: string) => void,
  add: (issues: ValidationIssue[]) => void,
  checkLabels: (labels: readonly string[], at: Segments) => void,
): VideoRectangleResultItem | undefined {
  const shape = schemaIssues(VideoRectangleValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const { framesCount, duration, sequence, labels } = item.value as unknown as VideoRectangleResultItem['value'];
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
    for (const key of ['x', 'y', 'width', 'height', 'time'] as const) if (!Number.isFinite(k[key])) issue(at(key), `must be a finite number, got ${String(k[key])}`);
    if (k.width <= 0) issue(at('width'), `must be greater than 0 (percent of the video width), got ${k.width}`);
    if (k.height <= 0) issue(at('height'), `must be greater than 0 (percent of the video height), got ${k.height}`);
    if (k.x < -EDGE_SLACK || k.x + Math.max(0, k.width) > 100 + EDGE_SLACK) issue(at('x'), `the box must lie within 0..100 (percent of the video width), got x ${k.x} + width ${k.width}`);
    if (k.y < -EDGE_SLACK || k.y + Math.max(0, k.height) > 100 + EDGE_SLACK) issue(at('y'), `the box must lie within 0..100 (percent of the video height), got y ${k.y} + height ${k.height}`);
    if (k.time < 0) issue(at('time'), `must be ≥ 0 seconds, got ${k.time}`);
  });
  checkLabels(labels, [i, 'value', 'labels']);
  const keep = (k: VideoKeyframe): VideoKeyframe => ({ frame: k.frame, x: k.x, y: k.y, width: k.width, height: k.height, enabled: k.enabled, time: k.time });
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'videorectangle', value: { framesCount, duration, sequence: sequence.map(keep), labels: [...labels] } };
}
