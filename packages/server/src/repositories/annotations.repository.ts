import type { Tx } from '../db/database.js';
import { isUuid } from '../db/ids.js';

export interface AnnotationRow {
  id: string;
  task_id: string;
  user_id: string;
  email: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  result: unknown[];
  lead_time_ms: number;
  review_status: string;
}

/** Annotations with their latest version, for a set of tasks. */
export async function annotationsOfTasks(tx: Tx, taskIds: string[]): Promise<AnnotationRow[]> {
  if (taskIds.length === 0) return [];
  return tx
    .selectFrom('annotations as an')
    .innerJoin('annotation_versions as v', (j) => j.onRef('v.annotation_id', '=', 'an.id').onRef('v.version', '=', 'an.version'))
    .innerJoin('users as u', 'u.id', 'an.user_id')
    .select(['an.id', 'an.task_id', 'an.user_id', 'u.email', 'an.version', 'an.created_at', 'an.updated_at', 'v.result', 'v.lead_time_ms', 'an.review_status'])
    .where('an.task_id', 'in', taskIds)
    .orderBy('an.created_at')
    .execute();
}

/** Annotations of a set of tasks without their results (an export that reads every version needs no latest result). */
export async function annotationHeadsOfTasks(tx: Tx, taskIds: string[]): Promise<Omit<AnnotationRow, 'result' | 'lead_time_ms' | 'created_at' | 'updated_at'>[]> {
  if (taskIds.length === 0) return [];
  return tx
    .selectFrom('annotations as an')
    .innerJoin('users as u', 'u.id', 'an.user_id')
    .select(['an.id', 'an.task_id', 'an.user_id', 'u.email', 'an.version', 'an.review_status'])
    .where('an.task_id', 'in', taskIds)
    .orderBy('an.created_at')
    .execute();
}

export async function findAnnotation(tx: Tx, id: string, opts: { forUpdate?: boolean } = {}) {
  if (!isUuid(id)) return undefined;
  let q = tx.selectFrom('annotations').select(['id', 'project_id', 'task_id', 'user_id', 'version', 'assignment_id', 'review_status']).where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findAnnotationOf(tx: Tx, taskId: string, userId: string) {
  return tx.selectFrom('annotations').select(['id', 'version']).where('task_id', '=', taskId).where('user_id', '=', userId).executeTakeFirst();
}

export async function insertAnnotation(tx: Tx, a: { id: string; orgId: string; projectId: string; taskId: string; userId: string; assignmentId: string | null }): Promise<void> {
  await tx
    .insertInto('annotations')
    .values({ id: a.id, org_id: a.orgId, project_id: a.projectId, task_id: a.taskId, user_id: a.userId, assignment_id: a.assignmentId, version: 0 })
    .execute();
}

/** Appends version n+1. Versions are never updated or deleted: an edit is a new row. */
export async function appendVersion(
  tx: Tx,
  v: { annotationId: string; orgId: string; version: number; result: unknown[]; leadTimeMs: number; createdBy: string },
): Promise<void> {
  await tx
    .insertInto('annotation_versions')
    .values({ annotation_id: v.annotationId, org_id: v.orgId, version: v.version, result: JSON.stringify(v.result), lead_time_ms: v.leadTimeMs, created_by: v.createdBy })
    .execute();
  await tx.updateTable('annotations').set({ version: v.version, updated_at: new Date() }).where('id', '=', v.annotationId).execute();
}

export async function listVersions(tx: Tx, annotationIds: string[]) {
  if (annotationIds.length === 0) return [];
  return tx
    .selectFrom('annotation_versions as v')
    .innerJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.annotation_id', 'v.version', 'v.result', 'v.lead_time_ms', 'v.created_by', 'u.email', 'v.created_at'])
    .where('v.annotation_id', 'in', annotationIds)
    .orderBy('v.annotation_id')
    .orderBy('v.version')
    .execute();
}
