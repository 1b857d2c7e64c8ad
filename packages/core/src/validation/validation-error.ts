/**
 * The one error vocabulary of core validators: a list of issues, each pinned to a path inside the value
 * that was checked, so a user can be told *where* ("at controls[1].toName: …") and callers (HTTP layer,
 * importers) can map issues to fields without parsing message strings.
 */

/** One problem found in a value. `path` is rendered by `formatPath`; '' means the value itself. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A failed validation; `issues` holds every problem found, in the order they were found (never empty). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    // An empty list would be a validator bug; still produce a usable error rather than a confusing one.
    const list = issues.length > 0 ? issues : [{ path: '', message: 'is invalid' }];
    super(summarizeIssues(list));
    this.issues = list;
  }
}

/** True when `value` is a ValidationError (also across bundles, where `instanceof` can fail). */
export function isValidationError(value: unknown): value is ValidationError {
  return value instanceof ValidationError || (value instanceof Error && value.name === 'ValidationError' && Array.isArray((value as { issues?: unknown }).issues));
}

/** Renders one issue: `at controls[1].toName: no data field named "txt"`, or just the message at the root. */
export function formatIssue(issue: ValidationIssue): string {
  return issue.path === '' ? issue.message : `at ${issue.path}: ${issue.message}`;
}

/** The first issue, plus "(and N more)" when there are others. */
export function summarizeIssues(issues: readonly ValidationIssue[]): string {
  const [first] = issues;
  if (first === undefined) return 'validation failed';
  const rest = issues.length - 1;
  return rest > 0 ? `${formatIssue(first)} (and ${rest} more)` : formatIssue(first);
}

// Keys that read naturally after a dot. Hyphens are allowed because config names may contain them and
// `data.my-field` is clearer to a person than `data["my-field"]`; this path is for humans, not `eval`.
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Renders path segments as `controls[1].labels[0].color`; numbers are indexes, odd keys are quoted. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Joins two rendered paths: `joinPath('data', 'text') === 'data.text'`, `joinPath('result', '[2]') === 'result[2]'`. */
export function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** A copy of `err` with every issue path placed under `prefix` (e.g. `tasks[16]`), for nested validation. */
export function withLocation(err: ValidationError, prefix: string): ValidationError {
  return new ValidationError(err.issues.map((issue) => ({ path: joinPath(prefix, issue.path), message: issue.message })));
}
