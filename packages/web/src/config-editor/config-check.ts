import { isValidationError, parseLabelConfig, type LabelConfig, type ValidationIssue } from '@yungang/core';

export type ConfigCheck = { ok: true; config: LabelConfig } | { ok: false; issues: ValidationIssue[] };

/** Validates a draft label config, turning a ValidationError into its list of issues. */
export function checkLabelConfig(draft: unknown): ConfigCheck {
  try {
    return { ok: true, config: parseLabelConfig(draft) };
  } catch (error) {
    if (isValidationError(error)) return { ok: false, issues: error.issues };
    return { ok: false, issues: [{ path: '', message: error instanceof Error ? error.message : String(error) }] };
  }
}

/** Issues whose path is `path` itself (e.g. "controls[0].labels[1].hotkey"). */
export function issuesAt(issues: readonly ValidationIssue[], path: string): ValidationIssue[] {
  return issues.filter((i) => i.path === path);
}
