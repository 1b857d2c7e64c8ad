import { describe, expect, it } from 'vitest';
import { checkSession, touchIntervalMs } from './session-limits.js';

const t0 = Date.UTC(2025, 0, 1);
const at = (seconds: number) => new Date(t0 + seconds * 1000);
const limits = { idleSeconds: 15 * 60, absoluteSeconds: 8 * 3600 };
const times = (lastSeen: number) => ({ createdAt: at(0), lastSeenAt: at(lastSeen), expiresAt: at(7 * 86_400) });

describe('checkSession', () => {
  it('keeps a session used within the idle limit and before the absolute limit', () => {
    expect(checkSession(times(3600), limits, t0 + 3600_000 + 14 * 60_000)).toEqual({ expired: false });
  });
  it('ends an idle session, saying so', () => {
    expect(checkSession(times(0), limits, t0 + 15 * 60_000)).toEqual({ expired: true, kind: 'idle', message: expect.stringContaining('after 15 minutes without activity (idle limit)') });
  });
  it('ends a busy session at the absolute limit, or at the stop fixed at sign-in when that comes first', () => {
    expect(checkSession(times(8 * 3600 - 1), limits, t0 + 8 * 3600_000)).toMatchObject({ kind: 'absolute', message: expect.stringContaining('8 hours after sign-in') });
    expect(checkSession({ ...times(100), expiresAt: at(120) }, limits, t0 + 120_000)).toMatchObject({ kind: 'absolute' });
  });
});

describe('touchIntervalMs', () => {
  it('is a minute, or a quarter of a shorter idle limit', () => {
    expect(touchIntervalMs(limits)).toBe(60_000);
    expect(touchIntervalMs({ idleSeconds: 2, absoluteSeconds: 6 })).toBe(500);
  });
});
