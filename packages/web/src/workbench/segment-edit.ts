import type { AnnotationResult, AudioSegmentResultItem, ChoicesResultItem, ResultItem, TextAreaResultItem } from '@yungang/core';

/**
 * Edits of time segments on an audio field, as pure functions from one result to the next (each one undo
 * step through the workbench history). A segment is a `labels` item in seconds; its transcript and
 * speaker are per-region items carrying the segment's id and bounds (Label Studio's shape), so they move,
 * split and merge with it.
 */

/** Shortest segment the editor makes, in seconds: a split or a nudge never leaves less. */
export const MIN_SEGMENT = 0.02;

/** Times are kept to the millisecond: finer is below what anyone hears, and results stay short. */
export function roundTime(t: number): number {
  return Math.round(t * 1000) / 1000;
}

function isSegment(item: ResultItem): item is AudioSegmentResultItem {
  return item.type === 'labels' && !('text' in item.value);
}

/** The segments of one field, in time order. */
export function segmentsOn(result: AnnotationResult, field: string): AudioSegmentResultItem[] {
  return result.filter((r): r is AudioSegmentResultItem => r.to_name === field && isSegment(r)).sort((a, b) => a.value.start - b.value.start || a.value.end - b.value.end);
}

/** The segment under time `t` on a field (the latest starting one when they overlap), or undefined. */
export function segmentAt(result: AnnotationResult, field: string, t: number): AudioSegmentResultItem | undefined {
  return segmentsOn(result, field)
    .filter((s) => s.value.start <= t && t < s.value.end)
    .pop();
}

/** Adds a segment between two times (in either order), clamped to the clip; none when too short. */
export function addSegment(result: AnnotationResult, a: { id: string; fromName: string; toName: string; from: number; to: number; label: string; duration: number | null }): AnnotationResult {
  const limit = a.duration ?? Number.POSITIVE_INFINITY;
  const start = roundTime(Math.max(0, Math.min(a.from, a.to)));
  const end = roundTime(Math.min(limit, Math.max(a.from, a.to)));
  if (end - start < MIN_SEGMENT) return result;
  return [...result, { id: a.id, from_name: a.fromName, to_name: a.toName, type: 'labels', value: { start, end, labels: [a.label] } }];
}

/** Gives a segment one label. */
export function relabelSegment(result: AnnotationResult, id: string, label: string): AnnotationResult {
  return result.map((r) => (r.id === id && isSegment(r) ? { ...r, value: { ...r.value, labels: [label] } } : r));
}

/** Moves a segment's bounds; its per-region answers follow. Refused (unchanged) when it would vanish or leave the clip. */
export function setBounds(result: AnnotationResult, id: string, start: number, end: number, duration: number | null): AnnotationResult {
  const s = roundTime(Math.max(0, start));
  const e = roundTime(duration === null ? end : Math.min(duration, end));
  if (e - s < MIN_SEGMENT) return result;
  return result.map((r) => (r.id !== id ? r : withBounds(r, s, e)));
}

/** Moves one edge of a segment by `delta` seconds. */
export function nudgeEdge(result: AnnotationResult, id: string, edge: 'start' | 'end', delta: number, duration: number | null): AnnotationResult {
  const segment = result.find((r): r is AudioSegmentResultItem => r.id === id && isSegment(r));
  if (!segment) return result;
  const { start, end } = segment.value;
  return edge === 'start' ? setBounds(result, id, start + delta, end, duration) : setBounds(result, id, start, end + delta, duration);
}

/**
 * Splits a segment at time `at`: it keeps the first part (and its transcript, which cannot be cut by time);
 * the second part is a new segment `newId` with the same label and speaker.
 */
export function splitSegment(result: AnnotationResult, id: string, at: number, newId: string): AnnotationResult {
  const segment = result.find((r): r is AudioSegmentResultItem => r.id === id && isSegment(r));
  if (!segment) return result;
  const cut = roundTime(at);
  const { start, end } = segment.value;
  if (cut - start < MIN_SEGMENT || end - cut < MIN_SEGMENT) return result;
  const second: ResultItem[] = [];
  const next = result.map((r) => {
    if (r.id !== id) return r;
    if (isSegment(r) || r.type === 'choices') second.push(withBounds({ ...r, id: newId }, cut, end));
    return withBounds(r, start, cut);
  });
  // The new part goes right after the old one's items, so the result reads in time order.
  const last = next.reduce((k, r, i) => (r.id === id ? i : k), -1);
  return [...next.slice(0, last + 1), ...second, ...next.slice(last + 1)];
}

/**
 * Merges a segment with the next one on its field that is drawn by the same control: the first takes both
 * spans, both transcripts (joined by `separator`) and keeps its label and speaker; the second goes.
 */
export function mergeWithNext(result: AnnotationResult, id: string, separator: string): AnnotationResult {
  const segment = result.find((r): r is AudioSegmentResultItem => r.id === id && isSegment(r));
  if (!segment) return result;
  const siblings = segmentsOn(result, segment.to_name).filter((s) => s.from_name === segment.from_name);
  const next = siblings[siblings.findIndex((s) => s.id === id) + 1];
  if (!next) return result;
  const start = segment.value.start;
  const end = Math.max(segment.value.end, next.value.end);
  const textOf = (sid: string, control: string) => result.find((r): r is TextAreaResultItem => r.id === sid && r.type === 'textarea' && r.from_name === control)?.value.text.join('\n') ?? '';
  const merged: ResultItem[] = [];
  for (const r of result) {
    if (r.id === next.id) {
      // A transcript only the second segment has moves to the first.
      if (r.type === 'textarea' && !result.some((o) => o.id === id && o.type === 'textarea' && o.from_name === r.from_name)) merged.push(withBounds({ ...r, id }, start, end));
      continue;
    }
    if (r.id !== id) {
      merged.push(r);
      continue;
    }
    if (r.type === 'textarea') {
      const joined = [textOf(id, r.from_name), textOf(next.id, r.from_name)].filter((t) => t !== '').join(separator);
      merged.push({ ...r, value: { text: [joined], start, end } });
    } else merged.push(withBounds(r, start, end));
  }
  return merged;
}

/** Sets (or, with empty text, removes) the per-region text of control `control` on a segment. */
export function setRegionText(result: AnnotationResult, segment: AudioSegmentResultItem, control: string, text: string): AnnotationResult {
  const rest = result.filter((r) => !(r.id === segment.id && r.type === 'textarea' && r.from_name === control));
  if (text === '') return rest;
  const item: TextAreaResultItem = { id: segment.id, from_name: control, to_name: segment.to_name, type: 'textarea', value: { text: [text], start: segment.value.start, end: segment.value.end } };
  const at = result.findIndex((r) => r.id === segment.id && r.type === 'textarea' && r.from_name === control);
  return at === -1 ? [...result, item] : result.map((r, i) => (i === at ? item : r));
}

/** Sets (or, with null, removes) the per-region choice of control `control` on a segment. */
export function setRegionChoice(result: AnnotationResult, segment: AudioSegmentResultItem, control: string, value: string | null): AnnotationResult {
  const rest = result.filter((r) => !(r.id === segment.id && r.type === 'choices' && r.from_name === control));
  if (value === null) return rest;
  const item: ChoicesResultItem = { id: segment.id, from_name: control, to_name: segment.to_name, type: 'choices', value: { choices: [value], start: segment.value.start, end: segment.value.end } };
  const at = result.findIndex((r) => r.id === segment.id && r.type === 'choices' && r.from_name === control);
  return at === -1 ? [...result, item] : result.map((r, i) => (i === at ? item : r));
}

/** The per-region text of a control on a segment ('' when none). */
export function regionText(result: AnnotationResult, id: string, control: string): string {
  const item = result.find((r): r is TextAreaResultItem => r.id === id && r.type === 'textarea' && r.from_name === control);
  return item?.value.text.join('\n') ?? '';
}

/** The per-region choice of a control on a segment, or null. */
export function regionChoice(result: AnnotationResult, id: string, control: string): string | null {
  const item = result.find((r): r is ChoicesResultItem => r.id === id && r.type === 'choices' && r.from_name === control);
  return item?.value.choices[0] ?? null;
}

function withBounds(item: ResultItem, start: number, end: number): ResultItem {
  if (isSegment(item)) return { ...item, value: { ...item.value, start, end } };
  if (item.type === 'textarea') return { ...item, value: { ...item.value, start, end } };
  if (item.type === 'choices') return { ...item, value: { ...item.value, start, end } };
  return item;
}
