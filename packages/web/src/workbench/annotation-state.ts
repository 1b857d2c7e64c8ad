import type { AnnotationResult, ChoicesResultItem, LabelsResultItem, ResultItem } from '@yungang/core';

/** The result being edited plus its undo and redo stacks; every edit replaces `present` as a whole. */
export interface AnnotationHistory {
  past: AnnotationResult[];
  present: AnnotationResult;
  future: AnnotationResult[];
}

export type AnnotationAction =
  | { type: 'reset'; result: AnnotationResult }
  | { type: 'addSpan'; id: string; fromName: string; toName: string; start: number; end: number; text: string; label: string }
  | { type: 'remove'; id: string }
  | { type: 'toggleChoice'; id: string; fromName: string; toName: string; value: string; mode: 'single' | 'multiple' }
  | { type: 'undo' }
  | { type: 'redo' };

const HISTORY_LIMIT = 200;

export function initialHistory(result: AnnotationResult = []): AnnotationHistory {
  return { past: [], present: result, future: [] };
}

function commit(state: AnnotationHistory, next: AnnotationResult): AnnotationHistory {
  if (next === state.present) return state;
  const past = [...state.past, state.present];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { past, present: next, future: [] };
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

/** The options chosen in one choices control. */
export function choicesOf(result: AnnotationResult, fromName: string): string[] {
  const item = result.find((r): r is ChoicesResultItem => r.type === 'choices' && r.from_name === fromName);
  return item?.value.choices ?? [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
    if (item.type === 'labels' && typeof v.start === 'number' && typeof v.end === 'number' && Array.isArray(v.labels)) {
      out.push({
        id: item.id,
        from_name: item.from_name,
        to_name: item.to_name,
        type: 'labels',
        value: { start: v.start, end: v.end, text: typeof v.text === 'string' ? v.text : '', labels: v.labels.filter((l): l is string => typeof l === 'string') },
      });
    } else if (item.type === 'choices' && Array.isArray(v.choices)) {
      out.push({ id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'choices', value: { choices: v.choices.filter((c): c is string => typeof c === 'string') } });
    }
  }
  return out;
}

/** A short random id for a result item, like Label Studio's ("f3Kq9XzA1b"). */
export function newResultId(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(10), (b) => alphabet[b % alphabet.length]).join('');
}
