/**
 * Which shapes of the result being edited are still as a prediction made them: drawn dashed with an "AI"
 * tag and listed with the model's score until the annotator accepts (Enter) or edits them, or rejects
 * them (Delete). Nothing of this is stored: an accepted shape is the same result item as before, so the
 * origin lives in the editor only, judged by comparing each item with the prediction's item of that id.
 */
import type { AnnotationResult, ResultItem } from '@yungang/core';
import { resultFromJson } from './annotation-state.ts';

/** The prediction the editor started from: its items as sent and its overall score. */
export interface StartingPrediction {
  result: readonly unknown[];
  score: number | null;
}

export interface PredictedItems {
  /** The prediction's items by id, as the editor reads them (resultFromJson). */
  items: ReadonlyMap<string, ResultItem>;
  /** A score per item where the item carries one (Label Studio's per-region `score`), else the prediction's. */
  scores: ReadonlyMap<string, number | null>;
}

export function predictedItems(prediction: StartingPrediction | null | undefined): PredictedItems | null {
  if (!prediction) return null;
  const items = new Map(resultFromJson(prediction.result).map((item) => [item.id, item]));
  const scores = new Map<string, number | null>();
  for (const raw of prediction.result) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { id, score } = raw as { id?: unknown; score?: unknown };
    if (typeof id === 'string' && items.has(id)) scores.set(id, typeof score === 'number' && Number.isFinite(score) ? score : prediction.score);
  }
  return { items, scores };
}

const same = (a: ResultItem, b: ResultItem): boolean => a === b || (a.type === b.type && a.from_name === b.from_name && JSON.stringify(a.value) === JSON.stringify(b.value));

/**
 * The untouched predicted items of `result` (id → score), leaving out the accepted ones. Acceptance is
 * held per item object, not id: the reducer never mutates items, so undo keeps an accepted shape accepted,
 * while restoring the prediction (new item objects) shows its shapes as predictions again.
 */
export function untouchedPredictions(predicted: PredictedItems | null, result: AnnotationResult, accepted: ReadonlySet<ResultItem>): Map<string, number | null> {
  const out = new Map<string, number | null>();
  if (!predicted) return out;
  for (const item of result) {
    const original = predicted.items.get(item.id);
    if (original && !accepted.has(item) && same(original, item)) out.set(item.id, predicted.scores.get(item.id) ?? null);
  }
  return out;
}
