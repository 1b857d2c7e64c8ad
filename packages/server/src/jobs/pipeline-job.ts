import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { OperatorStats, PipelineSpec, PipelineStats } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { insertImport } from '../repositories/tasks.repository.js';
import { insertTasksReturningIds } from '../repositories/predictions.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { importEvent, TaskDigest } from '../provenance/log-events.js';
import type { JobHandler, JobRun } from './job-handler.js';
import { insertDerivedMedia, loadTaskImage, type StoredSourceImage } from '../media/derived-image.js';
import { CARRIED_LABELS_KEY, outputRecordsOf, SpecRunner, storedOutput, type AudioSource, type RecordOutcome, type RunTotals, type SourceLabels } from './pipeline-record.js';
import { copyBlobToFile, findTaskAudio, insertDerivedAudioMedia, type StoredDerivedAudio } from '../media/derived-audio.js';
import { labelsOfTask } from '../repositories/task-labels.repository.js';
import { runSerialPart } from './pipeline-serial.js';

export const PIPELINE_JOB = 'pipeline';

/** What a pipeline run was asked to do (validated by `PipelineService` before it was queued). */
export interface PipelinePayload {
  sourceProjectId: string;
  targetProjectId: string;
  spec: PipelineSpec;
  wordLists?: Record<string, string[]> | undefined;
  /** Hex key of this run's consistent pseudonyms (`pseudonymize` PII policy): the same value gets the same pseudonym within the run. */
  pseudonymKey: string;
  /** The image field image operators read when they name none (the project's first image field). */
  imageField?: string | undefined;
  /** The audio field audio operators read when they name none (the project's first audio field). */
  audioField?: string | undefined;
  /**
   * Above 1: a split run (docs/pipelines.md, "Splitting a run"); this many shard jobs (`pipeline-shard`,
   * children of this one) run the operators before the first dedup, then this job runs the rest and publishes.
   */
  shards?: number | undefined;
}

export type PipelineCheckpoint = Checkpoint;

interface Checkpoint {
  /** The last source task (ids ascending) whose outcome is stored. */
  lastTaskId: string | null;
  done: number;
  /** True once the output became the target project's tasks. */
  published?: boolean;
  /** Run totals and image operator counts (text operator counts are rebuilt by replay). */
  totals?: RunTotals;
  imageStats?: OperatorStats[];
  audioStats?: OperatorStats[];
}

/** Batch of tasks per step: one transaction each, so a crash redoes at most this many. */
const BATCH = 500;
/** With image operators a task costs a decode or more, so steps are smaller (progress moves, a crash redoes less). */
const IMAGE_BATCH = 16;
/** Audio operators decode a recording several times (and a vad-split runs a model over it): smaller still. */
const AUDIO_BATCH = 8;

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
      if ((payload.shards ?? 1) > 1) return runSerialPart(database, blobs, run, payload);
      const runner = new SpecRunner(payload.spec, payload.imageField, { pseudonymKey: Buffer.from(payload.pseudonymKey, 'hex'), ...(payload.wordLists ? { wordLists: payload.wordLists } : {}) }, payload.audioField);
      const checkpoint: Checkpoint = (run.job.checkpoint as Checkpoint | null) ?? { lastTaskId: null, done: 0 };
      const scope = { orgId: run.job.orgId };
      const { last, done } = await processTasks(database, blobs, run, runner, checkpoint, { sourceProjectId: payload.sourceProjectId, targetProjectId: payload.targetProjectId, mediaName: run.job.id });
      const stats = runner.stats();
      const published = checkpoint.published ? await publishedImport(database, scope, run.job.id) : await publish(database, blobs, run, payload, stats, { lastTaskId: last, done });
      return { targetProjectId: payload.targetProjectId, ...published, records: stats.records, kept: stats.kept, changed: stats.changed, dropped: stats.dropped };
    },
  };
}

/** Where `processTasks` reads and writes. */
export interface TaskSource {
  sourceProjectId: string;
  targetProjectId: string;
  /** A split run's shard: its task ids, `from <= id < until` (null: unbounded). */
  range?: TaskRange | undefined;
  /** The job id in the names of derived media rows (a shard names its run's, so names are the unsplit run's). */
  mediaName: string;
  /**
   * A split run's shard: changed images and recordings are stored as blobs but get no media row here; the
   * item's output carries them (`DERIVED_KEY`, `DERIVED_AUDIO_KEY`) to the serial part, which adds the rows an
   * unsplit run would (none for an image whose record a later text operator drops).
   */
  deferMedia?: boolean | undefined;
  /** Runs in each step's transaction after its items are stored (a shard adds them to its run's progress). */
  onStep?: ((tx: Tx, tasks: number) => Promise<void>) | undefined;
}

export interface TaskRange {
  from: string | null;
  until: string | null;
}

/**
 * The tasks of `source` (ascending by id) through `runner`, from the checkpoint on: each step stores a batch's
 * outcomes in `pipeline_items` under this job with the checkpoint. Returns where it ended.
 */
export async function processTasks(database: Database, blobs: BlobStore, run: JobRun, runner: SpecRunner, checkpoint: Checkpoint, source: TaskSource): Promise<{ last: string | null; done: number }> {
  const scope = { orgId: run.job.orgId };
  const total = await database.tenant(scope, (tx) => countTasks(tx, source.sourceProjectId, source.range));
  if (checkpoint.lastTaskId !== null) await replay(database, scope, source.sourceProjectId, run.job.id, checkpoint.lastTaskId, runner, run.signal);
  if (checkpoint.imageStats) runner.stage.restoreStats(checkpoint.imageStats);
  if (checkpoint.audioStats) runner.audioStage.restoreStats(checkpoint.audioStats);
  const batchSize = runner.hasAudioOperators ? AUDIO_BATCH : runner.hasImageOperators ? IMAGE_BATCH : BATCH;
  const target = { orgId: run.job.orgId, projectId: source.targetProjectId, createdBy: run.job.createdBy };

  let last = checkpoint.lastTaskId;
  let done = checkpoint.done;
  const progress = () => ({ lastTaskId: last, done, totals: { ...runner.totals }, imageStats: runner.stage.stats, audioStats: runner.audioStage.stats });
  while (!checkpoint.published) {
    throwIfAborted(run.signal);
    // Read and process outside the step's transaction: decoding images must not hold the database.
    // New blobs are content-addressed, so a batch redone after a crash stores nothing twice.
    const batch = await database.tenant(scope, async (tx) => {
      const tasks = await sourceBatch(tx, source.sourceProjectId, last, batchSize, source.range);
      const images = new Map<string, StoredSourceImage>();
      const labels = new Map<string, SourceLabels>();
      const audio = new Map<string, AudioSource>();
      if (runner.hasAudioOperators) {
        // Only the media rows are read here; the recordings are copied to scratch files while each is processed.
        for (const task of tasks) {
          const found = await findTaskAudio(tx, task.data[runner.audioStage.field]);
          if (found) audio.set(task.id, { ...found, read: (path) => copyBlobToFile(blobs, found.sourceSha256, path) });
          // An audio pipeline carries each task's labels to its outputs (a vad-split piece: the segments inside it).
          const carried = found ? await labelsOfTask(tx, task.id) : undefined;
          if (carried) labels.set(task.id, carried);
        }
      }
      if (runner.hasImageOperators) {
        for (const task of tasks) {
          const image = await loadTaskImage(tx, blobs, task.data[runner.stage.field]);
          if (image) images.set(task.id, image);
          // An image pipeline carries each task's labels to its output, moved with the image.
          const found = image ? await labelsOfTask(tx, task.id) : undefined;
          if (found) labels.set(task.id, found);
        }
      }
      return { tasks, images, labels, audio };
    });
    if (batch.tasks.length === 0) {
      await run.step(() => Promise.resolve({ done, total, checkpoint: progress(), summary: runner.stats() }));
      break;
    }
    const outcomes: { id: string; out: RecordOutcome }[] = [];
    for (const task of batch.tasks) {
      throwIfAborted(run.signal);
      outcomes.push({ id: task.id, out: await runner.process(task.data, batch.images.get(task.id), blobs, `task ${task.id}`, batch.labels.get(task.id), batch.audio.get(task.id)) });
    }
    await run.step(async (tx) => {
      for (const { id, out } of source.deferMedia ? [] : outcomes) {
        if (out.derived) await insertDerivedMedia(tx, out.derived, { ...target, name: `pipeline-${source.mediaName}-${id}` });
        for (const [k, derived] of (out.derivedAudio ?? []).entries()) await insertDerivedAudioMedia(tx, derived, { ...target, name: derivedAudioName(source.mediaName, id, k, out.derivedAudio!.length, derived) });
      }
      const items = outcomes.map(({ id, out }) => ({
        job_id: run.job.id,
        org_id: run.job.orgId,
        input_task_id: id,
        outcome: out.status,
        dropped_by: out.status === 'dropped' ? JSON.stringify(out.droppedBy) : null,
        output: out.status === 'dropped' ? null : JSON.stringify(source.deferMedia ? withDerived(out) : storedOutput(out)),
      }));
      await tx.insertInto('pipeline_items').values(items).execute();
      await source.onStep?.(tx, batch.tasks.length);
      last = batch.tasks[batch.tasks.length - 1]!.id;
      done += batch.tasks.length;
      return { done, total: Math.max(total, done), checkpoint: progress(), summary: runner.stats() };
    });
  }
  return { last, done };
}

/** Output keys of a shard's item that carry its changed media to the serial part; never task data. */
export const DERIVED_KEY = '__derived';
export const DERIVED_AUDIO_KEY = '__derivedAudio';

function withDerived(out: RecordOutcome): Record<string, unknown> {
  return { ...storedOutput(out), ...(out.derived ? { [DERIVED_KEY]: out.derived } : {}), ...(out.derivedAudio && out.derivedAudio.length > 0 ? { [DERIVED_AUDIO_KEY]: out.derivedAudio } : {}) };
}

/** The media row name of a run's changed recording (`k` of `count` changed pieces of one input). */
export function derivedAudioName(jobId: string, inputTaskId: string, k: number, count: number, derived: StoredDerivedAudio): string {
  return `pipeline-${jobId}-${inputTaskId}${count > 1 ? `-${k + 1}` : ''}.${derived.mime === 'audio/flac' ? 'flac' : 'wav'}`;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the job was stopped');
}

/** Tasks of a project (within `range`, or before `range.from` with `before`). */
export async function countTasks(tx: Tx, projectId: string, range?: TaskRange, before = false): Promise<number> {
  let query = tx.selectFrom('tasks').select((eb) => eb.fn.countAll<string>().as('n')).where('project_id', '=', projectId);
  if (before) query = query.where('id', '<', range?.from ?? '0');
  else {
    if (range?.from) query = query.where('id', '>=', range.from);
    if (range?.until) query = query.where('id', '<', range.until);
  }
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

async function sourceBatch(tx: Tx, projectId: string, after: string | null, limit = BATCH, range?: TaskRange): Promise<{ id: string; data: Record<string, unknown> }[]> {
  let query = tx.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', projectId).orderBy('id').limit(limit);
  if (after !== null) query = query.where('id', '>', after);
  else if (range?.from) query = query.where('id', '>=', range.from);
  if (range?.until) query = query.where('id', '<', range.until);
  return query.execute();
}

/**
 * Feeds the tasks up to `upTo` through the pipeline again (reads only), with their stored outcomes, restoring
 * text dedup state, near-duplicate image state and counts without decoding an image again.
 */
async function replay(database: Database, scope: { orgId: string }, projectId: string, jobId: string, upTo: string, runner: SpecRunner, signal: AbortSignal): Promise<void> {
  let after: string | null = null;
  for (;;) {
    throwIfAborted(signal);
    const batch = await database.tenant(scope, (tx) => {
      let query = tx
        .selectFrom('tasks')
        .innerJoin('pipeline_items', (join) => join.onRef('pipeline_items.input_task_id', '=', 'tasks.id').on('pipeline_items.job_id', '=', jobId))
        .select(['tasks.id', 'tasks.data', 'pipeline_items.outcome', 'pipeline_items.dropped_by', 'pipeline_items.output'])
        .where('tasks.project_id', '=', projectId)
        .where('tasks.id', '<=', upTo)
        .orderBy('tasks.id')
        .limit(2_000);
      if (after !== null) query = query.where('tasks.id', '>', after);
      return query.execute();
    });
    if (batch.length === 0) return;
    for (const task of batch) runner.replay(task.data, { outcome: task.outcome, droppedBy: task.dropped_by, output: task.output });
    after = batch[batch.length - 1]!.id;
  }
}

export interface Published {
  importId: string;
  outputSha256: string;
  outputTasks: number;
}

export async function publishedImport(database: Database, scope: { orgId: string }, jobId: string): Promise<Published> {
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
      for (const output of outputRecordsOf(item.output)) {
        const { data, labels } = splitCarried(output);
        digest.add(data);
        yield `${JSON.stringify({ inputTaskId: item.input_task_id, data, ...(labels ? { labels } : {}) })}\n`;
      }
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
export async function publish(database: Database, blobs: BlobStore, run: JobRun, payload: PipelinePayload, stats: PipelineStats, at: { lastTaskId: string | null; done: number }): Promise<Published> {
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
      // A vad-split input has several outputs (its utterances); `pipeline_items` links it to the first.
      const rows = batch.flatMap((item) => outputRecordsOf(item.output).map((output, k) => ({ inputTaskId: item.input_task_id, first: k === 0, output })));
      const split = rows.map((row) => splitCarried(row.output));
      const ids = await insertTasksReturningIds(tx, split.map(({ data }) => ({ orgId: run.job.orgId, projectId: payload.targetProjectId, importId, data })));
      const predictions = split.flatMap(({ labels }, i) =>
        labels && labels.result.length > 0
          ? [{ id: randomUUID(), org_id: run.job.orgId, project_id: payload.targetProjectId, task_id: ids[i]!, import_id: importId, result: JSON.stringify(labels.result), model_version: PIPELINE_LABELS_VERSION, score: null, created_by: run.job.createdBy }]
          : [],
      );
      if (predictions.length > 0) await tx.insertInto('predictions').values(predictions).execute();
      for (const [i, row] of rows.entries()) {
        if (row.first) await tx.updateTable('pipeline_items').set({ output_task_id: ids[i]! }).where('job_id', '=', run.job.id).where('input_task_id', '=', row.inputTaskId).execute();
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

/** The model version of labels an image pipeline carried from a source task to its output. */
export const PIPELINE_LABELS_VERSION = 'pipeline-carried@1';

/** An output record without the carried labels (task data), and those labels (a prediction of the output task). */
function splitCarried(output: Record<string, unknown>): { data: Record<string, unknown>; labels?: { result: unknown[]; from: string } } {
  if (!(CARRIED_LABELS_KEY in output)) return { data: output };
  const { [CARRIED_LABELS_KEY]: labels, ...data } = output;
  return { data, labels: labels as { result: unknown[]; from: string } };
}
