/**
 * The annotations a person submitted in this browser session, newest first, so that they can reopen one
 * and fix it (annotators cannot browse the task table; the server lets them open tasks they worked on).
 * Kept in sessionStorage per user: it survives a reload of the tab, not the end of the session.
 */

export interface RecentSubmission {
  projectId: string;
  taskId: string;
  annotationId: string;
  /** The version the submit (or a later edit in this session) saved. */
  version: number;
  /** ISO 8601 time of that save. */
  savedAt: string;
}

export const RECENT_LIMIT = 20;

/** `list` with `entry` first; an older entry of the same annotation is replaced; at most `limit` kept. */
export function addRecent(list: readonly RecentSubmission[], entry: RecentSubmission, limit = RECENT_LIMIT): RecentSubmission[] {
  return [entry, ...list.filter((r) => r.annotationId !== entry.annotationId)].slice(0, Math.max(0, limit));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a stored list defensively: anything malformed is dropped, never thrown. */
export function parseRecent(text: string | null): RecentSubmission[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: RecentSubmission[] = [];
  for (const r of raw) {
    if (!isRecord(r)) continue;
    const { projectId, taskId, annotationId, version, savedAt } = r;
    if (typeof projectId !== 'string' || typeof taskId !== 'string' || typeof annotationId !== 'string') continue;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || typeof savedAt !== 'string') continue;
    out.push({ projectId, taskId, annotationId, version, savedAt });
  }
  return out;
}

/** Storage the list lives in (window.sessionStorage in the app; a fake in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

const keyOf = (userId: string) => `yungang.recentSubmissions.${userId}`;

export function loadRecent(store: KeyValueStore, userId: string): RecentSubmission[] {
  try {
    return parseRecent(store.getItem(keyOf(userId)));
  } catch {
    return [];
  }
}

/** Stores the list. Never throws: losing this list must not break a submit. */
export function saveRecent(store: KeyValueStore, userId: string, list: readonly RecentSubmission[]): void {
  try {
    store.setItem(keyOf(userId), JSON.stringify(list));
  } catch {
    // Storage full or disabled; the in-memory list still shows this page's submissions.
  }
}

/** Records a save of `entry` in the user's stored list and returns the new list. */
export function rememberSubmission(store: KeyValueStore, userId: string, entry: RecentSubmission): RecentSubmission[] {
  const next = addRecent(loadRecent(store, userId), entry);
  saveRecent(store, userId, next);
  return next;
}
