import { sql, type Kysely, type Selectable } from 'kysely';
import type { MediaIntakeResultDto, MediaUploadQuery } from '@yungang/core';
import type { DB } from '../db/schema.js';
import type { Tx } from '../db/database.js';
import type { UploadsTable } from '../db/upload-schema.js';

export type UploadRow = Selectable<UploadsTable>;

export interface NewUpload {
  id: string;
  orgId: string;
  projectId: string;
  filename: string;
  size: number;
  sha256: string | null;
  contentType: string | null;
  options: MediaUploadQuery;
  createdBy: string;
  /** The session lives this long from now (the database's clock, like every other timestamp of the row). */
  ttlMs: number;
}

export async function insertUpload(tx: Tx, u: NewUpload): Promise<UploadRow> {
  return tx
    .insertInto('uploads')
    .values({
      id: u.id,
      org_id: u.orgId,
      project_id: u.projectId,
      filename: u.filename,
      size: u.size,
      sha256: u.sha256,
      content_type: u.contentType,
      options: JSON.stringify(u.options),
      created_by: u.createdBy,
      expires_at: sql<Date>`now() + ${u.ttlMs} * interval '1 millisecond'`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The caller's own session (row-level security hides other organisations'; another member's is not theirs to continue). */
export async function findUpload(tx: Tx, id: string, userId: string): Promise<UploadRow | undefined> {
  return tx.selectFrom('uploads').selectAll().where('id', '=', id).where('created_by', '=', userId).executeTakeFirst();
}

/**
 * Records bytes that are on disk: the offset only grows, and only from a start at or below it (a chunk that
 * started where the session stood). Two requests writing the same chunk both land here; the later one changes nothing.
 */
export async function advanceOffset(tx: Tx, id: string, start: number, end: number): Promise<UploadRow | undefined> {
  return tx
    .updateTable('uploads')
    .set({ upload_offset: sql<string>`greatest(upload_offset, ${end}::bigint)`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('upload_offset', '>=', String(start))
    .returningAll()
    .executeTakeFirst();
}

/**
 * Claims a fully received session for its media intake. A claim older than `staleMs` belongs to a process
 * that died while completing, and is taken over.
 */
export async function claimCompletion(tx: Tx, id: string, staleMs: number): Promise<UploadRow | undefined> {
  return tx
    .updateTable('uploads')
    .set({ status: 'completing', completing_since: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('upload_offset', '=', sql<string>`size`)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb.and([eb('status', '=', 'completing'), eb('completing_since', '<', sql<Date>`now() - ${staleMs} * interval '1 millisecond'`)])]))
    .returningAll()
    .executeTakeFirst();
}

export async function finishUpload(tx: Tx, id: string, outcome: { result: MediaIntakeResultDto } | { error: string } | { reopen: true }): Promise<void> {
  const set =
    'result' in outcome
      ? { status: 'completed' as const, result: JSON.stringify(outcome.result), completing_since: null }
      : 'error' in outcome
        ? { status: 'failed' as const, error: outcome.error, completing_since: null }
        : { status: 'open' as const, completing_since: null };
  await tx
    .updateTable('uploads')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function deleteUpload(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.deleteFrom('uploads').where('id', '=', id).returning('id').execute();
  return rows.length > 0;
}

/**
 * System work (every organisation): removes sessions past their expiry and says which, so their files go too.
 * A completion under way is left to finish (unless its claim is stale: its process died).
 */
export async function deleteExpiredUploads(db: Kysely<DB>, staleMs: number): Promise<string[]> {
  const rows = await db
    .deleteFrom('uploads')
    .where('expires_at', '<', sql<Date>`now()`)
    .where((eb) => eb.or([eb('status', '<>', 'completing'), eb('completing_since', '<', sql<Date>`now() - ${staleMs} * interval '1 millisecond'`)]))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** System work: which of these ids still have a session. */
export async function existingUploadIds(db: Kysely<DB>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('uploads').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
