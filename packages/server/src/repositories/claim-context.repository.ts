import { sql } from 'kysely';
import type { PredictionDto } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { compiledOnce } from '../db/compiled-once.js';
import type { AnnotationRow } from './annotations.repository.js';
import { defaultCandidateSubquery, leaseStatement, markFullStatement, type AssignmentRow } from './assignments.repository.js';
import type { AuditEvent } from './audit.repository.js';
import type { ProjectRow } from './projects.repository.js';
import type { TaskRow } from './tasks.repository.js';

export type QueueOrder = 'default' | 'uncertainty' | 'diversity' | 'random';

/** What a claim needs to know about its project before it looks for a task. */
export interface ClaimContextRow extends ProjectRow {
  /** The project's queue order (docs/models.md); 'default' when it has no model settings. */
  queue_order: QueueOrder;
  /** Whether the project requires any certification; only then does the claim run the certification gate. */
  requires_certification: boolean;
  /** Whether the project holds a vendor's accepted work package; only then does the claim run the staff gate. */
  package_project: boolean;
  /** The caller's unexpired lease in this project, if any: "next" resumes it instead of taking another task. */
  active_lease: AssignmentRow | undefined;
  /** Whether the statement also ran the default queue's candidate search (`findClaimContext` with `search`). */
  searched: boolean;
  /** The task that search found and locked, if it ran and found one. */
  candidate: string | undefined;
}

// JSON has no int8 (task ids are cast to text, as the driver reads them) and no timestamps: PostgreSQL writes them as ISO text, read back here as the driver would (to the millisecond).
interface LeaseJson extends Omit<AssignmentRow, 'leased_at' | 'expires_at'> {
  leased_at: string;
  expires_at: string;
}

/**
 * The project row, its queue order, whether it requires certifications and the caller's live lease, in one
 * statement. A claim (`POST /next`) used to read these with four; on a busy project every statement is a round trip per
 * claim (issue 10), and most projects require no certification, so the gate's own reads are skipped then.
 * Row-level security filters the subqueries like the outer select.
 *
 * With `search`, the same statement also runs the default queue's candidate search (`defaultCandidateSubquery`,
 * mode 'skip') when the claim will need it: no live lease to resume, the default queue order and no gate to
 * pass first. `searched` says whether it ran and `candidate` is the task it locked, if any: one round trip
 * fewer per claim (issue 10). A gold task drawn afterwards leaves the candidate locked, unused, until the
 * claim's transaction ends; other claimers pass over it meanwhile.
 */
export async function findClaimContext(tx: Tx, projectId: string, userId: string, search: boolean): Promise<ClaimContextRow | undefined> {
  const row: ContextRow | undefined = (await tx.executeQuery(search ? compiledWithSearch(tx, projectId, userId) : compiledContext(tx, projectId, userId))).rows[0];
  if (!row) return undefined;
  const { active_lease: lease, searched, candidate, ...rest } = row;
  return {
    ...rest,
    active_lease: lease ? { ...lease, leased_at: new Date(lease.leased_at), expires_at: new Date(lease.expires_at) } : undefined,
    searched: searched ?? false,
    candidate: candidate ?? undefined,
  };
}

type ContextRow = Omit<ClaimContextRow, 'active_lease' | 'searched' | 'candidate'> & { active_lease: LeaseJson | null; searched?: boolean; candidate?: string | null };

function claimContext(tx: Tx, projectId: string, userId: string) {
  return claimProject(tx, projectId)
    .select(
      sql<LeaseJson | null>`(SELECT json_build_object('id', a.id, 'project_id', a.project_id, 'task_id', a.task_id::text, 'user_id', a.user_id, 'status', a.status, 'leased_at', a.leased_at, 'expires_at', a.expires_at)
        FROM assignments a WHERE a.project_id = p.id AND a.user_id = ${userId} AND a.status = 'active' AND a.expires_at > now() ORDER BY a.leased_at LIMIT 1)`.as('active_lease'),
    );
}

/** The project row with its queue order and whether it has gates (certifications, a vendor's staff): a claim's context, for anyone. */
export function claimProject(tx: Tx, projectId: string) {
  return tx
    .selectFrom('projects as p')
    .select(['p.id', 'p.org_id', 'p.name', 'p.description', 'p.label_config', 'p.overlap', 'p.lease_seconds', 'p.quality_policy', 'p.sampling_state', 'p.created_at', 'p.updated_at'])
    .select([
      sql<QueueOrder>`COALESCE((SELECT s.queue_order FROM project_model_settings s WHERE s.project_id = p.id), 'default')`.as('queue_order'),
      sql<boolean>`EXISTS (SELECT 1 FROM project_certifications c WHERE c.project_id = p.id)`.as('requires_certification'),
      sql<boolean>`EXISTS (SELECT 1 FROM work_package_acceptances a WHERE a.vendor_project_id = p.id)`.as('package_project'),
    ])
    .where('p.id', '=', projectId);
}

// Compiled once: every claim runs one of them (issue 10).
const compiledContext = compiledOnce((tx: Tx, projectId: string, userId: string) => claimContext(tx, projectId, userId).compile());
const compiledWithSearch = compiledOnce((tx: Tx, projectId: string, userId: string) => claimContextWithSearch(tx, projectId, userId).compile(tx));

/** The statement `findClaimContext` runs with `search` (exported so a test can read its plan). */
export function claimContextWithSearch(tx: Tx, projectId: string, userId: string) {
  // MATERIALIZED: the CASE reads the context's columns once, instead of PostgreSQL copying their subqueries into it.
  return sql<ContextRow>`
    WITH c AS MATERIALIZED (${claimContext(tx, projectId, userId)})
    SELECT c.*, s.searched, CASE WHEN s.searched THEN ${defaultCandidateSubquery('c', userId)} END AS candidate
    FROM c, LATERAL (SELECT c.active_lease IS NULL AND c.queue_order = 'default' AND NOT c.requires_certification AND NOT c.package_project AS searched) s
  `;
}

/** A claimed task with what the annotator is shown of it: its annotations (latest version each) and predictions. */
export interface ClaimedTask {
  task: TaskRow;
  annotations: AnnotationRow[];
  predictions: PredictionDto[];
}

type Stamped<T, K extends keyof T> = Omit<T, K> & Record<K, string>;
export type PredictionJson = Stamped<PredictionDto, 'createdAt'> & { meta: PredictionDto['meta'] | null };
export type AnnotationJson = Stamped<AnnotationRow, 'created_at' | 'updated_at'>;

// A task's annotations (latest version each, oldest first) and predictions (newest first), as JSON beside its row.
export const annotationsJson = sql<AnnotationJson[]>`COALESCE((
  SELECT json_agg(json_build_object('id', an.id, 'task_id', an.task_id::text, 'user_id', an.user_id, 'email', u.email, 'version', an.version,
    'created_at', an.created_at, 'updated_at', an.updated_at, 'result', v.result, 'lead_time_ms', v.lead_time_ms, 'review_status', an.review_status) ORDER BY an.created_at)
  FROM annotations an JOIN annotation_versions v ON v.annotation_id = an.id AND v.version = an.version JOIN users u ON u.id = an.user_id
  WHERE an.task_id = t.id), '[]')`;
export const predictionsJson = sql<PredictionJson[]>`COALESCE((
  SELECT json_agg(json_build_object('id', p.id, 'result', p.result, 'modelVersion', p.model_version, 'score', p.score, 'createdAt', p.created_at, 'meta', p.meta) ORDER BY p.created_at DESC, p.id)
  FROM predictions p WHERE p.task_id = t.id), '[]')`;

export function claimedTask(row: TaskRow & { annotations: AnnotationJson[]; predictions: PredictionJson[] }): ClaimedTask {
  const { annotations, predictions, ...task } = row;
  return {
    task,
    annotations: annotations.map((a) => ({ ...a, created_at: new Date(a.created_at), updated_at: new Date(a.updated_at) })),
    predictions: predictions.map(({ meta, createdAt, ...p }) => ({ ...p, createdAt: new Date(createdAt).toISOString(), ...(meta === null ? {} : { meta }) })),
  };
}

/**
 * The claimed task's row, its annotations and its predictions (as `loadTaskDto` reads them with three
 * statements), with the claim's audit row ("task.claim" or "task.resume": a claim is also a read of the
 * task's data) written by the same statement: a data-modifying CTE runs whether or not the select uses it,
 * in the claim's transaction, so the record still commits with the act. One round trip, not four (issue 10).
 */
export async function findClaimedTaskRecordingAudit(tx: Tx, taskId: string, audit: AuditEvent): Promise<ClaimedTask | undefined> {
  const row = await tx
    .with('audit', (db) =>
      db
        .insertInto('audit_log')
        .values({ org_id: audit.orgId, user_id: audit.userId, action: audit.action, object_type: audit.objectType, object_id: audit.objectId, details: JSON.stringify(audit.details ?? {}) })
        .returning('id'),
    )
    .selectFrom('tasks as t')
    .select(['t.id', 't.project_id', 't.data', 't.completed', 't.created_at', 't.gold'])
    .select([
      annotationsJson.as('annotations'),
      predictionsJson.as('predictions'),
    ])
    .where('t.id', '=', taskId)
    .executeTakeFirst();
  return row ? claimedTask(row) : undefined;
}

/**
 * The lease (`leaseStatement`), the claim-search hint when it took the task's last slot (`markFullStatement`)
 * and `findClaimedTaskRecordingAudit` ("task.claim") in one statement, for a task the
 * caller has just locked: the lease is inserted (or the caller's released or expired one reactivated) only if
 * the task is still claimable, and the hint, the audit row and the task's read come from the lease the statement made,
 * so when it made none, nothing is written and undefined comes back (ask for another task). One round trip,
 * not two (issue 10). The caller holds the task's row lock, so this statement's fresh snapshot sees every
 * claim or submit of the task committed before the lock was granted.
 */
export async function leaseAndReadClaimedTask(
  tx: Tx,
  a: { id: string; orgId: string; projectId: string; taskId: string; userId: string; leaseSeconds: number },
  overlap: number,
): Promise<{ lease: AssignmentRow; claimed: ClaimedTask } | undefined> {
  const result = await sql<TaskRow & { annotations: AnnotationJson[]; predictions: PredictionJson[]; lease_id: string; lease_status: string; leased_at: Date; expires_at: Date }>`
    WITH lease AS (
      ${leaseStatement(a, overlap)}
    ), full_hint AS (
      ${markFullStatement(a.userId, overlap)}
    ), audit AS (
      INSERT INTO audit_log (org_id, user_id, action, object_type, object_id, details)
      SELECT ${a.orgId}, ${a.userId}, 'task.claim', 'task', l.task_id::text, jsonb_build_object('assignmentId', l.id) FROM lease l
    )
    SELECT t.id, t.project_id, t.data, t.completed, t.created_at, t.gold, ${annotationsJson} AS annotations, ${predictionsJson} AS predictions,
      l.id AS lease_id, l.status AS lease_status, l.leased_at, l.expires_at
    FROM lease l JOIN tasks t ON t.id = l.task_id
  `.execute(tx);
  const row = result.rows[0];
  if (!row) return undefined;
  const { lease_id, lease_status, leased_at, expires_at, ...task } = row;
  return { lease: { id: lease_id, project_id: task.project_id, task_id: task.id, user_id: a.userId, status: lease_status, leased_at, expires_at }, claimed: claimedTask(task) };
}
