/**
 * When a browser session ends by itself. Two limits (docs/security.md): idle (no request for this long) and
 * absolute (this long after sign-in, however busy). A person in several organisations gets the strictest
 * limits among those where they are active: a session is one thing and cannot be half expired.
 */
export interface SessionLimits {
  idleSeconds: number;
  absoluteSeconds: number;
}

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  /** The hard stop written at sign-in (also the cookie's lifetime). */
  expiresAt: Date;
}

export type SessionExpiry = { expired: false } | { expired: true; kind: 'idle' | 'absolute'; message: string };

/** The most often `last_seen_at` is written: once a minute, or a quarter of a short idle limit (tests). */
export function touchIntervalMs(limits: SessionLimits): number {
  return Math.min(60_000, (limits.idleSeconds * 1000) / 4);
}

export function checkSession(times: SessionTimes, limits: SessionLimits, now = Date.now()): SessionExpiry {
  const absoluteEnd = Math.min(times.createdAt.getTime() + limits.absoluteSeconds * 1000, times.expiresAt.getTime());
  if (now >= absoluteEnd) {
    return { expired: true, kind: 'absolute', message: `your session expired: sessions end ${describe(limits.absoluteSeconds)} after sign-in (absolute limit); sign in again` };
  }
  if (now >= times.lastSeenAt.getTime() + limits.idleSeconds * 1000) {
    return { expired: true, kind: 'idle', message: `your session expired after ${describe(limits.idleSeconds)} without activity (idle limit); sign in again` };
  }
  return { expired: false };
}

function describe(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
