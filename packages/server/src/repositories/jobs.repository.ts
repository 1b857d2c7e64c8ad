import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { JobDto } from '@yungang/core';
import type { Tx } from '../db/database.js';
import type { DB, JobsTable } from '../db/schema.js';
import type { JobProgress, JobRecord } from '../jobs/job-handler.js';

type JobRow = Selectable<JobsTable>;

export async function insertJob(
  tx: Tx,
  row: { id: string; orgId: string; projectId: string | null; kind: string; payload: unknown; createdBy: string | null; total?: number | undefined; maxAttempts?: number | undefined; parentId?: string | undefined },
): Promise<void> {
  await tx
    .insertInto('jobs')
    .values({
      id: row.id,
      org_id: row.orgId,
      project_id: row.projectId,
      kind: row.kind,
      payload: JSON.stringify(row.payload),
      created_by: row.createdBy,
      total: row.total ?? null,
      ...(row.maxAttempts ? { max_attempts: row.maxAttempts } : {}),
      ...(row.parentId ? { parent_id: row.parentId } : {}),
    })
    .execute();
}

const leaseUntil = (leaseMs: number) => sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})`;

/**
 * Takes the oldest job of one of `kinds` that is queued or whose lease ran out, across organisations
 * (a worker serves the whole instance, so this runs as the system role). A job that already used all its
 * attempts is marked failed instead of being run again: a job that keeps killing its worker must stop.
 * A job whose children (the shards of a split pipeline run) are still queued or running waits for them.
 */
export async function claimJob(db: Kysely<DB>, owner: string, kinds: readonly string[], leaseMs: number): Promise<JobRecord | null> {
  if (kinds.length === 0) return null;
  return db.transaction().execute(async (tx) => {
    for (;;) {
      const candidate = await tx
        .selectFrom('jobs')
        .select(['id', 'attempts', 'max_attempts'])
        .where('kind', 'in', kinds)
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', sql<Date>`now()`)])]))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('jobs as child').select('child.id').whereRef('child.parent_id', '=', 'jobs.id').where('child.status', 'in', ['queued', 'running']))))
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!candidate) return null;
      if (candidate.attempts >= candidate.max_attempts) {
        await tx
          .updateTable('jobs')
          .set({ status: 'failed', error: `the job stopped its worker ${candidate.attempts} times (crash or timeout) and was given up`, lease_owner: null, finished_at: sql`now()`, updated_at: sql`now()` })
          .where('id', '=', candidate.id)
          .execute();
        continue;
      }
      const row = await tx
        .updateTable('jobs')
        .set({
          status: 'running',
          lease_owner: owner,
          lease_expires_at: leaseUntil(leaseMs),
          attempts: sql`attempts + 1`,
          started_at: sql`coalesce(started_at, now())`,
          updated_at: sql`now()`,
        })
        .where('id', '=', candidate.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    }
  });
}

/** Renews the lease; `held: false` when another process took the job or it finished; `cancel` when someone asked it to stop. */
export async function renewLease(db: Kysely<DB>, id: string, owner: string, leaseMs: number): Promise<{ held: boolean; cancel: boolean }> {
  const row = await db
    .updateTable('jobs')
    .set({ lease_expires_at: leaseUntil(leaseMs), updated_at: sql`now()` })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .returning(['cancel_requested'])
    .executeTakeFirst();
  return row ? { held: true, cancel: row.cancel_requested } : { held: false, cancel: false };
}

/**
 * Stores a step's progress and checkpoint inside the step's own (tenant) transaction, only while `owner`
 * still holds an unexpired lease and no one asked to cancel. False means the caller must roll back.
 */
export async function commitStep(tx: Tx, id: string, owner: string, leaseMs: number, progress: JobProgress): Promise<boolean> {
  const row = await tx
    .updateTable('jobs')
    .set({
      done: progress.done,
      ...(progress.total !== undefined ? { total: progress.total } : {}),
      checkpoint: JSON.stringify(progress.checkpoint ?? null),
      ...(progress.summary !== undefined ? { summary: JSON.stringify(progress.summary) } : {}),
      lease_expires_at: leaseUntil(leaseMs),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .where('cancel_requested', '=', false)
    .where('lease_expires_at', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Ends a job this process holds: succeeded with a result, failed with an error, or cancelled. */
export async function finishJob(db: Kysely<DB>, id: string, owner: string, end: { status: 'succeeded'; result: unknown } | { status: 'failed'; error: string } | { status: 'cancelled' }): Promise<boolean> {
  const row = await db
    .updateTable('jobs')
    .set({
      status: end.status,
      ...(end.status === 'succeeded' ? { result: JSON.stringify(end.result ?? null) } : {}),
      ...(end.status === 'failed' ? { error: end.error } : {}),
      lease_owner: null,
      lease_expires_at: null,
      finished_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives a job back (graceful shutdown): queued again at once, its attempt not counted against it. */
export async function releaseJob(db: Kysely<DB>, id: string, owner: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'queued', lease_owner: null, lease_expires_at: null, attempts: sql`greatest(attempts - 1, 0)`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .execute();
}

export async function findJob(tx: Tx, id: string): Promise<JobDto | undefined> {
  const row = await tx.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDto(row) : undefined;
}

export async function listJobs(tx: Tx, filter: { projectId?: string | undefined; kind?: string | undefined; limit: number }): Promise<JobDto[]> {
  let query = tx.selectFrom('jobs').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(filter.limit);
  if (filter.projectId) query = query.where('project_id', '=', filter.projectId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return (await query.execute()).map(toDto);
}

/**
 * Cancels a queued job at once; a running one is asked to stop (its worker sees the flag at its next
 * lease renewal or step and ends it as cancelled). Returns the job afterwards. Cancelling a split pipeline
 * run cancels its shards with it.
 */
export async function requestCancel(tx: Tx, id: string): Promise<void> {
  const self = (eb: ExpressionBuilder<DB, 'jobs'>) => eb.or([eb('id', '=', id), eb('parent_id', '=', id)]);
  await tx
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: sql`now()`, updated_at: sql`now()`, cancel_requested: true })
    .where(self)
    .where('status', '=', 'queued')
    .execute();
  await tx.updateTable('jobs').set({ cancel_requested: true, updated_at: sql`now()` }).where(self).where('status', '=', 'running').execute();
}

function toRecord(row: JobRow): JobRecord {
  return { id: row.id, orgId: row.org_id, projectId: row.project_id, kind: row.kind, payload: row.payload, checkpoint: row.checkpoint ?? null, createdBy: row.created_by, attempt: row.attempts };
}

function toDto(row: JobRow): JobDto {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind,
    status: row.status,
    done: Number(row.done),
    total: row.total === null ? null : Number(row.total),
    summary: row.summary ?? null,
    result: row.result ?? null,
    error: row.error,
    attempts: row.attempts,
    cancelRequested: row.cancel_requested,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at ? row.started_at.toISOString() : null,
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}
