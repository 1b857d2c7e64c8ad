/**
 * Pure edits of a result by the dialogue controls (docs/llm-data.md): each returns a new result with the
 * control's item replaced, added or removed, for the workbench's `edit` action (one undo step each).
 */
import { responsePatch, type AnnotationResult, type PairwiseResultItem, type ResultItem } from '@yungang/core';

type Base = { id: string; fromName: string; toName: string };

/** Replaces the items `match` selects with `item` (at the first one's place), or removes them when item is null. */
function put(result: AnnotationResult, match: (r: ResultItem) => boolean, item: ResultItem | null): AnnotationResult {
  const at = result.findIndex(match);
  const rest = result.filter((r) => !match(r));
  if (item === null) return rest;
  if (at < 0) return [...rest, item];
  return [...rest.slice(0, at), item, ...rest.slice(at)];
}
const idOf = (result: AnnotationResult, match: (r: ResultItem) => boolean, fallback: string): string => result.find(match)?.id ?? fallback;

/** The ranking a control holds, or the candidates in their own order when it has none yet. */
export function rankingIn(result: AnnotationResult, control: string, count: number): number[] {
  const item = result.find((r) => r.from_name === control && r.type === 'ranker');
  return item?.type === 'ranker' && item.value.ranking.length === count ? [...item.value.ranking] : Array.from({ length: count }, (_, i) => i);
}

/** Moves `candidate` by `delta` places in the ranking (negative = towards the top), clamped to the ends. */
export function moveInRanking(ranking: readonly number[], candidate: number, delta: number): number[] {
  const from = ranking.indexOf(candidate);
  if (from < 0) return [...ranking];
  const to = Math.max(0, Math.min(ranking.length - 1, from + delta));
  const next = ranking.filter((c) => c !== candidate);
  next.splice(to, 0, candidate);
  return next;
}

/** Moves `candidate` to position `to` (a drop in the list). */
export function placeInRanking(ranking: readonly number[], candidate: number, to: number): number[] {
  const from = ranking.indexOf(candidate);
  return from < 0 ? [...ranking] : moveInRanking(ranking, candidate, to - from);
}

export function setRanking(result: AnnotationResult, a: Base & { ranking: number[] }): AnnotationResult {
  const match = (r: ResultItem) => r.from_name === a.fromName && r.type === 'ranker';
  return put(result, match, { id: idOf(result, match, a.id), from_name: a.fromName, to_name: a.toName, type: 'ranker', value: { ranking: a.ranking } });
}

/** Sets the pairwise choice; choosing the chosen side again clears it. The reason is kept across choices. */
export function setPairwise(result: AnnotationResult, a: Base & { selected?: PairwiseResultItem['value']['selected']; reason?: string }): AnnotationResult {
  const match = (r: ResultItem) => r.from_name === a.fromName && r.type === 'pairwise';
  const current = result.find(match);
  const old = current?.type === 'pairwise' ? current.value : undefined;
  const selected = a.selected === undefined ? old?.selected : a.selected === old?.selected && a.reason === undefined ? undefined : a.selected;
  const reason = a.reason ?? old?.reason ?? '';
  if (selected === undefined) return put(result, match, null);
  return put(result, match, { id: idOf(result, match, a.id), from_name: a.fromName, to_name: a.toName, type: 'pairwise', value: reason === '' ? { selected } : { selected, reason } });
}

/** Sets one candidate's score; unscored candidates hold 0 until rated (the server refuses 0, naming the index). */
export function setResponseRating(result: AnnotationResult, a: Base & { count: number; response: number; rating: number }): AnnotationResult {
  const match = (r: ResultItem) => r.from_name === a.fromName && r.type === 'responserating';
  const current = result.find(match);
  const ratings = current?.type === 'responserating' && current.value.ratings.length === a.count ? [...current.value.ratings] : new Array<number>(a.count).fill(0);
  ratings[a.response] = a.rating;
  return put(result, match, { id: idOf(result, match, a.id), from_name: a.fromName, to_name: a.toName, type: 'responserating', value: { ratings } });
}

/** Toggles a label on a turn (single choice: replaces it); a turn left without labels has no item. */
export function toggleTurnChoice(result: AnnotationResult, a: Base & { turn: number; value: string; mode: 'single' | 'multiple' }): AnnotationResult {
  const match = (r: ResultItem) => r.from_name === a.fromName && r.type === 'turnchoices' && r.value.turn === a.turn;
  const current = result.find(match);
  const chosen = current?.type === 'turnchoices' ? current.value.choices : [];
  const choices = chosen.includes(a.value) ? chosen.filter((c) => c !== a.value) : a.mode === 'single' ? [a.value] : [...chosen, a.value];
  return put(result, match, choices.length === 0 ? null : { id: idOf(result, match, a.id), from_name: a.fromName, to_name: a.toName, type: 'turnchoices', value: { turn: a.turn, choices } });
}

/**
 * Sets the gold rewrite of a candidate (the one edit of the control); the original text back means no edit.
 * `prompt` is the prompt written with an `editablePrompt` control: while it holds text the item stays, even
 * before the answer is written, so neither box loses what was typed.
 */
export function setResponseEdit(result: AnnotationResult, a: Base & { response: number; text: string; original: string; prompt?: string }): AnnotationResult {
  const match = (r: ResultItem) => r.from_name === a.fromName && r.type === 'responseedit';
  const prompt = a.prompt !== undefined && a.prompt !== '' ? a.prompt : undefined;
  if ((a.text === a.original || a.text.trim() === '') && prompt === undefined) return put(result, match, null);
  const value = { response: a.response, text: a.text, original: a.original, patch: responsePatch(a.original, a.text) };
  return put(result, match, { id: idOf(result, match, a.id), from_name: a.fromName, to_name: a.toName, type: 'responseedit', value: prompt === undefined ? value : { ...value, prompt } });
}
