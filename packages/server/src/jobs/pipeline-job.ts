import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createPipeline, type Pipeline, type PipelineSpec, type PipelineStats } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { insertImport } from '../repositories/tasks.repository.js';
import { insertTasksReturningIds } from '../repositories/predictions.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { importEvent, TaskDigest } from '../provenance/log-events.js';
import type { JobHandler, JobRun } from './job-handler.js';

export const PIPELINE_JOB = 'pipeline';

/** What a pipeline run was asked to do (validated by `PipelineService` before it was queued). */
export interface PipelinePayload {
  sourceProjectId: string;
  targetProjectId: string;
  spec: PipelineSpec;
  wordLists?: Record<string, string[]> | undefined;
  /** Hex key of this run's consistent pseudonyms (`pseudonymize` PII policy): the same value gets the same pseudonym within the run. */
  pseudonymKey: string;
}

interface Checkpoint {
  /** The last source task (ids ascending) whose outcome is stored. */
  lastTaskId: string | null;
  done: number;
  /** True once the output became the target project's tasks. */
  published?: boolean;
}

/** Batch of tasks per step: one transaction each, so a crash redoes at most this many. */
const BATCH = 500;

/**
 * Runs a preprocessing pipeline (docs/pipelines.md) over a project's tasks, ascending by id. Each step
 * processes a batch and stores each task's outcome and output record in `pipeline_items` with the
 * checkpoint. The source tasks are never changed. When every task is done, one last step publishes the
 * outputs as tasks of the target project, with a content-addressed JSONL of them as the import's source
 * blob and an `import` entry in the transparency log; until then the target project holds nothing, so a
 * crash never leaves a half-written dataset. On resume, the tasks already done are replayed through the
 * pipeline without writing, so dedup state and counts are exactly those of an uninterrupted run.
 */
export function pipelineJobHandler(database: Database, blobs: BlobStore): JobHandler {
  return {
    kind: PIPELINE_JOB,
    async run(run) {
      const payload = run.job.payload as PipelinePayload;
      const pipeline = createPipeline(payload.spec, { pseudonymKey: Buffer.from(payload.pseudonymKey, 'hex'), ...(payload.wordLists ? { wordLists: payload.wordLists } : {}) });
      const checkpoint: Checkpoint = (run.job.checkpoint as Checkpoint | null) ?? { lastTaskId: null, done: 0 };
      const scope = { orgId: run.job.orgId };
      const total = await database.tenant(scope, (tx) => countTasks(tx, payload.sourceProjectId));
      if (checkpoint.lastTaskId !== null) await replay(database, scope, payload.sourceProjectId, checkpoint.lastTaskId, pipeline, run.signal);

      let last = checkpoint.lastTaskId;
      let done = checkpoint.done;
      while (!checkpoint.published) {
        throwIfAborted(run.signal);
        let finished = false;
        await run.step(async (tx) => {
          const batch = await sourceBatch(tx, payload.sourceProjectId, last);
          if (batch.length === 0) {
            finished = true;
            return { done, total, checkpoint: { lastTaskId: last, done }, summary: pipeline.stats() };
          }
          const items = batch.map((task) => {
            const out = pipeline.process(task.data);
            return {
              job_id: run.job.id,
              org_id: run.job.orgId,
              input_task_id: task.id,
              outcome: out.status,
              dropped_by: out.status === 'dropped' ? JSON.stringify(out.droppedBy) : null,
              output: out.status === 'dropped' ? null : JSON.stringify(out.record),
            };
          });
          await tx.insertInto('pipeline_items').values(items).execute();
          last = batch[batch.length - 1]!.id;
          done += batch.length;
          return { done, total: Math.max(total, done), checkpoint: { lastTaskId: last, done }, summary: pipeline.stats() };
        });
        if (finished) break;
      }
      const stats = pipeline.stats();
      const published = checkpoint.published ? await publishedImport(database, scope, run.job.id) : await publish(database, blobs, run, payload, stats, { lastTaskId: last, done });
      return { targetProjectId: payload.targetProjectId, ...published, records: stats.records, kept: stats.kept, changed: stats.changed, dropped: stats.dropped };
    },
  };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the job was stopped');
}

async function countTasks(tx: Tx, projectId: string): Promise<number> {
  const row = await tx.selectFrom('tasks').select((eb) => eb.fn.countAll<string>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function sourceBatch(tx: Tx, projectId: string, after: string | null, limit = BATCH): Promise<{ id: string; data: Record<string, unknown> }[]> {
  let query = tx.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', projectId).orderBy('id').limit(limit);
  if (after !== null) query = query.where('id', '>', after);
  return query.execute();
}

/** Feeds the tasks up to `upTo` through the pipeline again (reads only), restoring its dedup state and counts. */
async function replay(database: Database, scope: { orgId: string }, projectId: string, upTo: string, pipeline: Pipeline, signal: AbortSignal): Promise<void> {
  let after: string | null = null;
  for (;;) {
    throwIfAborted(signal);
    const batch: { id: string; data: Record<string, unknown> }[] = await database.tenant(scope, (tx) => {
      let query = tx.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', projectId).where('id', '<=', upTo).orderBy('id').limit(2_000);
      if (after !== null) query = query.where('id', '>', after);
      return query.execute();
    });
    if (batch.length === 0) return;
    for (const task of batch) pipeline.process(task.data);
    after = batch[batch.length - 1]!.id;
  }
}

interface Published {
  importId: string;
  outputSha256: string;
  outputTasks: number;
}

async function publishedImport(database: Database, scope: { orgId: string }, jobId: string): Promise<Published> {
  return database.tenant(scope, async (tx) => {
    const item = await tx.selectFrom('pipeline_items').innerJoin('tasks', 'tasks.id', 'pipeline_items.output_task_id').select(['tasks.import_id']).where('pipeline_items.job_id', '=', jobId).executeTakeFirst();
    const imp = item?.import_id ? await tx.selectFrom('imports').select(['id', 'source_sha256', 'task_count']).where('id', '=', item.import_id).executeTakeFirst() : undefined;
    return { importId: imp?.id ?? '', outputSha256: imp?.source_sha256 ?? '', outputTasks: imp?.task_count ?? 0 };
  });
}

/** Output records in input order: `{inputTaskId, data}` per line of the run's output blob. */
async function* outputLines(database: Database, scope: { orgId: string }, jobId: string, digest: TaskDigest): AsyncGenerator<string> {
  let after: string | null = null;
  for (;;) {
    const batch = await outputBatch(database, scope, jobId, after, 2_000);
    if (batch.length === 0) return;
    for (const item of batch) {
      digest.add(item.output);
      yield `${JSON.stringify({ inputTaskId: item.input_task_id, data: item.output })}\n`;
    }
    after = batch[batch.length - 1]!.input_task_id;
  }
}

function outputBatch(database: Database | null, scope: { orgId: string }, jobId: string, after: string | null, limit: number, tx?: Tx) {
  const read = (t: Tx) => {
    let query = t.selectFrom('pipeline_items').select(['input_task_id', 'output']).where('job_id', '=', jobId).where('outcome', '!=', 'dropped').orderBy('input_task_id').limit(limit);
    if (after !== null) query = query.where('input_task_id', '>', after);
    return query.execute() as Promise<{ input_task_id: string; output: Record<string, unknown> }[]>;
  };
  return tx ? read(tx) : database!.tenant(scope, read);
}

/**
 * Stores the output as a content-addressed JSONL blob (before the transaction: a crash leaves at most an
 * unreferenced blob), then in one step makes the target project's tasks, the import that names the blob,
 * the links from each input to its output task, and the import's log entry.
 */
async function publish(database: Database, blobs: BlobStore, run: JobRun, payload: PipelinePayload, stats: PipelineStats, at: { lastTaskId: string | null; done: number }): Promise<Published> {
  const scope = { orgId: run.job.orgId };
  const digest = new TaskDigest();
  const source = await blobs.put(Readable.from(outputLines(database, scope, run.job.id, digest)));
  const importId = randomUUID();
  const outputTasks = digest.count;
  await run.step(async (tx) => {
    const fileName = `pipeline-${run.job.id}.jsonl`;
    await insertImport(tx, { id: importId, orgId: run.job.orgId, projectId: payload.targetProjectId, fileName, format: 'pipeline', taskCount: outputTasks, createdBy: run.job.createdBy, source });
    let after: string | null = null;
    for (;;) {
      const batch = await outputBatch(null, scope, run.job.id, after, 1_000, tx);
      if (batch.length === 0) break;
      const ids = await insertTasksReturningIds(tx, batch.map((item) => ({ orgId: run.job.orgId, projectId: payload.targetProjectId, importId, data: item.output })));
      for (const [i, item] of batch.entries()) {
        await tx.updateTable('pipeline_items').set({ output_task_id: ids[i]! }).where('job_id', '=', run.job.id).where('input_task_id', '=', item.input_task_id).execute();
      }
      after = batch[batch.length - 1]!.input_task_id;
    }
    const actor = { orgId: run.job.orgId, actorId: run.job.createdBy };
    await appendAudit(tx, { orgId: run.job.orgId, userId: run.job.createdBy, action: 'task.import', objectType: 'project', objectId: payload.targetProjectId, details: { importId, count: outputTasks, format: 'pipeline', jobId: run.job.id, sourceProjectId: payload.sourceProjectId, sourceSha256: source.sha256 } });
    await appendLogEvent(tx, importEvent(actor, { importId, projectId: payload.targetProjectId, format: 'pipeline', fileName, sourceSha256: source.sha256, sourceBytes: source.size, taskCount: outputTasks, tasksRoot: digest.root() }));
    return { done: at.done, total: at.done, checkpoint: { lastTaskId: at.lastTaskId, done: at.done, published: true } satisfies Checkpoint, summary: stats };
  });
  return { importId, outputSha256: source.sha256, outputTasks };
}
