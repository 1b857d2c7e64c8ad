import { describe, expect, it } from 'vitest';
import { attemptAllowance } from './retry-policy.js';

const t = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));

describe('attemptAllowance', () => {
  it('counts failed attempts since the last pass against maxAttempts', () => {
    const policy = { maxAttempts: 2, cooldownSeconds: 0 };
    expect(attemptAllowance(policy, [], t(0))).toEqual({ allowed: true, remaining: 2 });
    expect(attemptAllowance(policy, [{ finishedAt: t(1), passed: false }], t(2))).toEqual({ allowed: true, remaining: 1 });
    const twoFailures = [
      { finishedAt: t(1), passed: false },
      { finishedAt: t(3), passed: false },
    ];
    expect(attemptAllowance(policy, twoFailures, t(5))).toEqual({ allowed: false, reason: 'max-attempts', remaining: 0, nextAt: null });
    // A pass starts the count afresh (re-assessment after expiry), whatever order the rows come in.
    expect(attemptAllowance(policy, [...twoFailures, { finishedAt: t(4), passed: true }].reverse(), t(5))).toEqual({ allowed: true, remaining: 2 });
  });

  it('waits out the cool-down after a failed attempt, not after a pass', () => {
    const policy = { maxAttempts: null, cooldownSeconds: 600 };
    expect(attemptAllowance(policy, [{ finishedAt: t(0), passed: false }], t(5))).toEqual({ allowed: false, reason: 'cool-down', remaining: null, nextAt: t(10) });
    expect(attemptAllowance(policy, [{ finishedAt: t(0), passed: false }], t(10))).toEqual({ allowed: true, remaining: null });
    expect(attemptAllowance(policy, [{ finishedAt: t(0), passed: true }], t(1))).toEqual({ allowed: true, remaining: null });
  });
});
