import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import type { AuditEvent } from './audit.repository.js';
import { logEntryRow, type LogEvent } from './log.repository.js';
import type { AssignmentRow } from './assignments.repository.js';
import type { ProjectRow } from './projects.repository.js';
import type { TaskRow } from './tasks.repository.js';

/**
 * The statements of a submit (`POST /assignments/{id}/annotations`), combined where one statement can do
 * the work of several. Each statement is a round trip, and on a busy project the round trips are the cost
 * (issue 10); the combined forms keep every write in the submit's transaction, so nothing commits alone.
 */

/**
 * A first annotation by this person on this task, with its version 1, in one statement (was three: insert
 * at version 0, insert the version, set the version). The version row's foreign key is checked at the end
 * of the statement, when the annotation row exists. Answers undefined when the person already has an
 * annotation on the task (the unique key), and then nothing was written. `createdAt` is also the annotation's
 * created and updated time: all three default to now(), the transaction's start.
 */
export async function insertFirstVersion(
  tx: Tx,
  a: { id: string; orgId: string; projectId: string; taskId: string; userId: string; assignmentId: string | null; result: unknown[]; leadTimeMs: number },
): Promise<{ id: string; createdAt: Date } | undefined> {
  const row = await tx
    .with('an', (db) =>
      db
        .insertInto('annotations')
        .values({ id: a.id, org_id: a.orgId, project_id: a.projectId, task_id: a.taskId, user_id: a.userId, assignment_id: a.assignmentId, version: 1 })
        .onConflict((oc) => oc.columns(['task_id', 'user_id']).doNothing())
        .returning('id'),
    )
    .insertInto('annotation_versions')
    .columns(['annotation_id', 'org_id', 'version', 'result', 'lead_time_ms', 'created_by'])
    .expression((db) =>
      db
        .selectFrom('an')
        .select([
          'an.id',
          sql<string>`${a.orgId}::uuid`.as('org_id'),
          sql<number>`1`.as('version'),
          sql<unknown>`${JSON.stringify(a.result)}::jsonb`.as('result'),
          sql<number>`${a.leadTimeMs}::int`.as('lead_time_ms'),
          sql<string>`${a.userId}::uuid`.as('created_by'),
        ]),
    )
    .returning(['annotation_id', 'created_at'])
    .executeTakeFirst();
  return row ? { id: row.annotation_id, createdAt: row.created_at } : undefined;
}

/**
 * Marks the assignment submitted, recomputes the task's `completed` flag (unless `overlap` is null: gold
 * tasks never complete), writes the submit's audit row and queues its transparency-log event, in one
 * statement (was three). The outer UPDATE does not see the CTEs' changes (one snapshot), so it counts the
 * task's other submissions and adds this one; the caller holds the task's row lock from an earlier
 * statement, so every other submission of this task that committed before ours is counted.
 */
export async function recordSubmission(tx: Tx, s: { assignmentId: string; taskId: string; overlap: number | null; audit: AuditEvent; log: LogEvent }): Promise<void> {
  const audit = s.audit;
  const q = tx
    .with('audit', (db) =>
      db
        .insertInto('audit_log')
        .values({ org_id: audit.orgId, user_id: audit.userId, action: audit.action, object_type: audit.objectType, object_id: audit.objectId, details: JSON.stringify(audit.details ?? {}) })
        .returning('id'),
    )
    .with('queued', (db) => db.insertInto('log_entries').values(logEntryRow(s.log, new Date().toISOString())).returning('id'));
  if (s.overlap === null) {
    await q.updateTable('assignments').set({ status: 'submitted', finished_at: sql`now()` }).where('id', '=', s.assignmentId).execute();
    return;
  }
  await q
    .with('done', (db) => db.updateTable('assignments').set({ status: 'submitted', finished_at: sql`now()` }).where('id', '=', s.assignmentId).returning('id'))
    .updateTable('tasks')
    .set({
      completed: sql<boolean>`(
        (SELECT count(*) FROM assignments a WHERE a.task_id = ${s.taskId} AND a.status = 'submitted' AND a.id <> ${s.assignmentId})
        + (SELECT count(*) FROM done)
      ) >= ${s.overlap}`,
    })
    .where('id', '=', s.taskId)
    .execute();
}

/** The submit's first statement: the caller's assignment, its task and its project, locked, with the project's training settings. */
export interface SubmitContextRow extends ProjectRow {
  /** The project's model settings, for the training trigger (null: no model backend or no trigger). */
  train_backend_id: string | null;
  train_every: number | null;
  task: TaskRow;
  assignment: AssignmentRow;
}

/**
 * The caller's assignment with its task and its project, in one statement (was three: a peek at the
 * assignment with the project, the task's lock, the assignment's lock). Locks are taken in the order of
 * the locking clauses, which is the order used everywhere: the project FOR SHARE (an overlap change locks
 * it for update, then recounts tasks, so it cannot interleave with this submit's completion count), then
 * the task, then the assignment (claims lock the task, then write the assignment). Someone else's
 * assignment matches nothing, so their rows are never locked by this caller.
 */
export async function lockSubmitContext(tx: Tx, assignmentId: string, userId: string): Promise<SubmitContextRow | undefined> {
  const row = await tx
    .selectFrom('assignments as a')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .leftJoin('project_model_settings as s', 's.project_id', 'p.id')
    .select(['p.id', 'p.org_id', 'p.name', 'p.description', 'p.label_config', 'p.overlap', 'p.lease_seconds', 'p.quality_policy', 'p.sampling_state', 'p.created_at', 'p.updated_at'])
    .select(['s.backend_id as train_backend_id', 's.train_every'])
    .select(['t.id as t_id', 't.project_id as t_project_id', 't.data as t_data', 't.completed as t_completed', 't.created_at as t_created_at', 't.gold as t_gold'])
    .select(['a.id as a_id', 'a.project_id as a_project_id', 'a.task_id as a_task_id', 'a.user_id as a_user_id', 'a.status as a_status', 'a.leased_at as a_leased_at', 'a.expires_at as a_expires_at'])
    .where('a.id', '=', assignmentId)
    .where('a.user_id', '=', userId)
    .modifyEnd(sql`FOR SHARE OF p FOR UPDATE OF t, a`)
    .executeTakeFirst();
  if (!row) return undefined;
  const { t_id, t_project_id, t_data, t_completed, t_created_at, t_gold, a_id, a_project_id, a_task_id, a_user_id, a_status, a_leased_at, a_expires_at, ...project } = row;
  return {
    ...project,
    task: { id: t_id, project_id: t_project_id, data: t_data, completed: t_completed, created_at: t_created_at, gold: t_gold },
    assignment: { id: a_id, project_id: a_project_id, task_id: a_task_id, user_id: a_user_id, status: a_status, leased_at: a_leased_at, expires_at: a_expires_at },
  };
}
