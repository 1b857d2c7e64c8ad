import { evaluateConsistency, isValidationError, validateResult, type AnnotationResult, type ConsistencyRule, type LabelConfig, type ValidationIssue } from '@yungang/core';

/**
 * The result as it should be sent: a text area holding only spaces or line breaks counts as unanswered
 * (core rejects blank texts), so its item is dropped and a required text area is reported as missing.
 * The editor keeps such items while typing, or a first typed space would vanish from the input.
 */
export function submittableResult(result: AnnotationResult): AnnotationResult {
  const blank = result.some((r) => r.type === 'textarea' && r.value.text.join('').trim() === '');
  return blank ? result.filter((r) => r.type !== 'textarea' || r.value.text.join('').trim() !== '') : result;
}

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

/**
 * What the project's cross-modal consistency rules find missing (the server makes the same check and sends
 * such work to review). Shown before sending, so the annotator can fix it or knowingly send it as is.
 */
export function consistencyWarnings(rules: readonly ConsistencyRule[], result: AnnotationResult): string[] {
  if (rules.length === 0) return [];
  return evaluateConsistency(rules, result).rules.flatMap((r) => r.problems);
}
