import type { PredictionDto } from '@yungang/core';
import type { Tx } from '../db/database.js';

export async function insertPredictions(
  tx: Tx,
  rows: { id: string; orgId: string; projectId: string; taskId: string; importId: string | null; result: unknown[]; modelVersion: string | null; score: number | null; createdBy: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('predictions')
    .values(rows.map((r) => ({ id: r.id, org_id: r.orgId, project_id: r.projectId, task_id: r.taskId, import_id: r.importId, result: JSON.stringify(r.result), model_version: r.modelVersion, score: r.score, created_by: r.createdBy })))
    .execute();
}

/** A task's predictions, newest first (the one a workbench would start from comes first). */
export async function predictionsOfTask(tx: Tx, taskId: string): Promise<PredictionDto[]> {
  const rows = await tx.selectFrom('predictions').select(['id', 'result', 'model_version', 'score', 'created_at', 'meta']).where('task_id', '=', taskId).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, result: r.result as PredictionDto['result'], modelVersion: r.model_version, score: r.score, createdAt: r.created_at.toISOString(), ...(r.meta === null ? {} : { meta: r.meta as NonNullable<PredictionDto['meta']> }) }));
}

/** Predictions of many tasks (exports), grouped by task. */
export async function predictionsOfTasks(tx: Tx, taskIds: string[]): Promise<Map<string, PredictionDto[]>> {
  const out = new Map<string, PredictionDto[]>();
  if (taskIds.length === 0) return out;
  const rows = await tx.selectFrom('predictions').select(['id', 'task_id', 'result', 'model_version', 'score', 'created_at']).where('task_id', 'in', taskIds).orderBy('created_at', 'desc').orderBy('id').execute();
  for (const r of rows) {
    const dto: PredictionDto = { id: r.id, result: r.result as PredictionDto['result'], modelVersion: r.model_version, score: r.score, createdAt: r.created_at.toISOString() };
    out.set(r.task_id, [...(out.get(r.task_id) ?? []), dto]);
  }
  return out;
}

/** Inserts tasks and returns their ids in input order (annotations and predictions of an import need them). */
export async function insertTasksReturningIds(tx: Tx, rows: { orgId: string; projectId: string; importId: string; data: Record<string, unknown> }[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insertInto('tasks')
    .values(rows.map((r) => ({ org_id: r.orgId, project_id: r.projectId, import_id: r.importId, data: JSON.stringify(r.data) })))
    .returning('id')
    .execute();
  // PostgreSQL returns the rows of a multi-row INSERT … RETURNING in VALUES order.
  return inserted.map((r) => r.id);
}
