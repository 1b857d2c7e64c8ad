import type { AnnotationResult } from '@yungang/core';
import type { Tx } from '../db/database.js';

/**
 * The labels a derived copy of a task starts from (augmentation, image pipelines): the accepted annotation,
 * else the newest one not rejected, else the newest prediction.
 */
export async function labelsOfTask(tx: Tx, taskId: string): Promise<{ result: AnnotationResult; from: string } | undefined> {
  const annotation = await tx
    .selectFrom('annotations')
    .innerJoin('annotation_versions', (j) => j.onRef('annotation_versions.annotation_id', '=', 'annotations.id').onRef('annotation_versions.version', '=', 'annotations.version'))
    .select(['annotations.id', 'annotations.version', 'annotations.review_status', 'annotation_versions.result'])
    .where('annotations.task_id', '=', taskId)
    .where('annotations.review_status', '!=', 'rejected')
    .orderBy('annotations.updated_at', 'desc')
    .execute();
  const best = annotation.find((a) => a.review_status === 'accepted') ?? annotation[0];
  if (best) return { result: best.result as AnnotationResult, from: `annotation ${best.id} v${best.version}` };
  const prediction = await tx.selectFrom('predictions').select(['id', 'result']).where('task_id', '=', taskId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (prediction) return { result: prediction.result as AnnotationResult, from: `prediction ${prediction.id}` };
  return undefined;
}

