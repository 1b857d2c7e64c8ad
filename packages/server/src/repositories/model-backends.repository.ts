import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Tx } from '../db/database.js';
import type { ModelBackendsTable, ProjectModelSettingsTable } from '../db/model-schema.js';

export type ModelBackendRow = Selectable<ModelBackendsTable>;
export type ProjectModelSettingsRow = Selectable<ProjectModelSettingsTable>;

export async function listModelBackends(tx: Tx): Promise<ModelBackendRow[]> {
  return tx.selectFrom('model_backends').selectAll().orderBy('name').execute();
}

export async function findModelBackend(tx: Tx, id: string): Promise<ModelBackendRow | undefined> {
  return tx.selectFrom('model_backends').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findModelBackendByName(tx: Tx, name: string): Promise<ModelBackendRow | undefined> {
  return tx.selectFrom('model_backends').selectAll().where('name', '=', name).executeTakeFirst();
}

export interface ModelBackendValues {
  name: string;
  kind: ModelBackendRow['kind'];
  url: string | null;
  model: string | null;
  languages: string | null;
  rules: unknown;
  speech: unknown;
  apiKey: string | null;
  timeoutMs: number;
  retries: number;
  ratePerMinute: number;
}

export async function insertModelBackend(tx: Tx, row: ModelBackendValues & { id: string; orgId: string; createdBy: string }): Promise<void> {
  await tx
    .insertInto('model_backends')
    .values({
      id: row.id,
      org_id: row.orgId,
      name: row.name,
      kind: row.kind,
      url: row.url,
      model: row.model,
      languages: row.languages,
      rules: row.rules === null ? null : JSON.stringify(row.rules),
      speech: row.speech === null ? null : JSON.stringify(row.speech),
      api_key: row.apiKey,
      timeout_ms: row.timeoutMs,
      retries: row.retries,
      rate_per_minute: row.ratePerMinute,
      created_by: row.createdBy,
    })
    .execute();
}

export async function updateModelBackend(tx: Tx, id: string, row: ModelBackendValues): Promise<void> {
  await tx
    .updateTable('model_backends')
    .set({
      name: row.name,
      kind: row.kind,
      url: row.url,
      model: row.model,
      languages: row.languages,
      rules: row.rules === null ? null : JSON.stringify(row.rules),
      speech: row.speech === null ? null : JSON.stringify(row.speech),
      api_key: row.apiKey,
      timeout_ms: row.timeoutMs,
      retries: row.retries,
      rate_per_minute: row.ratePerMinute,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteModelBackend(tx: Tx, id: string): Promise<boolean> {
  const result = await tx.deleteFrom('model_backends').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findProjectModelSettings(tx: Tx, projectId: string): Promise<ProjectModelSettingsRow | undefined> {
  return tx.selectFrom('project_model_settings').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}

export async function upsertProjectModelSettings(
  tx: Tx,
  row: { projectId: string; orgId: string; backendId: string | null; trainEvery: number | null; queueOrder: ProjectModelSettingsRow['queue_order']; judgeRubric: string | null },
): Promise<void> {
  await tx
    .insertInto('project_model_settings')
    .values({ project_id: row.projectId, org_id: row.orgId, backend_id: row.backendId, train_every: row.trainEvery, queue_order: row.queueOrder, judge_rubric: row.judgeRubric })
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ backend_id: row.backendId, train_every: row.trainEvery, queue_order: row.queueOrder, judge_rubric: row.judgeRubric, updated_at: sql<Date>`now()` }))
    .execute();
}

/** Counts one more accepted label; answers the new count (0 when the project has no settings row). */
export async function countAcceptedLabel(tx: Tx, projectId: string): Promise<number> {
  const row = await tx
    .updateTable('project_model_settings')
    .set({ accepted_since_training: sql<number>`accepted_since_training + 1` })
    .where('project_id', '=', projectId)
    .returning('accepted_since_training')
    .executeTakeFirst();
  return row?.accepted_since_training ?? 0;
}

export async function resetAcceptedLabels(tx: Tx, projectId: string): Promise<void> {
  await tx.updateTable('project_model_settings').set({ accepted_since_training: 0 }).where('project_id', '=', projectId).execute();
}

/**
 * Per model version: predictions, and for those whose task has an accepted final label, the pairs to
 * compare (the newest prediction of that version per task against the newest version of the task's
 * submitted annotations, a reviewer-accepted one first). "Accepted" = the task is completed and the
 * annotation not rejected in review.
 */
export async function predictionsWithFinalLabels(tx: Tx, projectId: string): Promise<{ model_version: string; task_id: string; prediction: unknown[]; score: number | null; final: unknown[] | null }[]> {
  const rows = await sql<{ model_version: string; task_id: string; prediction: unknown[]; score: number | null; final: unknown[] | null }>`
    SELECT DISTINCT ON (p.model_version, p.task_id)
           coalesce(p.model_version, 'unknown') AS model_version, p.task_id::text AS task_id, p.result AS prediction, p.score,
           (SELECT v.result FROM annotations a JOIN annotation_versions v ON v.annotation_id = a.id AND v.version = a.version
             WHERE a.task_id = p.task_id AND t.completed AND a.review_status <> 'rejected'
             ORDER BY (a.review_status = 'accepted') DESC, v.created_at DESC LIMIT 1) AS final
    FROM predictions p JOIN tasks t ON t.id = p.task_id
    WHERE p.project_id = ${projectId}
    ORDER BY p.model_version, p.task_id, p.created_at DESC`.execute(tx);
  return rows.rows;
}

export interface PreannotateFilter {
  projectId: string;
  /** Only tasks not yet completed. */
  incompleteOnly: boolean;
  /** Leave out tasks that already have a prediction from this backend (a rerun adds nothing twice). */
  backendId: string;
}

/** The next `limit` tasks after `afterId` (ascending ids) that a pre-annotation job should predict. */
export async function preannotateBatch(tx: Tx, f: PreannotateFilter, afterId: string | null, limit: number): Promise<{ id: string; data: Record<string, unknown> }[]> {
  let q = tx
    .selectFrom('tasks as t')
    .select(['t.id', 't.data'])
    .where('t.project_id', '=', f.projectId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('predictions as p').select('p.id').whereRef('p.task_id', '=', 't.id').where('p.backend_id', '=', f.backendId))))
    .orderBy('t.id')
    .limit(limit);
  if (afterId !== null) q = q.where('t.id', '>', afterId);
  if (f.incompleteOnly) q = q.where('t.completed', '=', false);
  return q.execute();
}

export async function countPreannotateTasks(tx: Tx, f: PreannotateFilter): Promise<number> {
  let q = tx
    .selectFrom('tasks as t')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('t.project_id', '=', f.projectId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('predictions as p').select('p.id').whereRef('p.task_id', '=', 't.id').where('p.backend_id', '=', f.backendId))));
  if (f.incompleteOnly) q = q.where('t.completed', '=', false);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function insertModelPredictions(
  tx: Tx,
  rows: { id: string; orgId: string; projectId: string; taskId: string; backendId: string; result: unknown[]; modelVersion: string; score: number | null; createdBy: string | null; meta?: unknown }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('predictions')
    .values(rows.map((r) => ({ id: r.id, org_id: r.orgId, project_id: r.projectId, task_id: r.taskId, import_id: null, backend_id: r.backendId, result: JSON.stringify(r.result), model_version: r.modelVersion, score: r.score, created_by: r.createdBy, meta: r.meta === undefined ? null : JSON.stringify(r.meta) })))
    .execute();
}
