import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { compiledOnce } from '../db/compiled-once.js';
import { membershipAccessJson } from './member-access.repository.js';

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  expires_at: Date;
}

export async function insertSession(tx: Tx, row: SessionRow): Promise<void> {
  await tx.insertInto('sessions').values(row).execute();
}

export async function deleteSession(tx: Tx, idHash: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id', '=', idHash).execute();
}

/** Ends every session of a user (sign-out everywhere, disabling), optionally sparing one; returns how many ended. */
export async function deleteSessionsOfUser(tx: Tx, userId: string, exceptIdHash?: string): Promise<number> {
  let q = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id', '<>', exceptIdHash);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Marks sessions seen now, in one statement, locking the rows in id order first (see `touchApiTokens`). */
export async function touchSessions(db: Tx, idHashes: readonly string[]): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: new Date() })
    .where('id', 'in', (q) => q.selectFrom('sessions').select('id').where('id', 'in', [...idHashes]).orderBy('id').forUpdate())
    .execute();
}

/**
 * The strictest session limits (seconds) among the organisations where the user is active; an
 * organisation without its own limit counts with the defaults. Null when the user is active nowhere.
 */
function limitColumns(defaults: { idleSeconds: number | string; absoluteSeconds: number | string }) {
  return [
    sql<number | null>`(SELECT min(coalesce(os.session_idle_minutes * 60.0, ${defaults.idleSeconds}::float8))
      FROM memberships m LEFT JOIN org_security os ON os.org_id = m.org_id WHERE m.user_id = u.id AND m.disabled_at IS NULL)`.as('idle_seconds'),
    sql<number | null>`(SELECT min(coalesce(os.session_absolute_hours * 3600.0, ${defaults.absoluteSeconds}::float8))
      FROM memberships m LEFT JOIN org_security os ON os.org_id = m.org_id WHERE m.user_id = u.id AND m.disabled_at IS NULL)`.as('absolute_seconds'),
  ] as const;
}

export interface SessionLimitDefaults {
  idleSeconds: number;
  absoluteSeconds: number;
}

/** The limits a new session of this user gets (its cookie lifetime and hard stop). */
export async function findSessionLimits(db: Tx, userId: string, defaults: SessionLimitDefaults) {
  return db.selectFrom('users as u').select(limitColumns(defaults)).where('u.id', '=', userId).executeTakeFirst();
}

/**
 * The session, its user, the user's memberships (whether they may still act anywhere, and where: the tenant
 * resolver uses them, so a browser request reads them here instead of in a statement of its own) and their
 * session limits, in one round trip: every browser request asks this. Expired rows are returned too, so the
 * caller can say which limit ended the session.
 */
export async function findSessionCaller(db: Tx, idHash: string, defaults: SessionLimitDefaults) {
  return (await db.executeQuery(sessionCaller(db, idHash, String(defaults.idleSeconds), String(defaults.absoluteSeconds)))).rows[0];
}

/**
 * `findSessionCaller` for several sessions in one statement; each row carries its `session_id` (the cookie's
 * hash) to tell them apart, unknown sessions have no row. Lookups that arrive together go as one of these
 * (`AuthService`, issue 10).
 */
export async function findSessionCallers(db: Tx, idHashes: readonly string[], defaults: SessionLimitDefaults) {
  return sessionCallers(db, String(defaults.idleSeconds), String(defaults.absoluteSeconds))
    .where('s.id', '=', sql<string>`ANY(${[...idHashes]}::text[])`)
    .execute();
}

// The defaults go as text, cast in SQL, so they stay bound values.
const sessionCallers = (db: Tx, idleSeconds: string, absoluteSeconds: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.id',
      'u.email',
      'u.name',
      membershipAccessJson(sql.ref('u.id')).as('access'),
      ...limitColumns({ idleSeconds, absoluteSeconds }),
    ]);

// Compiled once: every browser request runs it (issue 10).
const sessionCaller = compiledOnce((db: Tx, idHash: string, idleSeconds: string, absoluteSeconds: string) =>
  sessionCallers(db, idleSeconds, absoluteSeconds).where('s.id', '=', idHash).compile(),
);
