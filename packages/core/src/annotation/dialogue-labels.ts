/**
 * What a result holds for one dialogue control: the accessors aggregation, agreement and the training
 * exports read, in one place.
 */
import type { PairwiseValue, ResponseEditValue } from './dialogue-result.types.js';
import type { ResultItem } from './result.types.js';
import type { LabelConfig } from '../label-config/label-config.types.js';

/** The pairwise answer of a control, or null when it has no item. */
export function pairwiseOf(result: readonly ResultItem[], control: string): PairwiseValue | null {
  const item = result.find((r) => r.from_name === control && r.type === 'pairwise');
  return item?.type === 'pairwise' ? item.value : null;
}

/** The ranking (candidate indices, best first) of a control, or null when it has no item. */
export function rankingOf(result: readonly ResultItem[], control: string): number[] | null {
  const item = result.find((r) => r.from_name === control && r.type === 'ranker');
  return item?.type === 'ranker' ? item.value.ranking : null;
}

/** The per-candidate scores of a responserating control, or null when it has no item. */
export function responseRatingsOf(result: readonly ResultItem[], control: string): number[] | null {
  const item = result.find((r) => r.from_name === control && r.type === 'responserating');
  return item?.type === 'responserating' ? item.value.ratings : null;
}

/** Turn index → chosen labels of a turnchoices control (turns without an item are absent). */
export function turnChoicesOf(result: readonly ResultItem[], control: string): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const r of result) if (r.from_name === control && r.type === 'turnchoices') map.set(r.value.turn, [...(map.get(r.value.turn) ?? []), ...r.value.choices]);
  return map;
}

/** The gold edit of a responseedit control, or null when it has no item. */
export function responseEditOf(result: readonly ResultItem[], control: string): ResponseEditValue | null {
  const item = result.find((r) => r.from_name === control && r.type === 'responseedit');
  return item?.type === 'responseedit' ? item.value : null;
}

/** Whether a result holds any label of a control marked `safety: true` (such work is reviewed at 100 %). */
export function hasSafetyLabel(config: LabelConfig, result: readonly ResultItem[]): boolean {
  const safety = new Set(config.controls.filter((c) => c.type === 'turnchoices' && c.safety === true).map((c) => c.name));
  return safety.size > 0 && result.some((r) => safety.has(r.from_name) && r.type === 'turnchoices' && r.value.choices.length > 0);
}
