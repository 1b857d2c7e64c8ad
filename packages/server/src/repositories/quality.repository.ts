import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { isUuid } from '../db/ids.js';

/** SQL of the quality workflow: gold checks, the review queue, lots and adjudications. */

export async function insertGoldCheck(tx: Tx, g: { id: string; orgId: string; projectId: string; taskId: string; annotationId: string; version: number; userId: string; score: number; passed: boolean }): Promise<void> {
  await tx
    .insertInto('gold_checks')
    .values({ id: g.id, org_id: g.orgId, project_id: g.projectId, task_id: g.taskId, annotation_id: g.annotationId, version: g.version, user_id: g.userId, score: g.score, passed: g.passed })
    .execute();
}

export async function setGold(tx: Tx, taskId: string, gold: unknown[] | null): Promise<void> {
  await tx.updateTable('tasks').set({ gold: gold === null ? null : JSON.stringify(gold) }).where('id', '=', taskId).execute();
}

/** A gold task of the project this user has not done yet, locked (gold tasks take any number of annotators). */
export async function lockGoldCandidate(tx: Tx, projectId: string, userId: string): Promise<string | undefined> {
  const result = await sql<{ id: string }>`
    SELECT t.id FROM tasks t
    WHERE t.project_id = ${projectId} AND t.gold IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM assignments m WHERE m.task_id = t.id AND m.user_id = ${userId} AND m.status IN ('submitted', 'skipped'))
    ORDER BY t.id
    LIMIT 1
    FOR UPDATE OF t SKIP LOCKED
  `.execute(tx);
  return result.rows[0]?.id;
}

export async function setReviewStatus(tx: Tx, annotationId: string, status: 'none' | 'pending' | 'accepted' | 'rejected'): Promise<void> {
  await tx.updateTable('annotations').set({ review_status: status }).where('id', '=', annotationId).execute();
}

/**
 * Puts an annotation version in the review queue. If that version is already queued (a sampled review
 * and a lot pick the same item), the row is reused and only gains the lot.
 */
export async function enqueueReview(
  tx: Tx,
  r: { id: string; orgId: string; projectId: string; annotationId: string; version: number; annotatorId: string; reason: string; lotId: string | null },
): Promise<void> {
  await sql`
    INSERT INTO review_queue (id, org_id, project_id, annotation_id, version, annotator_id, reason, lot_id)
    VALUES (${r.id}, ${r.orgId}, ${r.projectId}, ${r.annotationId}, ${r.version}, ${r.annotatorId}, ${r.reason}, ${r.lotId})
    ON CONFLICT (annotation_id, version) DO UPDATE SET lot_id = coalesce(review_queue.lot_id, EXCLUDED.lot_id)
  `.execute(tx);
}

/** Closes the open review rows of older versions when an annotation gets a new one. */
export async function supersedeReviews(tx: Tx, annotationId: string, beforeVersion: number): Promise<void> {
  await tx
    .updateTable('review_queue')
    .set({ status: 'done', decision: 'superseded', decided_at: new Date() })
    .where('annotation_id', '=', annotationId)
    .where('version', '<', beforeVersion)
    .where('status', '<>', 'done')
    .execute();
}

const REVIEW_COLUMNS = ['id', 'project_id', 'annotation_id', 'version', 'annotator_id', 'reason', 'lot_id', 'status', 'reviewer_id', 'expires_at'] as const;

/** The reviewer's unexpired lease in this project, if any: "next" resumes it. */
export async function findReviewLease(tx: Tx, projectId: string, reviewerId: string) {
  return tx
    .selectFrom('review_queue')
    .select(REVIEW_COLUMNS)
    .where('project_id', '=', projectId)
    .where('reviewer_id', '=', reviewerId)
    .where('status', '=', 'leased')
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at')
    .executeTakeFirst();
}

/** Leases the oldest open review the reviewer may do (never their own work), skipping rows others hold. */
export async function leaseNextReview(tx: Tx, projectId: string, reviewerId: string, leaseSeconds: number) {
  const result = await sql<{ id: string }>`
    SELECT q.id FROM review_queue q
    WHERE q.project_id = ${projectId} AND q.annotator_id <> ${reviewerId}
      AND (q.status = 'pending' OR (q.status = 'leased' AND q.expires_at <= now()))
    ORDER BY q.created_at, q.id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
  `.execute(tx);
  const id = result.rows[0]?.id;
  if (!id) return undefined;
  return tx
    .updateTable('review_queue')
    .set({ status: 'leased', reviewer_id: reviewerId, expires_at: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
    .where('id', '=', id)
    .returning(REVIEW_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function findReview(tx: Tx, id: string, opts: { forUpdate?: boolean } = {}) {
  if (!isUuid(id)) return undefined;
  let q = tx.selectFrom('review_queue').select(REVIEW_COLUMNS).where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function decideReview(tx: Tx, id: string, reviewerId: string, decision: 'accept' | 'reject', comment: string): Promise<void> {
  await tx.updateTable('review_queue').set({ status: 'done', reviewer_id: reviewerId, decision, comment, decided_at: new Date() }).where('id', '=', id).execute();
}

/** Earlier decisions on an annotation, oldest first. */
export async function reviewHistory(tx: Tx, annotationId: string) {
  return tx
    .selectFrom('review_queue as q')
    .innerJoin('users as u', 'u.id', 'q.reviewer_id')
    .select(['q.version', 'q.decision', 'q.comment', 'u.email', 'q.decided_at'])
    .where('q.annotation_id', '=', annotationId)
    .where('q.status', '=', 'done')
    .where('q.decision', 'in', ['accept', 'reject'])
    .orderBy('q.decided_at')
    .execute();
}

/** The caller's annotations a reviewer sent back, with the rejecting decision. */
export async function returnedWork(tx: Tx, projectId: string, userId: string) {
  return tx
    .selectFrom('annotations as an')
    .innerJoin('review_queue as q', (j) => j.onRef('q.annotation_id', '=', 'an.id').onRef('q.version', '=', 'an.version'))
    .innerJoin('users as u', 'u.id', 'q.reviewer_id')
    .select(['an.id', 'an.task_id', 'q.comment', 'u.email', 'q.decided_at'])
    .where('an.project_id', '=', projectId)
    .where('an.user_id', '=', userId)
    .where('an.review_status', '=', 'rejected')
    .where('q.decision', '=', 'reject')
    .orderBy('q.decided_at')
    .execute();
}

// ---- lots ----

const LOT_COLUMNS = ['id', 'project_id', 'number', 'size', 'aql', 'inspection_level', 'severity', 'code_letter', 'sample_size', 'accept', 'reject', 'status', 'nonconforming', 'created_at', 'decided_at'] as const;
export type LotRow = Awaited<ReturnType<typeof listLots>>[number];

export async function listLots(tx: Tx, projectId: string) {
  return tx
    .selectFrom('lots as l')
    .select(LOT_COLUMNS.map((c) => `l.${c}` as const))
    .select(sql<number>`(SELECT count(*)::int FROM review_queue q WHERE q.lot_id = l.id AND q.status = 'done' AND q.decision IN ('accept', 'reject') AND q.reason <> 'screening')`.as('inspected'))
    .where('l.project_id', '=', projectId)
    .orderBy('l.number', 'desc')
    .execute();
}

/** Submitted annotations (their current version) of ordinary tasks that are in no lot yet, oldest first. */
export async function unlottedWork(tx: Tx, projectId: string, limit: number) {
  return tx
    .selectFrom('annotations as an')
    .innerJoin('tasks as t', 't.id', 'an.task_id')
    .select(['an.id', 'an.version', 'an.user_id'])
    .where('an.project_id', '=', projectId)
    .where('t.gold', 'is', null)
    .where((w) => w.not(w.exists(w.selectFrom('lot_items as li').select('li.lot_id').whereRef('li.annotation_id', '=', 'an.id'))))
    .orderBy('an.created_at')
    .orderBy('an.id')
    .limit(limit)
    .execute();
}

export async function nextLotNumber(tx: Tx, projectId: string): Promise<number> {
  const row = await tx.selectFrom('lots').select(sql<number | null>`max(number)`.as('last')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return (row.last ?? 0) + 1;
}

/** How the lot's sample stands: inspected items and nonconforming (rejected) ones. */
export async function lotSampleProgress(tx: Tx, lotId: string): Promise<{ sampled: number; inspected: number; nonconforming: number }> {
  const result = await sql<{ sampled: number; inspected: number; nonconforming: number }>`
    SELECT count(*)::int AS sampled,
           count(*) FILTER (WHERE q.status = 'done' AND q.decision IN ('accept', 'reject'))::int AS inspected,
           count(*) FILTER (WHERE q.decision = 'reject')::int AS nonconforming
    FROM lot_items li
    JOIN review_queue q ON q.annotation_id = li.annotation_id AND q.version = li.version
    WHERE li.lot_id = ${lotId} AND li.sampled
  `.execute(tx);
  return result.rows[0] ?? { sampled: 0, inspected: 0, nonconforming: 0 };
}

// ---- adjudication ----

export async function openAdjudication(tx: Tx, a: { taskId: string; orgId: string; projectId: string; agreement: number }): Promise<void> {
  await sql`
    INSERT INTO adjudications (task_id, org_id, project_id, agreement) VALUES (${a.taskId}, ${a.orgId}, ${a.projectId}, ${a.agreement})
    ON CONFLICT (task_id) DO UPDATE SET agreement = EXCLUDED.agreement, status = 'pending', result = NULL, adjudicator_id = NULL, decided_at = NULL
  `.execute(tx);
}

export async function leaseNextAdjudication(tx: Tx, projectId: string, userId: string, leaseSeconds: number) {
  const held = await tx
    .selectFrom('adjudications')
    .select(['task_id', 'agreement'])
    .where('project_id', '=', projectId)
    .where('status', '=', 'pending')
    .where('adjudicator_id', '=', userId)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (held) return held;
  const result = await sql<{ task_id: string }>`
    SELECT task_id FROM adjudications
    WHERE project_id = ${projectId} AND status = 'pending' AND (adjudicator_id IS NULL OR expires_at <= now())
    ORDER BY created_at, task_id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
  `.execute(tx);
  const taskId = result.rows[0]?.task_id;
  if (!taskId) return undefined;
  return tx
    .updateTable('adjudications')
    .set({ adjudicator_id: userId, expires_at: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
    .where('task_id', '=', taskId)
    .returning(['task_id', 'agreement'])
    .executeTakeFirstOrThrow();
}

export async function findAdjudication(tx: Tx, taskId: string, opts: { forUpdate?: boolean } = {}) {
  let q = tx.selectFrom('adjudications as a').leftJoin('users as u', 'u.id', 'a.adjudicator_id').select(['a.task_id', 'a.project_id', 'a.agreement', 'a.status', 'a.result', 'a.adjudicator_id', 'a.expires_at', 'u.email']).where('a.task_id', '=', taskId);
  if (opts.forUpdate) q = q.forUpdate('a');
  return q.executeTakeFirst();
}

export async function decideAdjudication(tx: Tx, taskId: string, userId: string, result: unknown[]): Promise<void> {
  await tx.updateTable('adjudications').set({ status: 'done', adjudicator_id: userId, result: JSON.stringify(result), decided_at: new Date() }).where('task_id', '=', taskId).execute();
}
