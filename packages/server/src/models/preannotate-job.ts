import { randomUUID } from 'node:crypto';
import type { LabelConfig } from '@yungang/core';
import type { Database } from '../db/database.js';
import type { JobHandler, JobRun } from '../jobs/job-handler.js';
import { countPreannotateTasks, findModelBackend, insertModelPredictions, preannotateBatch } from '../repositories/model-backends.repository.js';
import { findProject } from '../repositories/projects.repository.js';
import type { BackendRegistry } from './backend-registry.js';
import { checkedPrediction, describeInvalid } from './checked-prediction.js';

export const PREANNOTATE = 'preannotate';

export interface PreannotatePayload {
  backendId: string;
  projectId: string;
  taskFilter?: { incompleteOnly?: boolean | undefined; maxTasks?: number | undefined } | undefined;
  batchSize: number;
}

interface Checkpoint {
  /** The highest task id done (predicted, or skipped because its result did not fit). */
  lastTaskId: string | null;
  done: number;
  stored: number;
  invalid: number;
  /** A few results that did not fit the project, to show with the job. */
  examples: string[];
}

/**
 * Pre-annotation (docs/models.md): runs a backend over a project's tasks in batches and stores what it
 * predicts as predictions (model version, score, backend), which the workbench offers as editable
 * suggestions. Each batch's predictions and the checkpoint after it commit together, so a resumed job
 * neither loses nor repeats a batch. A result that does not fit the project is counted and skipped; a
 * backend that keeps failing (after its retries) fails the job, which can be resumed later.
 */
export function preannotateHandler(database: Database, registry: BackendRegistry): JobHandler {
  return {
    kind: PREANNOTATE,
    async run(run: JobRun) {
      const payload = run.job.payload as PreannotatePayload;
      const scope = { orgId: run.job.orgId };
      const filter = { projectId: payload.projectId, incompleteOnly: payload.taskFilter?.incompleteOnly ?? true, backendId: payload.backendId };
      const start = await database.tenant(scope, async (tx) => ({
        project: await findProject(tx, payload.projectId),
        backend: await findModelBackend(tx, payload.backendId),
        remaining: await countPreannotateTasks(tx, filter),
      }));
      if (!start.project) throw new Error(`project ${payload.projectId} no longer exists`);
      if (!start.backend) throw new Error(`model backend ${payload.backendId} no longer exists`);
      const project = { id: start.project.id, title: start.project.name, labelConfig: start.project.label_config as LabelConfig };
      const backend = registry.backendFor(start.backend);
      // Like Label Studio before it asks for predictions: tell the backend which project (and label config) it serves.
      await backend.setup(project, run.signal);
      let cp: Checkpoint = (run.job.checkpoint as Checkpoint | null) ?? { lastTaskId: null, done: 0, stored: 0, invalid: 0, examples: [] };
      const max = payload.taskFilter?.maxTasks ?? Infinity;
      const total = Math.min(max, cp.done + start.remaining);
      for (;;) {
        const limit = Math.min(payload.batchSize, max - cp.done);
        if (limit <= 0) break;
        const tasks = await database.tenant(scope, (tx) => preannotateBatch(tx, filter, cp.lastTaskId, limit));
        if (tasks.length === 0) break;
        const predictions = await backend.predict(project, tasks, undefined, run.signal);
        const rows: Parameters<typeof insertModelPredictions>[1] = [];
        let invalid = 0;
        const examples = [...cp.examples];
        for (const task of tasks) {
          const prediction = predictions.find((p) => p.taskId === task.id);
          if (!prediction) continue;
          try {
            const checked = checkedPrediction(project.labelConfig, task.data, prediction);
            rows.push({ id: randomUUID(), orgId: run.job.orgId, projectId: project.id, taskId: task.id, backendId: payload.backendId, result: checked.result, modelVersion: checked.modelVersion, score: checked.score, createdBy: run.job.createdBy, meta: checked.meta });
          } catch (error) {
            invalid++;
            if (examples.length < 5) examples.push(`task ${task.id}: ${describeInvalid(error)}`);
          }
        }
        const next: Checkpoint = { lastTaskId: tasks[tasks.length - 1]!.id, done: cp.done + tasks.length, stored: cp.stored + rows.length, invalid: cp.invalid + invalid, examples };
        await run.step(async (tx) => {
          await insertModelPredictions(tx, rows);
          return { done: next.done, total, checkpoint: next, summary: { stored: next.stored, invalid: next.invalid, examples: next.examples } };
        });
        cp = next;
      }
      return { stored: cp.stored, invalid: cp.invalid, tasks: cp.done };
    },
  };
}
