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
 * `reviewStatus` is the annotation's after the quality hooks; `settings` the project's model settings.
 */
export async function countSubmissionForTraining(
  tx: Tx,
  orgId: string,
  userId: string,
  projectId: string,
  reviewStatus: string | undefined,
  settings: { backend_id: string | null; train_every: number | null },
): Promise<void> {
  // The submit already read the review status and the project's model settings: this runs on every
  // submit, and a statement less per submit is a round trip less (issue 10).
  if (reviewStatus === 'pending') return;
  await countWithSettings(tx, orgId, userId, projectId, settings);
}

/**
 * Active learning's training trigger (docs/models.md): called in the transaction that makes a label
 * accepted; after every `trainEvery` labels of a project with a model backend, it queues a `model-train`
 * job in that same transaction, so the trigger is durable and the request never waits for the backend.
 */
export async function countLabelForTraining(tx: Tx, orgId: string, userId: string, projectId: string): Promise<void> {
  await countWithSettings(tx, orgId, userId, projectId, await findProjectModelSettings(tx, projectId));
}

/** Whether labels of a project with these model settings count towards training (a backend and a trigger). */
export function countsForTraining(settings: { backend_id: string | null; train_every: number | null } | undefined): settings is { backend_id: string; train_every: number } {
  return Boolean(settings?.backend_id) && settings?.train_every !== null && settings?.train_every !== undefined;
}

/** The count and the trigger, with the project's model settings already read (absent: no model, nothing to count). */
async function countWithSettings(tx: Tx, orgId: string, userId: string, projectId: string, settings: { backend_id: string | null; train_every: number | null } | undefined): Promise<void> {
  if (!countsForTraining(settings)) return;
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
