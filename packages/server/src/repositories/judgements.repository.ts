import type { Selectable } from 'kysely';
import type { Tx } from '../db/database.js';
import type { JudgementsTable } from '../db/model-schema.js';

export type JudgementRow = Selectable<JudgementsTable>;

export async function insertJudgement(
  tx: Tx,
  row: { id: string; orgId: string; projectId: string; taskId: string; annotationId: string; annotationVersion: number; backendId: string; modelVersion: string; score: number; reasons: string[]; candidates: { index: number; score: number; reasons: string[] }[] | null; rubricSha256: string; createdBy: string },
): Promise<JudgementRow> {
  return tx
    .insertInto('judgements')
    .values({
      id: row.id,
      org_id: row.orgId,
      project_id: row.projectId,
      task_id: row.taskId,
      annotation_id: row.annotationId,
      annotation_version: row.annotationVersion,
      backend_id: row.backendId,
      model_version: row.modelVersion,
      score: row.score,
      reasons: JSON.stringify(row.reasons),
      candidates: row.candidates === null ? null : JSON.stringify(row.candidates),
      rubric_sha256: row.rubricSha256,
      created_by: row.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A task's verdicts, newest first. */
export async function judgementsOfTask(tx: Tx, taskId: string): Promise<JudgementRow[]> {
  return tx.selectFrom('judgements').selectAll().where('task_id', '=', taskId).orderBy('created_at', 'desc').orderBy('id').execute();
}
