import { randomUUID } from 'node:crypto';
import type { LabelConfig, ResultItem } from '@yungang/core';
import { sql } from 'kysely';
import type { Database, Tx } from '../db/database.js';
import type { JobHandler } from '../jobs/job-handler.js';
import { insertJob } from '../repositories/jobs.repository.js';
import { countAcceptedLabel, findModelBackend, findProjectModelSettings, resetAcceptedLabels } from '../repositories/model-backends.repository.js';
import { findProject } from '../repositories/projects.repository.js';
import type { BackendRegistry } from './backend-registry.js';

export const MODEL_TRAIN = 'model-train';

interface TrainPayload {
  projectId: string;
  backendId: string;
  /** How many of the newest labels to send (the ones that triggered it). */
  labels: number;
}

/**
 * Called in the transaction that stores a submission (after the quality hooks decided on review): a
 * label that went to review counts only when a reviewer accepts it (`countLabelForTraining` from the
 * review decision); one that passed without review counts now. Models learn from accepted labels only.
 */
export async function countSubmissionForTraining(tx: Tx, orgId: string, userId: string, projectId: string, annotationId: string): Promise<void> {
  const row = await tx.selectFrom('annotations').select('review_status').where('id', '=', annotationId).executeTakeFirst();
  if (row?.review_status === 'pending') return;
  await countLabelForTraining(tx, orgId, userId, projectId);
}

/**
 * Active learning's training trigger (docs/models.md): called in the transaction that makes a label
 * accepted; after every `trainEvery` labels of a project with a model backend, it queues a `model-train`
 * job in that same transaction, so the trigger is durable and the request never waits for the backend.
 */
export async function countLabelForTraining(tx: Tx, orgId: string, userId: string, projectId: string): Promise<void> {
  const settings = await findProjectModelSettings(tx, projectId);
  if (!settings?.backend_id || settings.train_every === null) return;
  const count = await countAcceptedLabel(tx, projectId);
  if (count < settings.train_every) return;
  await resetAcceptedLabels(tx, projectId);
  const payload: TrainPayload = { projectId, backendId: settings.backend_id, labels: settings.train_every };
  await insertJob(tx, { id: randomUUID(), orgId, projectId, kind: MODEL_TRAIN, payload, createdBy: userId });
}

/** Sends `START_TRAINING` with the newest labels to the backend, when it trains (Label Studio ML backends); others are skipped. */
export function modelTrainHandler(database: Database, registry: BackendRegistry): JobHandler {
  return {
    kind: MODEL_TRAIN,
    async run(run) {
      const payload = run.job.payload as TrainPayload;
      const found = await database.tenant({ orgId: run.job.orgId }, async (tx) => {
        const project = await findProject(tx, payload.projectId);
        const backend = await findModelBackend(tx, payload.backendId);
        const labels = await sql<{ task_id: string; data: Record<string, unknown>; result: ResultItem[] }>`
          SELECT a.task_id::text AS task_id, t.data, v.result
          FROM annotations a JOIN annotation_versions v ON v.annotation_id = a.id AND v.version = a.version JOIN tasks t ON t.id = a.task_id
          WHERE a.project_id = ${payload.projectId} AND t.gold IS NULL AND a.review_status IN ('none', 'accepted')
          ORDER BY v.created_at DESC LIMIT ${payload.labels}`.execute(tx);
        return { project, backend, labels: labels.rows.reverse() };
      });
      if (!found.project || !found.backend) return { skipped: 'the project or its model backend no longer exists' };
      const backend = registry.backendFor(found.backend);
      if (!backend.train) return { skipped: `a ${found.backend.kind} backend does not train` };
      const project = { id: found.project.id, title: found.project.name, labelConfig: found.project.label_config as LabelConfig };
      await backend.train({ action: 'START_TRAINING', project, annotations: found.labels.map((l) => ({ taskId: l.task_id, data: l.data, result: l.result })) }, run.signal);
      await run.step(() => Promise.resolve({ done: 1, total: 1, checkpoint: { sent: true }, summary: { labels: found.labels.length } }));
      return { sent: found.labels.length, backend: found.backend.name };
    },
  };
}
