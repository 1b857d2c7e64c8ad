import { sql } from 'kysely';
import { DEFAULT_QUALITY_POLICY, type ClaimCandidate } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { DEFAULT_ORDER, openTask, type AssignmentRow } from './assignments.repository.js';
import { annotationsJson, claimedTask, claimProject, predictionsJson, type AnnotationJson, type ClaimedTask, type PredictionJson, type QueueOrder } from './claim-context.repository.js';
import type { ProjectRow } from './projects.repository.js';
import type { TaskRow } from './tasks.repository.js';

/** What a batch of claims in one project needs before it hands tasks out (`findClaimBatch`). */
export interface ClaimBatchRow extends ProjectRow {
  queue_order: QueueOrder;
  requires_certification: boolean;
  package_project: boolean;
  /** Whether a batch may serve this project: the default queue, no gate, no gold mixed in. Only then were candidates searched. */
  plain: boolean;
  /** The claimers who hold a live lease in this project: they resume it, on their own. */
  leased: string[];
  /** The project's first open tasks, locked, in the queue's order, with their free slots and which claimers did them. */
  candidates: ClaimCandidate[];
  /** Without `from`: the project's first task that is neither completed nor gold (its id), if any; else null. */
  first_open: string | null;
}

// The claim-search filter for a batch: a task with a free slot that at least one of the claimers has not done.
// One pass over each task's few assignments counts both (an index scan on task_id).
const LIVE = sql<boolean>`(a.status = 'submitted' OR (a.status = 'active' AND a.expires_at > now()))`;

/**
 * The project for a batch of claimers, whether a batch may serve it, who among them holds a live lease, and, when
 * it may, up to `limit` candidate tasks locked (FOR UPDATE SKIP LOCKED, as a single claim's search) in the default
 * queue's order: one statement. The counts come from the statement's snapshot, taken before the locks were
 * granted, so they may be stale: `leaseClaimedTasks` counts again. The gold rate is read as `resolveQualityPolicy`
 * reads it (the stored field, else the default), so a project that mixes gold in is never searched here.
 *
 * `from` starts the search at that task id instead of the project's first: every task before it was completed
 * (or gold) when the caller last looked (`first_open`, read when there is no `from`). Completed tasks leave the
 * search index only when vacuum removes their old entries, so on a busy project without a recent vacuum the walk
 * from the first task steps over every completed one (issue 10).
 */
export async function findClaimBatch(tx: Tx, projectId: string, userIds: readonly string[], limit: number, from?: string): Promise<ClaimBatchRow | undefined> {
  const users = sql`${[...userIds]}::uuid[]`;
  const start = from === undefined ? sql`` : sql`AND ${DEFAULT_ORDER} >= ${from}::bigint`;
  const firstOpen =
    from === undefined
      ? sql`CASE WHEN s.plain THEN (SELECT t.id::text FROM tasks t WHERE t.project_id = c.id AND NOT t.completed AND t.gold IS NULL ORDER BY ${DEFAULT_ORDER} LIMIT 1) END`
      : sql`NULL::text`;
  const result = await sql<Omit<ClaimBatchRow, 'candidates'> & { candidates: { taskId: string; free: string | number; done: string[] }[] | null }>`
    WITH c AS MATERIALIZED (${claimProject(tx, projectId)}),
    s AS MATERIALIZED (
      SELECT c.queue_order = 'default' AND NOT c.requires_certification AND NOT c.package_project
        AND COALESCE((c.quality_policy->>'goldRate')::float8, ${DEFAULT_QUALITY_POLICY.goldRate}) = 0 AS plain
      FROM c
    )
    SELECT c.*, s.plain,
      -- One key lookup per claimer: with statistics from when the table was small, a lookup by the list used only the
      -- project and the status, walking every assignment the project ever had (issue 10).
      ARRAY(SELECT u.id FROM unnest(${users}) AS u(id) WHERE (SELECT true FROM assignments a
        WHERE a.project_id = c.id AND a.user_id = u.id AND a.status = 'active' AND a.expires_at > now() LIMIT 1)) AS leased,
      CASE WHEN s.plain THEN (
        SELECT json_agg(json_build_object('taskId', x.id::text, 'free', x.free, 'done', x.done) ORDER BY x.ord)
        FROM (
          SELECT t.id, t.id + 0 AS ord, c.overlap - w.live AS free, w.done
          FROM tasks t CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE ${LIVE}) AS live,
              COALESCE(array_agg(a.user_id) FILTER (WHERE a.user_id = ANY(${users}) AND a.status IN ('submitted', 'skipped')), '{}') AS done
            FROM assignments a WHERE a.task_id = t.id
          ) w
          WHERE ${openTask(sql.ref('c.id'))} ${start} AND w.live < c.overlap AND cardinality(w.done) < ${userIds.length}
          ORDER BY ${DEFAULT_ORDER} LIMIT ${limit}
          FOR UPDATE OF t SKIP LOCKED
        ) x
      ) END AS candidates,
      ${firstOpen} AS first_open
    FROM c, s
  `.execute(tx);
  const row = result.rows[0];
  if (!row) return undefined;
  return { ...row, candidates: (row.candidates ?? []).map((c) => ({ taskId: c.taskId, free: Number(c.free), done: c.done })) };
}

/** One lease a batch wants to make: the assignment's id, its task and its claimer (with the claimer's address for the audit row). */
export interface WantedLease {
  id: string;
  taskId: string;
  userId: string;
  address: string | null;
}

/**
 * The leases of a batch, each only if its task is still claimable by its claimer, counted afresh: the caller holds
 * every task's row lock (`findClaimBatch`), so this statement's snapshot sees every claim or submit of them that
 * committed before. On a task wanted by k claimers, the k-th is leased only while the task's live work plus k
 * stays within the overlap (k in the order of `leases`). With each lease: the claim-search hint when the task's slots are taken
 * (`markFullStatement` for several leases), its audit row ("task.claim", with the claimer's own address) and
 * the task's read, as `leaseAndReadClaimedTask` writes them for one. A claimer with no row in the answer got
 * nothing and claims on their own.
 */
export async function leaseAndReadClaimedTasks(
  tx: Tx,
  batch: { orgId: string; projectId: string; overlap: number; leaseSeconds: number; leases: readonly WantedLease[] },
): Promise<Map<string, { lease: AssignmentRow; claimed: ClaimedTask }>> {
  const { orgId, projectId, overlap, leaseSeconds, leases } = batch;
  const result = await sql<TaskRow & { annotations: AnnotationJson[]; predictions: PredictionJson[]; lease_id: string; lease_user_id: string; lease_status: string; leased_at: Date; expires_at: Date }>`
    WITH wanted AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(leases.map((l, ord) => ({ ...l, ord })))}::jsonb) AS w(id uuid, "taskId" bigint, "userId" uuid, address text, ord int)
    ), not_done AS (
      SELECT w.*, row_number() OVER (PARTITION BY w."taskId" ORDER BY w.ord) AS k
      FROM wanted w
      -- A scalar lookup by the (task, user) key, not NOT EXISTS: from statistics taken while the table was small,
      -- the planner turned that anti-join into a scan of every submitted assignment for each claimer.
      WHERE NOT COALESCE((SELECT m.status IN ('submitted', 'skipped') FROM assignments m WHERE m.task_id = w."taskId" AND m.user_id = w."userId"), false)
    ), lease AS (
      INSERT INTO assignments (id, org_id, project_id, task_id, user_id, status, leased_at, expires_at)
      SELECT n.id, ${orgId}::uuid, ${projectId}::uuid, n."taskId", n."userId", 'active', now(), now() + make_interval(secs => ${leaseSeconds})
      FROM not_done n
      WHERE n.k + (SELECT count(*) FROM assignments a WHERE a.task_id = n."taskId" AND ${LIVE}) <= ${overlap}
      ON CONFLICT (task_id, user_id) DO UPDATE
        SET status = 'active', leased_at = now(), expires_at = now() + make_interval(secs => ${leaseSeconds}), finished_at = NULL
        WHERE assignments.status IN ('active', 'released', 'expired')
      RETURNING id, task_id, user_id, status, leased_at, expires_at
    ), per_task AS (
      SELECT l.task_id, count(*) AS n, min(l.expires_at) AS first_expiry, array_agg(l.user_id) AS users FROM lease l GROUP BY l.task_id
    ), full_hint AS (
      -- The statement cannot see its own leases: count the others' live work and add this batch's. One pass over
      -- the task's assignments, found by task only (the rest are FILTERs): with stale statistics the planner also
      -- read every active lease of the table through the status index (issue 10).
      UPDATE tasks t SET full_until = least(p.first_expiry, o.next_expiry)
      FROM per_task p, LATERAL (
        SELECT count(*) FILTER (WHERE NOT (a.user_id = ANY(p.users)) AND ${LIVE}) AS live,
          min(a.expires_at) FILTER (WHERE NOT (a.user_id = ANY(p.users)) AND a.status = 'active' AND a.expires_at > now()) AS next_expiry
        FROM assignments a WHERE a.task_id = p.task_id
      ) o
      WHERE t.id = p.task_id AND o.live + p.n >= ${overlap}
    ), audit AS (
      INSERT INTO audit_log (org_id, user_id, action, object_type, object_id, details, address)
      SELECT ${orgId}::uuid, l.user_id, 'task.claim', 'task', l.task_id::text, jsonb_build_object('assignmentId', l.id), w.address
      FROM lease l JOIN wanted w ON w."userId" = l.user_id
    )
    SELECT t.id, t.project_id, t.data, t.completed, t.created_at, t.gold, ${annotationsJson} AS annotations, ${predictionsJson} AS predictions,
      l.id AS lease_id, l.user_id AS lease_user_id, l.status AS lease_status, l.leased_at, l.expires_at
    FROM lease l JOIN tasks t ON t.id = l.task_id
  `.execute(tx);
  return new Map(
    result.rows.map((row) => {
      const { lease_id, lease_user_id, lease_status, leased_at, expires_at, ...task } = row;
      return [lease_user_id, { lease: { id: lease_id, project_id: task.project_id, task_id: task.id, user_id: lease_user_id, status: lease_status, leased_at, expires_at }, claimed: claimedTask(task) }];
    }),
  );
}
