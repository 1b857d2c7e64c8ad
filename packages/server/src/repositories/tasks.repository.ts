import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { isTaskId } from '../db/ids.js';
import { forEachLine } from '../importing/line-batches.js';
import type { AuditEvent } from './audit.repository.js';

export interface TaskRow {
  id: string;
  project_id: string;
  data: Record<string, unknown>;
  completed: boolean;
  created_at: Date;
  /** Expected result when this is a gold (honeypot) task. */
  gold?: unknown[] | null;
}

export async function insertImport(
  tx: Tx,
  i: { id: string; orgId: string; projectId: string; fileName: string | null; format: string; taskCount: number; createdBy: string | null; source: { sha256: string; size: number } | null },
): Promise<void> {
  await tx
    .insertInto('imports')
    .values({
      id: i.id,
      org_id: i.orgId,
      project_id: i.projectId,
      file_name: i.fileName,
      format: i.format,
      task_count: i.taskCount,
      created_by: i.createdBy,
      source_sha256: i.source?.sha256 ?? null,
      source_bytes: i.source ? String(i.source.size) : null,
    })
    .execute();
}

/** Sets an import's task count and source, for an import row written before its tasks were counted (in the same transaction). */
export async function completeImport(tx: Tx, id: string, i: { taskCount: number; source: { sha256: string; size: number } }): Promise<void> {
  await tx.updateTable('imports').set({ task_count: i.taskCount, source_sha256: i.source.sha256, source_bytes: String(i.source.size) }).where('id', '=', id).execute();
}

/** Rows per VALUES list: four bound values each. */
const VALUES_ROWS = 1000;

/**
 * Inserts a batch of tasks whose data is canonical JSON text, one task per line of `lines` (UTF-8 bytes, lines
 * joined by "\n", none empty), in line order. `bytes` sends the batch as one bytea parameter that PostgreSQL
 * splits itself: JSON text never holds a raw newline, and the bytes need no decoding or escaping on our side
 * (issue 10: a million strings and their array literal cost the import hundreds of megabytes of heap).
 * `values` decodes the lines into a plain VALUES list, for PGlite, where the bytea form ran at half the speed.
 */
export async function insertTaskLines(tx: Tx, owner: { orgId: string; projectId: string; importId: string }, lines: Uint8Array, style: 'bytes' | 'values'): Promise<void> {
  if (lines.length === 0) return;
  if (style === 'values') {
    const rows: { org_id: string; project_id: string; import_id: string; data: string }[] = [];
    forEachLine(lines, (line) => rows.push({ org_id: owner.orgId, project_id: owner.projectId, import_id: owner.importId, data: Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8') }));
    // A chunk of tiny tasks holds tens of thousands of lines; a statement takes at most 65,535 bound values.
    for (let i = 0; i < rows.length; i += VALUES_ROWS) await tx.insertInto('tasks').values(rows.slice(i, i + VALUES_ROWS)).execute();
    return;
  }
  await sql`INSERT INTO tasks (org_id, project_id, import_id, data)
    SELECT ${owner.orgId}::uuid, ${owner.projectId}::uuid, ${owner.importId}::uuid, u.data::jsonb
    FROM unnest(string_to_array(convert_from(${lines}::bytea, 'UTF8'), E'\n')) WITH ORDINALITY AS u(data, n) ORDER BY u.n`.execute(tx);
}

export async function findTask(tx: Tx, id: string): Promise<TaskRow | undefined> {
  if (!isTaskId(id)) return undefined;
  return tx.selectFrom('tasks').select(['id', 'project_id', 'data', 'completed', 'created_at', 'gold']).where('id', '=', id).executeTakeFirst();
}

export interface TaskListRow extends TaskRow {
  annotation_count: number;
  active_assignments: number;
  annotators: string[] | null;
}

export interface TaskFilter {
  projectId: string;
  limit: number;
  afterId?: string | undefined;
  status?: 'open' | 'in_progress' | 'completed' | undefined;
  annotatorId?: string | undefined;
}

/** One keyset page of a project's tasks, oldest first, with per-task counts. */
function taskListQuery(tx: Tx, f: TaskFilter) {
  let q = tx
    .selectFrom('tasks as t')
    .select([
      't.id',
      't.project_id',
      't.data',
      't.completed',
      't.created_at',
      sql<number>`(SELECT count(*)::int FROM annotations an WHERE an.task_id = t.id)`.as('annotation_count'),
      sql<number>`(SELECT count(*)::int FROM assignments a WHERE a.task_id = t.id AND a.status = 'active' AND a.expires_at > now())`.as('active_assignments'),
      sql<string[] | null>`(SELECT array_agg(u.email ORDER BY an.created_at) FROM annotations an JOIN users u ON u.id = an.user_id WHERE an.task_id = t.id)`.as('annotators'),
    ])
    .where('t.project_id', '=', f.projectId)
    .orderBy('t.id')
    .limit(f.limit);
  if (f.afterId) q = q.where('t.id', '>', f.afterId);
  // The flag as SQL, not a bound value: a prepared statement's generic plan must see `NOT t.completed` to use
  // the partial open-task index (`completed = $3` proves nothing about the parameter).
  if (f.status === 'completed') q = q.where(sql<boolean>`t.completed`);
  if (f.status === 'open' || f.status === 'in_progress') {
    // A correlated probe per task (true or null), not EXISTS: PostgreSQL turns EXISTS into a merge semi/anti
    // join that reads every assignment of the project's finished tasks before the first open one (~300 ms at
    // 1,000,000 tasks, BENCHMARKS.md "The task table"); walking the open-task index and probing each task by
    // its id stops after one page (~10 ms).
    const work = sql<boolean | null>`(SELECT true FROM assignments a WHERE a.task_id = t.id AND (a.status = 'submitted' OR (a.status = 'active' AND a.expires_at > now())) LIMIT 1)`;
    q = q.where(sql<boolean>`NOT t.completed`).where(f.status === 'in_progress' ? sql<boolean>`${work} IS TRUE` : sql<boolean>`${work} IS NULL`);
  }
  if (f.annotatorId) q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM annotations an WHERE an.task_id = t.id AND an.user_id = ${f.annotatorId})`);
  return q;
}

/**
 * A keyset page of a project's tasks with the read's audit row (`details.count`: the rows shown, at most `shown`) written by the
 * same statement, from the page it reads: one round trip, not two, on the busiest read of a manager (issue 10).
 */
export async function listTasksRecordingAudit(tx: Tx, f: TaskFilter, shown: number, audit: Omit<AuditEvent, 'details'>): Promise<TaskListRow[]> {
  return tx
    .with('page', () => taskListQuery(tx, f))
    .with('audit', (db) =>
      db
        .insertInto('audit_log')
        .columns(['org_id', 'user_id', 'action', 'object_type', 'object_id', 'details'])
        .expression(
          db
            .selectFrom('page')
            .select([
              sql<string>`${audit.orgId}::uuid`.as('org_id'),
              sql<string | null>`${audit.userId}::uuid`.as('user_id'),
              sql<string>`${audit.action}`.as('action'),
              sql<string>`${audit.objectType}`.as('object_type'),
              sql<string | null>`${audit.objectId}`.as('object_id'),
              sql<unknown>`jsonb_build_object('count', least(count(*), ${shown}::int))`.as('details'),
            ]),
        )
        .returning('id'),
    )
    .selectFrom('page')
    .selectAll()
    .orderBy('id')
    .execute();
}

/** Tasks of a project after `afterId`, for streaming exports in keyset batches. */
export async function taskBatch(tx: Tx, projectId: string, afterId: string | undefined, limit: number): Promise<TaskRow[]> {
  let q = tx.selectFrom('tasks').select(['id', 'project_id', 'data', 'completed', 'created_at', 'gold']).where('project_id', '=', projectId).orderBy('id').limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}

