import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { compiledOnce } from '../db/compiled-once.js';
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
  const completed = sql<boolean>`(
    (SELECT count(*) FILTER (WHERE a.status = 'submitted' AND a.id <> ${s.assignmentId}) FROM assignments a WHERE a.task_id = ${s.taskId})
    + (SELECT count(*) FROM done)
  ) >= ${s.overlap}`;
  await q
    .with('done', (db) => db.updateTable('assignments').set({ status: 'submitted', finished_at: sql`now()` }).where('id', '=', s.assignmentId).returning('id'))
    .updateTable('tasks')
    .set({ completed })
    // Written only when the flag changes (see insertFirstVersionsRecordingSubmissions).
    .where('id', '=', s.taskId)
    .where(sql<boolean>`completed IS DISTINCT FROM ${completed}`)
    .execute();
}

/** One first annotation for `insertFirstVersionsRecordingSubmissions` to write, with what its submit records. */
export interface FirstSubmission {
  id: string;
  projectId: string;
  taskId: string;
  userId: string;
  assignmentId: string;
  result: unknown[];
  leadTimeMs: number;
  /** The project's overlap; null for a gold task, which never completes (its row is not touched). */
  overlap: number | null;
  audit: AuditEvent;
  /** The client's address for the audit row (a batch's transaction serves several clients). */
  address: string | null;
  log: LogEvent;
}

/**
 * The common submit, a person's first annotation on a task, for one submit or a batch of them in one
 * organisation (`submit-batch.ts`), in one statement: the annotation with its version 1, the submit's audit row
 * and transparency-log event, the assignment marked submitted and the task's `completed` flag. Every write after
 * the annotation's insert reads the rows that insert returned, so where the person already has an annotation on
 * the task (the unique key) nothing at all is written for that submit and its id is missing from the answer: the
 * caller takes the long way (a later version, then `recordSubmission`). The version row's foreign key is checked
 * at the end of the statement, when the annotation row exists. Returns the ids written with their creation time
 * (the annotation's created and updated time: both default to now(), the transaction's start).
 *
 * The caller holds every task's and assignment's lock (`lockSubmitContext(s)`) and has checked each assignment
 * is active. Completion counts per task: the others' submissions this statement's snapshot sees (the submits'
 * own assignments are still active in it) plus the ones this statement marks, so two submits of one task in one
 * batch both count. A task's row is written only when its flag changes (two submits in three leave it): an UPDATE
 * writes a new row version even with the same value, and on the full pages an import leaves, that version rarely
 * fits beside the old one, so it goes into every index. One round trip per batch (issue 10).
 */
export async function insertFirstVersionsRecordingSubmissions(tx: Tx, orgId: string, items: readonly FirstSubmission[]): Promise<Map<string, Date>> {
  const at = new Date().toISOString();
  const input = items.map((i) => {
    const log = logEntryRow(i.log, at);
    return {
      id: i.id,
      project_id: i.projectId,
      task_id: i.taskId,
      user_id: i.userId,
      assignment_id: i.assignmentId,
      result: i.result,
      lead_time_ms: i.leadTimeMs,
      overlap: i.overlap,
      audit_user_id: i.audit.userId,
      audit_action: i.audit.action,
      audit_object_type: i.audit.objectType,
      audit_object_id: i.audit.objectId,
      audit_details: i.audit.details ?? {},
      address: i.address,
      log_kind: log.kind,
      log_subject_type: log.subject_type,
      log_subject_id: log.subject_id,
      log_project_id: log.project_id,
      log_task_id: log.task_id,
      log_actor_id: log.actor_id,
      log_event: log.event,
    };
  });
  const result = await sql<{ annotation_id: string; created_at: Date }>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS i(
        id uuid, project_id uuid, task_id bigint, user_id uuid, assignment_id uuid, result jsonb, lead_time_ms int, overlap int,
        audit_user_id uuid, audit_action text, audit_object_type text, audit_object_id text, audit_details jsonb, address text,
        log_kind text, log_subject_type text, log_subject_id text, log_project_id uuid, log_task_id bigint, log_actor_id uuid, log_event text)
    ), an AS (
      INSERT INTO annotations (id, org_id, project_id, task_id, user_id, assignment_id, version)
      SELECT id, ${orgId}::uuid, project_id, task_id, user_id, assignment_id, 1 FROM input
      ON CONFLICT (task_id, user_id) DO NOTHING
      RETURNING id
    ), made AS (
      SELECT i.* FROM input i JOIN an ON an.id = i.id
    ), ver AS (
      INSERT INTO annotation_versions (annotation_id, org_id, version, result, lead_time_ms, created_by)
      SELECT id, ${orgId}::uuid, 1, result, lead_time_ms, user_id FROM made
      RETURNING annotation_id, created_at
    ), audit AS (
      INSERT INTO audit_log (org_id, user_id, action, object_type, object_id, details, address)
      SELECT ${orgId}::uuid, audit_user_id, audit_action, audit_object_type, audit_object_id, audit_details, address FROM made
    ), queued AS (
      INSERT INTO log_entries (org_id, kind, subject_type, subject_id, project_id, task_id, actor_id, event)
      SELECT ${orgId}::uuid, log_kind, log_subject_type, log_subject_id, log_project_id, log_task_id, log_actor_id, log_event FROM made
    ), done AS (
      -- By primary key (see lockSubmitContexts), then only those whose annotation was written.
      UPDATE assignments x SET status = 'submitted', finished_at = now()
      WHERE x.id = ANY(${items.map((i) => i.assignmentId)}::uuid[]) AND x.id IN (SELECT assignment_id FROM made) RETURNING x.id, x.task_id
    ), tally AS (
      -- The task's assignments by task only, then FILTER (see claimableBy in assignments.repository.ts).
      SELECT d.task_id, count(*) + (SELECT count(*) FILTER (WHERE o.status = 'submitted' AND o.id NOT IN (SELECT assignment_id FROM input))
        FROM assignments o WHERE o.task_id = d.task_id) >= max(m.overlap) AS completed
      FROM done d JOIN made m ON m.assignment_id = d.id WHERE m.overlap IS NOT NULL GROUP BY d.task_id
    ), counted AS (
      UPDATE tasks t SET completed = tally.completed FROM tally WHERE t.id = tally.task_id AND t.completed IS DISTINCT FROM tally.completed
    )
    SELECT annotation_id, created_at FROM ver
  `.execute(tx);
  return new Map(result.rows.map((r) => [r.annotation_id, r.created_at]));
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
  const row = (await tx.executeQuery(submitContext(tx, assignmentId, userId))).rows[0];
  return row ? toSubmitContext(row) : undefined;
}

/**
 * `lockSubmitContext` for several assignments (each with its caller) in one statement, locked in the order of
 * their tasks' ids, then the assignments': batches that lock tasks always take them in that order, so two of
 * them cannot deadlock, and a single submit or claim holds one task while it waits. Unknown or others'
 * assignments have no row (`submit-batch.ts`, issue 10).
 */
export async function lockSubmitContexts(tx: Tx, wanted: readonly { assignmentId: string; userId: string }[]): Promise<SubmitContextRow[]> {
  const rows = await submitContextQuery(tx)
    // `a.id = ANY`: the primary key finds the rows whatever the table's statistics say (a plan from stale ones
    // scanned all of a project's assignments); the pairs then keep each caller to their own.
    .where(sql<boolean>`a.id = ANY(${wanted.map((w) => w.assignmentId)}::uuid[])`)
    .where(sql<boolean>`(a.id, a.user_id) IN (SELECT * FROM unnest(${wanted.map((w) => w.assignmentId)}::uuid[], ${wanted.map((w) => w.userId)}::uuid[]))`)
    .orderBy('t.id')
    .orderBy('a.id')
    .modifyEnd(sql`FOR SHARE OF p FOR UPDATE OF t, a`)
    .execute();
  return rows.map(toSubmitContext);
}

type FlatSubmitContext = Awaited<ReturnType<ReturnType<typeof submitContextQuery>['execute']>>[number];

function toSubmitContext(row: FlatSubmitContext): SubmitContextRow {
  const { t_id, t_project_id, t_data, t_completed, t_created_at, t_gold, a_id, a_project_id, a_task_id, a_user_id, a_status, a_leased_at, a_expires_at, ...project } = row;
  return {
    ...project,
    task: { id: t_id, project_id: t_project_id, data: t_data, completed: t_completed, created_at: t_created_at, gold: t_gold },
    assignment: { id: a_id, project_id: a_project_id, task_id: a_task_id, user_id: a_user_id, status: a_status, leased_at: a_leased_at, expires_at: a_expires_at },
  };
}

function submitContextQuery(tx: Tx) {
  return tx
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    // The project through the task, not the assignment: from statistics taken while assignments was small, the
    // planner read the project's assignments through their project index beside the primary key (issue 10).
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .leftJoin('project_model_settings as s', 's.project_id', 'p.id')
    .select(['p.id', 'p.org_id', 'p.name', 'p.description', 'p.label_config', 'p.overlap', 'p.lease_seconds', 'p.quality_policy', 'p.sampling_state', 'p.created_at', 'p.updated_at'])
    .select(['s.backend_id as train_backend_id', 's.train_every'])
    .select(['t.id as t_id', 't.project_id as t_project_id', 't.data as t_data', 't.completed as t_completed', 't.created_at as t_created_at', 't.gold as t_gold'])
    .select(['a.id as a_id', 'a.project_id as a_project_id', 'a.task_id as a_task_id', 'a.user_id as a_user_id', 'a.status as a_status', 'a.leased_at as a_leased_at', 'a.expires_at as a_expires_at']);
}

// Compiled once: every submit runs it (issue 10).
const submitContext = compiledOnce((tx: Tx, assignmentId: string, userId: string) =>
  submitContextQuery(tx).where('a.id', '=', assignmentId).where('a.user_id', '=', userId).modifyEnd(sql`FOR SHARE OF p FOR UPDATE OF t, a`).compile(),
);
