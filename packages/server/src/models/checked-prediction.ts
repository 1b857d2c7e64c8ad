import { validateResult, ValidationError, type LabelConfig } from '@yungang/core';
import type { ModelPrediction } from './model-backend.js';

/**
 * A backend's result checked against the project like an annotator's (core validateResult), so a
 * backend can never store or show something the workbench could not, except that it may leave required
 * controls empty. Throws `ValidationError` with
 * the paths of what is wrong; answers the normalised result.
 */
export function checkedPrediction(config: LabelConfig, data: Record<string, unknown>, prediction: ModelPrediction): ModelPrediction {
  // A suggestion may leave a required control unanswered: the annotator completes it before submitting.
  const partial: LabelConfig = { ...config, controls: config.controls.map((c) => ({ ...c, required: false })) };
  const result = validateResult(partial, data, prediction.result);
  const score = prediction.score === null ? null : Math.min(1, Math.max(0, prediction.score));
  return { ...prediction, result, score };
}

export function describeInvalid(error: unknown): string {
  return error instanceof ValidationError ? error.message : (error as Error).message;
}
