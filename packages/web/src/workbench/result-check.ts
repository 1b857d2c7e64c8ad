import { isValidationError, validateResult, type AnnotationResult, type LabelConfig, type ValidationIssue } from '@yungang/core';

/**
 * What stops a result from being saved, before asking the server: missing required controls first
 * (the common case, said in the user's language through `requiredMessage`), then core's own checks.
 * An empty list means the result may be sent.
 */
export function resultIssues(config: LabelConfig, data: Record<string, unknown>, result: AnnotationResult, requiredMessage: (name: string) => string): ValidationIssue[] {
  const missing = config.controls.filter((c) => c.required && !result.some((r) => r.from_name === c.name));
  if (missing.length > 0) return missing.map((c) => ({ path: '', message: requiredMessage(c.title ?? c.name) }));
  try {
    validateResult(config, data, result);
    return [];
  } catch (error) {
    if (isValidationError(error)) return error.issues;
    throw error;
  }
}
