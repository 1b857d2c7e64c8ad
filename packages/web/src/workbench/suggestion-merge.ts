import type { AnnotationResult, ResultItem } from '@yungang/core';

/** Controls that hold one answer per task: a suggestion replaces the annotator's answer there. */
const WHOLE_TASK = new Set<ResultItem['type']>(['choices', 'textarea', 'rating']);

/**
 * The result after accepting a model's suggestion: whole-task answers (choices, text areas, ratings) of the
 * controls it answers are replaced; its regions (spans, boxes, polygons, …) are added beside the ones
 * already drawn, with fresh ids, except exact copies of a region already there.
 */
export function acceptSuggestion(present: AnnotationResult, suggestion: AnnotationResult, newId: () => string): AnnotationResult {
  const replaced = new Set(suggestion.filter((s) => WHOLE_TASK.has(s.type)).map((s) => `${s.type}\u0000${s.from_name}`));
  const kept = present.filter((item) => !replaced.has(`${item.type}\u0000${item.from_name}`));
  const seen = new Set(kept.map(regionKey));
  const added: ResultItem[] = [];
  for (const item of suggestion) {
    if (WHOLE_TASK.has(item.type)) {
      added.push({ ...item, id: newId() });
      continue;
    }
    const key = regionKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push({ ...item, id: newId() });
  }
  return [...kept, ...added];
}

function regionKey(item: ResultItem): string {
  return `${item.type}\u0000${item.from_name}\u0000${JSON.stringify(item.value)}`;
}
