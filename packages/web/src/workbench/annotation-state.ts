import type { AnnotationResult, BrushLabelsResultItem, PolylineLabelsResultItem, ChoicesResultItem, KeyPointLabelsResultItem, LabelsResultItem, PolygonLabelsResultItem, RatingResultItem, RectangleLabelsResultItem, ResultItem, TextAreaResultItem, VideoEventResultItem, VideoKeyPointResultItem, VideoPolygonResultItem, VideoRectangleResultItem } from '@yungang/core';
import type { Box, Point } from './box-geometry.ts';
import { canClosePolygon, canFinishPolyline, pairsFromPoints } from './polygon-geometry.ts';
import { upsertTrack } from './video-track.ts';
import { videoItemFromJson } from './video-result-json.ts';

/** The result being edited plus its undo and redo stacks; every edit replaces `present` as a whole. */
export interface AnnotationHistory {
  past: AnnotationResult[];
  present: AnnotationResult;
  future: AnnotationResult[];
  /**
   * Set by edits that arrive in a stream (typing into a text area): a following edit with the same key
   * replaces `present` without a new undo step, so Ctrl+Z undoes a run of typing, not one letter.
   */
  streak?: string;
}

export type AnnotationAction =
  | { type: 'reset'; result: AnnotationResult }
  | { type: 'addSpan'; id: string; fromName: string; toName: string; start: number; end: number; text: string; label: string }
  | { type: 'remove'; id: string }
  | { type: 'toggleChoice'; id: string; fromName: string; toName: string; value: string; mode: 'single' | 'multiple' }
  | { type: 'addBox'; id: string; fromName: string; toName: string; box: Box; label: string; imageSize?: { width: number; height: number } }
  | { type: 'moveBox'; id: string; box: Box }
  /** A box turned about its centre: its stored corner moves with the turn (box-geometry's rotateAboutCentre). */
  | { type: 'rotateBox'; id: string; box: Box; rotation: number }
  /** One attribute of an image region set (null clears it). */
  | { type: 'setAttribute'; id: string; name: string; value: string | number | null }
  /** A closed polygon; fewer than three corners or no area adds nothing (core rejects those). */
  | { type: 'addPolygon'; id: string; fromName: string; toName: string; points: readonly Point[]; label: string; imageSize?: { width: number; height: number } }
  /** A finished open path; fewer than two distinct points adds nothing (core rejects those). */
  | { type: 'addPolyline'; id: string; fromName: string; toName: string; points: readonly Point[]; label: string; imageSize?: { width: number; height: number } }
  /** New corners of a polygon or points of a polyline (a vertex dragged, the whole shape moved). */
  | { type: 'setPoints'; id: string; points: readonly Point[] }
  | { type: 'addKeypoint'; id: string; fromName: string; toName: string; point: Point; label: string; imageSize?: { width: number; height: number } }
  | { type: 'moveKeypoint'; id: string; point: Point }
  /** Gives a box, polygon, keypoint or span a different label of its control. */
  | { type: 'relabel'; id: string; label: string }
  /** The whole text of a text area; an empty text removes its item (core rejects empty ones). */
  | { type: 'setText'; id: string; fromName: string; toName: string; text: string }
  /** A rating control's score; choosing the score it already has clears it (a second press undoes a slip). */
  | { type: 'rate'; id: string; fromName: string; toName: string; rating: number }
  /**
   * The mask of one brush label on an image after a stroke (compressed COCO RLE), or null when the stroke
   * rubbed out its last pixel: each label of a brush control keeps one mask per image, so painting with it
   * again grows that mask, and undo takes back one stroke.
   */
  | { type: 'setMask'; id: string; fromName: string; toName: string; label: string; rle: BrushLabelsResultItem['value']['rle'] | null; imageSize?: { width: number; height: number } }
  /** A video track as a whole (drawn, a keyframe placed or removed): one undo step per edit. */
  /** A video item rewritten whole (a track, or an event): replaced by id, or appended. */
  | { type: 'setTrack'; track: VideoRectangleResultItem | VideoPolygonResultItem | VideoKeyPointResultItem | VideoEventResultItem }
  /** Moves an item to the end of the result (drawn last: in front) or to its start (behind the others). */
  | { type: 'reorder'; id: string; to: 'front' | 'back' }
  /** Items added at once, one undo step (shapes copied from the previous image). */
  | { type: 'addItems'; items: readonly ResultItem[] }
  /**
   * A result computed by a pure edit outside this file (segment-edit.ts for audio segments); `streak` as for
   * typing, so a run of keystrokes in a segment's transcript is one undo step.
   */
  | { type: 'edit'; result: AnnotationResult; streak?: string }
  | { type: 'undo' }
  | { type: 'redo' };

const HISTORY_LIMIT = 200;

export function initialHistory(result: AnnotationResult = []): AnnotationHistory {
  return { past: [], present: result, future: [] };
}

function commit(state: AnnotationHistory, next: AnnotationResult, streak?: string): AnnotationHistory {
  if (next === state.present) return state;
  if (streak !== undefined && streak === state.streak) return { past: state.past, present: next, future: [], streak };
  const past = [...state.past, state.present];
  if (past.length > HISTORY_LIMIT) past.shift();
  return streak === undefined ? { past, present: next, future: [] } : { past, present: next, future: [], streak };
}

function addSpan(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'addSpan' }>): AnnotationResult {
  if (a.end <= a.start) return result;
  const duplicate = result.some(
    (item) => item.type === 'labels' && item.from_name === a.fromName && item.to_name === a.toName && item.value.start === a.start && item.value.end === a.end && item.value.labels.includes(a.label),
  );
  if (duplicate) return result;
  const item: LabelsResultItem = {
    id: a.id,
    from_name: a.fromName,
    to_name: a.toName,
    type: 'labels',
    value: { start: a.start, end: a.end, text: a.text, labels: [a.label] },
  };
  return [...result, item];
}

function toggleChoice(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'toggleChoice' }>): AnnotationResult {
  const index = result.findIndex((item) => item.type === 'choices' && item.from_name === a.fromName && item.to_name === a.toName);
  const existing = index === -1 ? undefined : (result[index] as ChoicesResultItem);
  const current = existing?.value.choices ?? [];
  let choices: string[];
  if (current.includes(a.value)) choices = current.filter((c) => c !== a.value);
  else choices = a.mode === 'single' ? [a.value] : [...current, a.value];
  if (choices.length === 0) return result.filter((_, i) => i !== index);
  const item: ChoicesResultItem = { id: existing?.id ?? a.id, from_name: a.fromName, to_name: a.toName, type: 'choices', value: { choices } };
  return existing ? result.map((r, i) => (i === index ? item : r)) : [...result, item];
}

function addBox(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'addBox' }>): AnnotationResult {
  if (a.box.width <= 0 || a.box.height <= 0) return result;
  const item: RectangleLabelsResultItem = {
    id: a.id,
    from_name: a.fromName,
    to_name: a.toName,
    type: 'rectanglelabels',
    value: { ...a.box, rectanglelabels: [a.label] },
    ...(a.imageSize ? { original_width: a.imageSize.width, original_height: a.imageSize.height } : {}),
  };
  return [...result, item];
}

function moveBox(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'moveBox' }>): AnnotationResult {
  const index = result.findIndex((item) => item.id === a.id && item.type === 'rectanglelabels');
  const item = result[index];
  if (item?.type !== 'rectanglelabels' || a.box.width <= 0 || a.box.height <= 0) return result;
  const v = item.value;
  if (v.x === a.box.x && v.y === a.box.y && v.width === a.box.width && v.height === a.box.height) return result;
  const moved: RectangleLabelsResultItem = { ...item, value: { ...v, ...a.box } };
  return result.map((r, i) => (i === index ? moved : r));
}

function rotateBox(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'rotateBox' }>): AnnotationResult {
  const index = result.findIndex((item) => item.id === a.id && item.type === 'rectanglelabels');
  const item = result[index];
  if (item?.type !== 'rectanglelabels') return result;
  const { rotation: _previous, ...rest } = item.value;
  const value: RectangleLabelsResultItem['value'] = { ...rest, ...a.box };
  // Unturned is no `rotation` key, as core stores it.
  if (a.rotation % 360 !== 0) value.rotation = a.rotation;
  if ((item.value.rotation ?? 0) === (value.rotation ?? 0) && item.value.x === value.x && item.value.y === value.y) return result;
  return result.map((r, i) => (i === index ? { ...item, value } : r));
}

/** Sets or clears one attribute of an image region; an empty text is no value, as core stores it. */
function setAttribute(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'setAttribute' }>): AnnotationResult {
  const index = result.findIndex((item) => item.id === a.id);
  const item = result[index];
  if (!item || (item.type !== 'rectanglelabels' && item.type !== 'polygonlabels' && item.type !== 'polylinelabels' && item.type !== 'keypointlabels' && item.type !== 'brushlabels')) return result;
  const current = item.value.attributes ?? {};
  const next: Record<string, string | number> = { ...current };
  if (a.value === null || a.value === '') delete next[a.name];
  else next[a.name] = a.value;
  if (current[a.name] === next[a.name]) return result;
  const { attributes: _old, ...rest } = item.value;
  const value = Object.keys(next).length > 0 ? { ...rest, attributes: next } : rest;
  return result.map((r, i) => (i === index ? ({ ...item, value } as typeof item) : r));
}

const sizeOf = (imageSize?: { width: number; height: number }) => (imageSize ? { original_width: imageSize.width, original_height: imageSize.height } : {});

function addPolygon(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'addPolygon' }>): AnnotationResult {
  if (!canClosePolygon(a.points)) return result;
  const item: PolygonLabelsResultItem = {
    id: a.id,
    from_name: a.fromName,
    to_name: a.toName,
    type: 'polygonlabels',
    value: { points: pairsFromPoints(a.points), polygonlabels: [a.label] },
    ...sizeOf(a.imageSize),
  };
  return [...result, item];
}

function addPolyline(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'addPolyline' }>): AnnotationResult {
  if (!canFinishPolyline(a.points)) return result;
  const item: PolylineLabelsResultItem = {
    id: a.id,
    from_name: a.fromName,
    to_name: a.toName,
    type: 'polylinelabels',
    value: { points: pairsFromPoints(a.points), polylinelabels: [a.label] },
    ...sizeOf(a.imageSize),
  };
  return [...result, item];
}

function setPoints(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'setPoints' }>): AnnotationResult {
  const index = result.findIndex((item) => item.id === a.id);
  const item = result[index];
  let moved: PolygonLabelsResultItem | PolylineLabelsResultItem;
  const points = pairsFromPoints(a.points);
  if (item?.type === 'polygonlabels' && canClosePolygon(a.points)) moved = { ...item, value: { ...item.value, points } };
  else if (item?.type === 'polylinelabels' && canFinishPolyline(a.points)) moved = { ...item, value: { ...item.value, points } };
  else return result;
  const before = item.value.points;
  if (points.length === before.length && points.every(([x, y], i) => before[i]?.[0] === x && before[i]?.[1] === y)) return result;
  return result.map((r, i) => (i === index ? moved : r));
}

function addKeypoint(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'addKeypoint' }>): AnnotationResult {
  const item: KeyPointLabelsResultItem = {
    id: a.id,
    from_name: a.fromName,
    to_name: a.toName,
    type: 'keypointlabels',
    value: { x: a.point.x, y: a.point.y, keypointlabels: [a.label] },
    ...sizeOf(a.imageSize),
  };
  return [...result, item];
}

function moveKeypoint(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'moveKeypoint' }>): AnnotationResult {
  const index = result.findIndex((item) => item.id === a.id && item.type === 'keypointlabels');
  const item = result[index];
  if (item?.type !== 'keypointlabels' || (item.value.x === a.point.x && item.value.y === a.point.y)) return result;
  const moved: KeyPointLabelsResultItem = { ...item, value: { ...item.value, x: a.point.x, y: a.point.y } };
  return result.map((r, i) => (i === index ? moved : r));
}

function relabel(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'relabel' }>): AnnotationResult {
  const index = result.findIndex((item) => item.id === a.id);
  const item = result[index];
  let next: ResultItem;
  if (item?.type === 'rectanglelabels') {
    if (item.value.rectanglelabels.length === 1 && item.value.rectanglelabels[0] === a.label) return result;
    next = { ...item, value: { ...item.value, rectanglelabels: [a.label] } };
  } else if (item?.type === 'polygonlabels') {
    if (item.value.polygonlabels.length === 1 && item.value.polygonlabels[0] === a.label) return result;
    next = { ...item, value: { ...item.value, polygonlabels: [a.label] } };
  } else if (item?.type === 'polylinelabels') {
    if (item.value.polylinelabels.length === 1 && item.value.polylinelabels[0] === a.label) return result;
    next = { ...item, value: { ...item.value, polylinelabels: [a.label] } };
  } else if (item?.type === 'keypointlabels') {
    if (item.value.keypointlabels.length === 1 && item.value.keypointlabels[0] === a.label) return result;
    next = { ...item, value: { ...item.value, keypointlabels: [a.label] } };
  } else if (item?.type === 'brushlabels') {
    // One mask per label and image: a label that has one already is not taken (the editor checks too).
    if (item.value.brushlabels[0] === a.label || maskOf(result, item.from_name, item.to_name, a.label)) return result;
    next = { ...item, value: { ...item.value, brushlabels: [a.label] } };
  } else if (item?.type === 'labels') {
    if (item.value.labels.length === 1 && item.value.labels[0] === a.label) return result;
    next = { ...item, value: { ...item.value, labels: [a.label] } };
  } else return result;
  return result.map((r, i) => (i === index ? next : r));
}

function setText(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'setText' }>): AnnotationResult {
  const index = result.findIndex((item) => item.type === 'textarea' && item.from_name === a.fromName);
  const existing = result[index];
  if (a.text === '') return index === -1 ? result : result.filter((_, i) => i !== index);
  if (existing?.type === 'textarea' && existing.value.text.length === 1 && existing.value.text[0] === a.text) return result;
  const item: TextAreaResultItem = { id: existing?.id ?? a.id, from_name: a.fromName, to_name: a.toName, type: 'textarea', value: { text: [a.text] } };
  return index === -1 ? [...result, item] : result.map((r, i) => (i === index ? item : r));
}

function rate(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'rate' }>): AnnotationResult {
  const index = result.findIndex((item) => item.type === 'rating' && item.from_name === a.fromName);
  const existing = result[index];
  if (existing?.type === 'rating' && existing.value.rating === a.rating) return result.filter((_, i) => i !== index);
  const item: RatingResultItem = { id: existing?.id ?? a.id, from_name: a.fromName, to_name: a.toName, type: 'rating', value: { rating: a.rating } };
  return index === -1 ? [...result, item] : result.map((r, i) => (i === index ? item : r));
}

/** The brush item holding `label`'s mask of a control on an image, if any. */
export function maskOf(result: AnnotationResult, fromName: string, toName: string, label: string): BrushLabelsResultItem | undefined {
  return result.find((r): r is BrushLabelsResultItem => r.type === 'brushlabels' && r.from_name === fromName && r.to_name === toName && r.value.brushlabels.length === 1 && r.value.brushlabels[0] === label);
}

function setMask(result: AnnotationResult, a: Extract<AnnotationAction, { type: 'setMask' }>): AnnotationResult {
  const existing = maskOf(result, a.fromName, a.toName, a.label);
  if (a.rle === null) return existing ? result.filter((r) => r !== existing) : result;
  if (existing && existing.value.rle.counts === a.rle.counts && existing.value.rle.size[0] === a.rle.size[0] && existing.value.rle.size[1] === a.rle.size[1]) return result;
  const item: BrushLabelsResultItem = {
    id: existing?.id ?? a.id,
    from_name: a.fromName,
    to_name: a.toName,
    type: 'brushlabels',
    value: { format: 'coco-rle', rle: a.rle, brushlabels: [a.label] },
    ...sizeOf(a.imageSize),
  };
  return existing ? result.map((r) => (r === existing ? item : r)) : [...result, item];
}

/** Pure reducer of the annotation being edited; edits that change nothing leave the history alone. */
export function annotationReducer(state: AnnotationHistory, action: AnnotationAction): AnnotationHistory {
  switch (action.type) {
    case 'reset':
      return initialHistory(action.result);
    case 'addSpan':
      return commit(state, addSpan(state.present, action));
    case 'remove': {
      if (!state.present.some((item) => item.id === action.id)) return state;
      return commit(state, state.present.filter((item) => item.id !== action.id));
    }
    case 'toggleChoice':
      return commit(state, toggleChoice(state.present, action));
    case 'addBox':
      return commit(state, addBox(state.present, action));
    case 'moveBox':
      return commit(state, moveBox(state.present, action));
    case 'rotateBox':
      return commit(state, rotateBox(state.present, action));
    case 'setAttribute':
      // Typing into a text attribute is one undo step, not one per key.
      return commit(state, setAttribute(state.present, action), `attribute\u0000${action.id}\u0000${action.name}`);
    case 'addPolygon':
      return commit(state, addPolygon(state.present, action));
    case 'addPolyline':
      return commit(state, addPolyline(state.present, action));
    case 'setPoints':
      return commit(state, setPoints(state.present, action));
    case 'addKeypoint':
      return commit(state, addKeypoint(state.present, action));
    case 'moveKeypoint':
      return commit(state, moveKeypoint(state.present, action));
    case 'relabel':
      return commit(state, relabel(state.present, action));
    case 'setText':
      return commit(state, setText(state.present, action), `text\u0000${action.fromName}`);
    case 'rate':
      return commit(state, rate(state.present, action));
    case 'setMask':
      return commit(state, setMask(state.present, action));
    case 'reorder': {
      const item = state.present.find((r) => r.id === action.id);
      if (!item) return state;
      const others = state.present.filter((r) => r !== item);
      const next = action.to === 'front' ? [...others, item] : [item, ...others];
      // Already there: no undo step for a move that changed nothing.
      return next.every((r, i) => r === state.present[i]) ? state : commit(state, next);
    }
    case 'addItems':
      return action.items.length === 0 ? state : commit(state, [...state.present, ...action.items]);
    case 'setTrack':
      return commit(state, upsertTrack(state.present, action.track));
    case 'edit':
      return commit(state, action.result, action.streak);
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (previous === undefined) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future] };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (next === undefined) return state;
      return { past: [...state.past, state.present], present: next, future: rest };
    }
  }
}

/** Spans on one data field, in text order (outer spans before the spans they contain). */
export function spansOn(result: AnnotationResult, toName: string): LabelsResultItem[] {
  return result
    .filter((item): item is LabelsResultItem => item.type === 'labels' && item.to_name === toName)
    .sort((a, b) => a.value.start - b.value.start || b.value.end - a.value.end);
}

/** Boxes on one image field, in the order they were drawn. */
export function boxesOn(result: AnnotationResult, toName: string): RectangleLabelsResultItem[] {
  return result.filter((item): item is RectangleLabelsResultItem => item.type === 'rectanglelabels' && item.to_name === toName);
}

/**
 * The text of one text area control. Label Studio may keep several strings (one per submitted line);
 * they read as lines of one text.
 */
export function textOf(result: AnnotationResult, fromName: string): string {
  const item = result.find((r): r is TextAreaResultItem => r.type === 'textarea' && r.from_name === fromName);
  return item?.value.text.join('\n') ?? '';
}

/** The score a rating control holds, or null. */
export function ratingOf(result: AnnotationResult, fromName: string): number | null {
  const item = result.find((r): r is RatingResultItem => r.type === 'rating' && r.from_name === fromName);
  return item?.value.rating ?? null;
}

/** The options chosen in one choices control. */
export function choicesOf(result: AnnotationResult, fromName: string): string[] {
  const item = result.find((r): r is ChoicesResultItem => r.type === 'choices' && r.from_name === fromName);
  return item?.value.choices ?? [];
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A region's attribute values as sent (core checked them when they were stored). */
function regionAttributes(v: Record<string, unknown>): { attributes?: Record<string, string | number> } {
  if (!isRecord(v.attributes)) return {};
  const entries = Object.entries(v.attributes).filter((e): e is [string, string | number] => typeof e[1] === 'string' || isNumber(e[1]));
  return entries.length > 0 ? { attributes: Object.fromEntries(entries) } : {};
}

/**
 * Reads a result that came over the wire (typed loosely by the API) into the typed shape,
 * dropping items this client does not know how to edit.
 */
export function resultFromJson(items: readonly unknown[]): AnnotationResult {
  const out: ResultItem[] = [];
  for (const item of items) {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.from_name !== 'string' || typeof item.to_name !== 'string' || !isRecord(item.value)) continue;
    const v = item.value;
    // A time segment on audio (seconds) has no text; a text span always has one.
    if (item.type === 'labels' && isNumber(v.start) && isNumber(v.end) && Array.isArray(v.labels) && v.text === undefined) {
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'labels', value: { start: v.start, end: v.end, labels: v.labels.filter((l): l is string => typeof l === 'string') } });
    } else if (item.type === 'labels' && typeof v.start === 'number' && typeof v.end === 'number' && Array.isArray(v.labels)) {
      out.push({
        id: item.id,
        from_name: item.from_name,
        to_name: item.to_name,
        type: 'labels',
        value: { start: v.start, end: v.end, text: typeof v.text === 'string' ? v.text : '', labels: v.labels.filter((l): l is string => typeof l === 'string'), ...documentPage(v) },
      });
    } else if (item.type === 'choices' && Array.isArray(v.choices)) {
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'choices', value: { choices: v.choices.filter((c): c is string => typeof c === 'string'), ...regionBounds(v) } });
    } else if (item.type === 'rectanglelabels' && isNumber(v.x) && isNumber(v.y) && isNumber(v.width) && isNumber(v.height) && Array.isArray(v.rectanglelabels)) {
      const value: RectangleLabelsResultItem['value'] = { x: v.x, y: v.y, width: v.width, height: v.height, rectanglelabels: v.rectanglelabels.filter((l): l is string => typeof l === 'string') };
      if (isNumber(v.rotation) && v.rotation !== 0) value.rotation = v.rotation;
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'rectanglelabels', value: { ...value, ...documentPage(v), ...regionAttributes(v) } });
    } else if (item.type === 'polygonlabels' && Array.isArray(v.points) && Array.isArray(v.polygonlabels)) {
      const points = v.points.filter((p): p is [number, number] => Array.isArray(p) && p.length >= 2 && isNumber(p[0]) && isNumber(p[1])).map(([x, y]): [number, number] => [x, y]);
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'polygonlabels', value: { points, polygonlabels: v.polygonlabels.filter((l): l is string => typeof l === 'string'), ...regionAttributes(v) } });
    } else if (item.type === 'keypointlabels' && isNumber(v.x) && isNumber(v.y) && Array.isArray(v.keypointlabels)) {
      const value: KeyPointLabelsResultItem['value'] = { x: v.x, y: v.y, keypointlabels: v.keypointlabels.filter((l): l is string => typeof l === 'string') };
      // Label Studio's marker size; kept so a round trip through Yungang changes nothing.
      if (isNumber(v.width)) value.width = v.width;
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'keypointlabels', value: { ...value, ...regionAttributes(v) } });
    } else if (item.type === 'polylinelabels' && Array.isArray(v.points) && Array.isArray(v.polylinelabels)) {
      const points = v.points.filter((p): p is [number, number] => Array.isArray(p) && p.length >= 2 && isNumber(p[0]) && isNumber(p[1])).map(([x, y]): [number, number] => [x, y]);
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'polylinelabels', value: { points, polylinelabels: v.polylinelabels.filter((l): l is string => typeof l === 'string'), ...regionAttributes(v) } });
    } else if (item.type === 'brushlabels' && v.format === 'coco-rle' && isRecord(v.rle) && Array.isArray(v.rle.size) && isNumber(v.rle.size[0]) && isNumber(v.rle.size[1]) && Array.isArray(v.brushlabels)) {
      const counts = v.rle.counts;
      const rle = { size: [v.rle.size[0], v.rle.size[1]] as [number, number], counts: typeof counts === 'string' ? counts : Array.isArray(counts) ? counts.filter(isNumber) : '' };
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'brushlabels', value: { format: 'coco-rle', rle, brushlabels: v.brushlabels.filter((l): l is string => typeof l === 'string'), ...regionAttributes(v) } });
    } else if (item.type === 'rating' && isNumber(v.rating)) {
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'rating', value: { rating: v.rating } });
    } else if (item.type === 'textarea' && Array.isArray(v.text)) {
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'textarea', value: { text: v.text.filter((l): l is string => typeof l === 'string'), ...regionBounds(v) } });
    } else if (item.type === 'keyvalue' && typeof v.key === 'string' && typeof v.valueId === 'string') {
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'keyvalue', value: { key: v.key, valueId: v.valueId, ...(typeof v.keyId === 'string' ? { keyId: v.keyId } : {}) } });
    } else if (item.type === 'readingorder' && Array.isArray(v.order)) {
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'readingorder', value: { order: v.order.filter((o): o is string => typeof o === 'string') } });
    } else {
      const video = videoItemFromJson(item.id, item.from_name, item.to_name, item.type, v);
      if (video) out.push(video);
    }
  }
  return out;
}

/** The page a box or span on a document carries (docs/documents.md), if any. */
function documentPage(v: Record<string, unknown>): { page: number } | Record<string, never> {
  return isNumber(v.page) ? { page: v.page } : {};
}

/** The segment bounds a per-region answer (transcript, speaker of an audio segment) carries, if any. */
function regionBounds(v: Record<string, unknown>): { start: number; end: number } | Record<string, never> {
  return isNumber(v.start) && isNumber(v.end) ? { start: v.start, end: v.end } : {};
}

/** A short random id for a result item, like Label Studio's ("f3Kq9XzA1b"). */
export function newResultId(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(10), (b) => alphabet[b % alphabet.length]).join('');
}
