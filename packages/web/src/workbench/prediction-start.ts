import type { PredictionDto } from '@yungang/core';

/**
 * The prediction an annotator starts from when a task has no annotation of theirs yet: the highest score
 * (a prediction without a score counts below any scored one), then the newest.
 */
export function startingPrediction(predictions: readonly PredictionDto[] | undefined): PredictionDto | null {
  if (!predictions || predictions.length === 0) return null;
  return [...predictions].sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}
