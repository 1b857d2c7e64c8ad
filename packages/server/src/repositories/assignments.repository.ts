import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../db/database.js';
import { isUuid } from '../db/ids.js';

export interface AssignmentRow {
  id: string;
  project_id: string;
  task_id: string;
  user_id: string;
  status: string;
  leased_at: Date;
  expires_at: Date;
}

const COLUMNS = ['id', 'project_id', 'task_id', 'user_id', 'status', 'leased_at', 'expires_at'] as const;

// A task is claimable by a user while its live work (submitted + unexpired leases) is under the
// overlap and the user has not submitted or skipped it already.
// `overlap` is a value or, inside a larger statement, the project's column. The count finds the task's assignments
// by task only and filters them (FILTER, not WHERE): with statistics from when the table was small, the planner
// also read every submitted or active assignment of the table through the status index (issue 10).
const claimableBy = (userId: string, overlap: number | RawBuilder<unknown>) => sql<boolean>`
  NOT EXISTS (SELECT 1 FROM assignments m WHERE m.task_id = t.id AND m.user_id = ${userId} AND m.status IN ('submitted', 'skipped'))
  AND (SELECT count(*) FILTER (WHERE a.status = 'submitted' OR (a.status = 'active' AND a.expires_at > now()))
       FROM assignments a WHERE a.task_id = t.id) < ${overlap}`;

// The claim-search hint (migration 0026): a task whose overlap is known to be taken is passed over without
// counting its assignments. Only the search reads it; the lease counts for itself.
const notKnownFull = sql<boolean>`(t.full_until IS NULL OR t.full_until <= now())`;

/** The project's open, non-gold tasks (as `t`) not known to be full: what every claim search walks. */
export const openTask = (projectId: string | RawBuilder<unknown>) => sql<boolean>`t.project_id = ${projectId} AND NOT t.completed AND t.gold IS NULL AND ${notKnownFull}`;

/** The search's filter: the project's open, non-gold tasks not known to be full that this user may claim. */
const openAndClaimable = (projectId: string | RawBuilder<unknown>, userId: string, overlap: number | RawBuilder<unknown>) =>
  sql<boolean>`${openTask(projectId)} AND ${claimableBy(userId, overlap)}`;

// `id + 0`, not `id`: only tasks_claim_idx (migration 0026) gives this order, so the walk starts at the
// project's first open task instead of stepping over every completed one through the primary key.
export const DEFAULT_ORDER = sql`t.id + 0`;

/**
 * Finds a claimable task and locks its row. `mode` 'skip' passes over rows other claimers hold;
 * 'wait' blocks on one, used when every claimable row is momentarily held by someone else.
 * The returned row is locked but must be re-checked with a fresh statement (`leaseAndReadClaimedTask` does), because
 * the search ran on a snapshot taken before the lock was granted.
 */
export async function lockCandidateTask(tx: Tx, projectId: string, userId: string, overlap: number, mode: 'skip' | 'wait', order: QueueOrder = 'default'): Promise<string | undefined> {
  const result = await candidateSearch(projectId, userId, overlap, mode, order).execute(tx);
  return result.rows[0]?.id;
}

type QueueOrder = 'default' | 'uncertainty' | 'diversity' | 'random';

/** The statement `lockCandidateTask` runs (exported so a test can read its plan). */
export function candidateSearch(projectId: string, userId: string, overlap: number, mode: 'skip' | 'wait', order: QueueOrder) {
  const lock = mode === 'skip' ? sql`FOR UPDATE OF t SKIP LOCKED` : sql`FOR UPDATE OF t`;
  // The project's queue order (docs/models.md): oldest first; or active learning's uncertainty sampling,
  // the task whose best prediction is least confident first (tasks without a scored prediction last); or
  // diversity, a task from the cluster of similar tasks (task_clusters) that people have seen least; or random.
  const diversity = order === 'diversity';
  const orderBy =
    order === 'uncertainty'
      ? sql`(SELECT max(p.score) FROM predictions p WHERE p.task_id = t.id) ASC NULLS LAST, t.id`
      : order === 'random'
        ? sql`random()`
        : diversity
          ? sql`coalesce(seen.n, 0), c.cluster, t.id`
          : DEFAULT_ORDER;
  // Seen = claimed at least once (leased, submitted, skipped or released), counted per cluster in one pass.
  const seen = diversity
    ? sql`WITH seen AS (SELECT s.cluster, count(*) AS n FROM task_clusters s WHERE s.project_id = ${projectId} AND EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = s.task_id) GROUP BY s.cluster)`
    : sql``;
  const joins = diversity ? sql`LEFT JOIN task_clusters c ON c.task_id = t.id LEFT JOIN seen ON seen.cluster = c.cluster` : sql``;
  return sql<{ id: string }>`
    ${seen}
    SELECT t.id FROM tasks t ${joins}
    WHERE ${openAndClaimable(projectId, userId, overlap)}
    ORDER BY ${orderBy}
    LIMIT 1
    ${lock}
  `;
}

/**
 * The default-order search of `candidateSearch` in mode 'skip', as a scalar subquery for a statement that reads
 * the project as `projectAlias` (`findClaimContext`): the project's id and overlap come from that row.
 */
export function defaultCandidateSubquery(projectAlias: string, userId: string) {
  const where = openAndClaimable(sql.ref(`${projectAlias}.id`), userId, sql.ref(`${projectAlias}.overlap`));
  return sql<string | null>`(SELECT t.id FROM tasks t WHERE ${where} ORDER BY ${DEFAULT_ORDER} LIMIT 1 FOR UPDATE OF t SKIP LOCKED)`;
}

/**
 * The statement that leases a task found by `lockCandidateTask` if it is still claimable (run inside
 * `leaseAndReadClaimedTask`). The caller holds the task's row lock, so every claim or submit of this task that
 * committed before the lock was granted is visible to this statement's fresh snapshot (READ COMMITTED takes one
 * per statement): the check and the insert agree. It returns no row when the task is no longer claimable
 * (others filled it while we waited).
 */
export function leaseStatement(a: { id: string; orgId: string; projectId: string; taskId: string; userId: string; leaseSeconds: number }, overlap: number) {
  return sql`
    INSERT INTO assignments (id, org_id, project_id, task_id, user_id, status, leased_at, expires_at)
    SELECT ${a.id}, ${a.orgId}, ${a.projectId}, t.id, ${a.userId}, 'active', now(), now() + make_interval(secs => ${a.leaseSeconds})
    FROM tasks t WHERE t.id = ${a.taskId} AND ${claimableBy(a.userId, overlap)}
    ON CONFLICT (task_id, user_id) DO UPDATE
      SET status = 'active', leased_at = now(), expires_at = now() + make_interval(secs => ${a.leaseSeconds}), finished_at = NULL
      WHERE assignments.status IN ('active', 'released', 'expired')
    RETURNING id, project_id, task_id, user_id, status, leased_at, expires_at`;
}

/** Leases the task to the user: a new assignment, or the user's own released/expired one reactivated. */
export async function upsertLease(
  tx: Tx,
  a: { id: string; orgId: string; projectId: string; taskId: string; userId: string; leaseSeconds: number },
): Promise<AssignmentRow> {
  const result = await sql<AssignmentRow>`
    INSERT INTO assignments (id, org_id, project_id, task_id, user_id, status, leased_at, expires_at)
    VALUES (${a.id}, ${a.orgId}, ${a.projectId}, ${a.taskId}, ${a.userId}, 'active', now(), now() + make_interval(secs => ${a.leaseSeconds}))
    ON CONFLICT (task_id, user_id) DO UPDATE
      SET status = 'active', leased_at = now(), expires_at = now() + make_interval(secs => ${a.leaseSeconds}), finished_at = NULL
      WHERE assignments.status IN ('active', 'released', 'expired')
    RETURNING id, project_id, task_id, user_id, status, leased_at, expires_at
  `.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error(`task ${a.taskId} was already finished by this user`);
  return row;
}

/**
 * Sets the claim-search hint on the task of the lease just written by the CTE named `lease` in the same
 * statement (`leaseAndReadClaimedTask`), if the task's overlap is now taken. The statement's snapshot cannot
 * see that lease, so it counts the others' submissions and live leases and adds one; the caller's own older
 * row (a released or expired lease being reactivated) is left out so it is not counted twice. The caller
 * holds the task's row lock, and releases lock it too, so the count is not stale. The hint is the earliest
 * expiry among the live leases: the task cannot become claimable by expiry before then, and releases and
 * skips clear it (`clearFullHint`).
 */
export function markFullStatement(userId: string, overlap: number) {
  // One pass over the task's assignments, found by task only (the rest are FILTERs): with stale statistics the
  // planner also read every active lease of the table through the status index (issue 10).
  return sql`
    UPDATE tasks t SET full_until = least(l.expires_at, o.next_expiry)
    FROM lease l, LATERAL (
      SELECT count(*) FILTER (WHERE a.user_id <> ${userId} AND (a.status = 'submitted' OR (a.status = 'active' AND a.expires_at > now()))) AS live,
        min(a.expires_at) FILTER (WHERE a.user_id <> ${userId} AND a.status = 'active' AND a.expires_at > now()) AS next_expiry
      FROM assignments a WHERE a.task_id = l.task_id
    ) o
    WHERE t.id = l.task_id AND o.live + 1 >= ${overlap}`;
}

/** Forgets the claim-search hint of a task that may have a free slot again (a lease released or skipped). */
export async function clearFullHint(tx: Tx, taskId: string): Promise<void> {
  await tx.updateTable('tasks').set({ full_until: null }).where('id', '=', taskId).where('full_until', 'is not', null).execute();
}

/**
 * The assignment, with its task's row and its own locked for update, in that order: the order claims and
 * submits lock them (task, then assignment), so a release cannot deadlock with them, and a claim of the same
 * task that is setting the claim-search hint finishes before the release clears it.
 */
export async function lockAssignmentWithTask(tx: Tx, id: string): Promise<AssignmentRow | undefined> {
  if (!isUuid(id)) return undefined;
  return tx
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(COLUMNS.map((c) => `a.${c}` as const))
    .where('a.id', '=', id)
    .modifyEnd(sql`FOR UPDATE OF t, a`)
    .executeTakeFirst();
}

export async function finishAssignment(tx: Tx, id: string, status: 'submitted' | 'skipped' | 'released'): Promise<void> {
  await tx.updateTable('assignments').set({ status, finished_at: new Date() }).where('id', '=', id).execute();
}

/** Live work on a task other than `exceptUserId`'s: submitted plus unexpired leases. */
export async function liveWorkCount(tx: Tx, taskId: string, exceptUserId: string): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM assignments a
    WHERE a.task_id = ${taskId} AND a.user_id <> ${exceptUserId}
      AND (a.status = 'submitted' OR (a.status = 'active' AND a.expires_at > now()))
  `.execute(tx);
  return result.rows[0]?.n ?? 0;
}

/** Whether the user ever held a lease on the task (and so has seen its data). */
export async function hasWorkedOn(tx: Tx, taskId: string, userId: string): Promise<boolean> {
  const row = await tx.selectFrom('assignments').select('id').where('task_id', '=', taskId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}
