/**
 * An exam's retry policy (docs/training.md): at most `maxAttempts` real attempts since the person last
 * passed (so re-assessment after expiry starts afresh), and `cooldownSeconds` between a failed attempt's
 * end and the next start. Practice never counts.
 */
export interface RetryPolicy {
  /** null: unlimited. */
  maxAttempts: number | null;
  cooldownSeconds: number;
}

/** A finished real attempt of one person at one exam. */
export interface FinishedAttempt {
  finishedAt: Date;
  passed: boolean;
}

export type AttemptAllowance =
  | { allowed: true; remaining: number | null }
  | { allowed: false; reason: 'max-attempts'; remaining: 0; nextAt: null }
  | { allowed: false; reason: 'cool-down'; remaining: number | null; nextAt: Date };

export function attemptAllowance(policy: RetryPolicy, finished: readonly FinishedAttempt[], now: Date): AttemptAllowance {
  const ordered = [...finished].sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
  const lastPass = ordered.map((a) => a.passed).lastIndexOf(true);
  const sincePass = ordered.slice(lastPass + 1);
  const remaining = policy.maxAttempts === null ? null : Math.max(0, policy.maxAttempts - sincePass.length);
  if (remaining === 0) return { allowed: false, reason: 'max-attempts', remaining: 0, nextAt: null };
  const last = sincePass[sincePass.length - 1];
  if (last && policy.cooldownSeconds > 0) {
    const nextAt = new Date(last.finishedAt.getTime() + policy.cooldownSeconds * 1000);
    if (nextAt.getTime() > now.getTime()) return { allowed: false, reason: 'cool-down', remaining, nextAt };
  }
  return { allowed: true, remaining };
}
