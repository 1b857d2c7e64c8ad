/**
 * Checks of time segments on an audio field and of the per-region answers attached to them (a segment's
 * transcript or speaker), split from validate-result.ts to keep that file about the dispatch.
 *
 * Label Studio's shape: a segment is a `labels` item `{start, end, labels}` in seconds; a per-region
 * answer is an item of a `perRegion` control that carries the segment's `id` (so ids repeat on purpose)
 * and repeats its `start`/`end`.
 */
import Type from 'typebox';
import { schemaIssues } from '../validation/validate-schema.js';
import { formatPath, type ValidationIssue } from '../validation/validation-error.js';
import type { Control, LabelConfig } from '../label-config/label-config.types.js';
import type { AudioSegmentResultItem } from './result.types.js';

const SegmentValueShape = Type.Object({ start: Type.Number(), end: Type.Number(), labels: Type.Array(Type.String()) }, { additionalProperties: true });

/**
 * How far past the clip's stated duration a segment may end, in seconds: the browser's copy (AAC) may
 * decode a few milliseconds longer than the duration intake measured, and a segment dragged to the very
 * end must not be refused for that.
 */
export const SEGMENT_END_SLACK = 0.05;
/** Bounds of a per-region answer equal its segment's up to this (JSON round-trips of floats). */
const BOUND_TOLERANCE = 1e-6;

type Segments = (string | number)[];
interface RawItem {
  id: string;
  from_name: string;
  to_name: string;
  type: string;
  value: Record<string, unknown>;
}

/** True when `control` draws time segments: a labels control on an audio field. */
export function isSegmentControl(config: LabelConfig, control: Control): boolean {
  return control.type === 'labels' && config.fields.some((f) => f.name === control.toName && f.type === 'audio');
}

/** True when `control` answers per segment (transcript, speaker). */
export function isPerRegionControl(control: Control): boolean {
  return (control.type === 'textarea' || control.type === 'choices') && control.perRegion === true;
}

/** The segments of a raw result by id (only well-shaped ones), for linking per-region answers. */
export function segmentBoundsById(config: LabelConfig, items: readonly RawItem[]): Map<string, { toName: string; start: number; end: number }> {
  const segmentControls = new Set(config.controls.filter((c) => isSegmentControl(config, c)).map((c) => c.name));
  const bounds = new Map<string, { toName: string; start: number; end: number }>();
  for (const item of items) {
    if (!segmentControls.has(item.from_name) || item.type !== 'labels') continue;
    const { start, end } = item.value;
    if (typeof start === 'number' && typeof end === 'number' && !bounds.has(item.id)) bounds.set(item.id, { toName: item.to_name, start, end });
  }
  return bounds;
}

/** Validates segment item `i`; `duration` is the clip's length in seconds when the task data states it. */
export function checkAudioSegmentItem(
  item: RawItem,
  i: number,
  duration: number | undefined,
  issue: (segments: Segments, message: string) => void,
  add: (issues: ValidationIssue[]) => void,
  checkLabels: (labels: readonly string[], at: Segments) => void,
): AudioSegmentResultItem | undefined {
  const shape = schemaIssues(SegmentValueShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) {
    add(shape);
    return undefined;
  }
  const { start, end, labels } = item.value as unknown as AudioSegmentResultItem['value'];
  if (!Number.isFinite(start) || start < 0) issue([i, 'value', 'start'], `must be a time ≥ 0 in seconds from the clip's start, got ${start}`);
  if (!Number.isFinite(end) || end <= start) issue([i, 'value', 'end'], `must be greater than start (${start} s): a segment needs some length, got ${end}`);
  else if (duration !== undefined && end > duration + SEGMENT_END_SLACK) issue([i, 'value', 'end'], `must be ≤ ${duration}, the clip's duration in seconds, got ${end}`);
  checkLabels(labels, [i, 'value', 'labels']);
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'labels', value: { start, end, labels: [...labels] } };
}

/**
 * Checks the link of a per-region answer to its segment: the id names a segment on the same field and
 * the bounds, when given, are the segment's. Returns the bounds to store (the segment's).
 */
export function checkRegionLink(
  item: RawItem,
  i: number,
  segments: Map<string, { toName: string; start: number; end: number }>,
  issue: (segments: Segments, message: string) => void,
): { start: number; end: number } | undefined {
  const segment = segments.get(item.id);
  if (segment === undefined || segment.toName !== item.to_name) {
    const known = [...segments].filter(([, s]) => s.toName === item.to_name).map(([id]) => JSON.stringify(id));
    issue([i, 'id'], `a per-region answer carries the id of its segment; no segment on "${item.to_name}" has id ${JSON.stringify(item.id)} (segments: ${known.join(', ') || 'none'})`);
    return undefined;
  }
  for (const key of ['start', 'end'] as const) {
    const given = item.value[key];
    if (given === undefined) continue;
    if (typeof given !== 'number' || Math.abs(given - segment[key]) > BOUND_TOLERANCE) {
      issue([i, 'value', key], `must be ${segment[key]}, the ${key} of segment ${JSON.stringify(item.id)}, got ${JSON.stringify(given)}`);
    }
  }
  return { start: segment.start, end: segment.end };
}
