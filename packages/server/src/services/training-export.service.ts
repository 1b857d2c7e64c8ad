/**
 * Training exports of a dialogue or grounded-QA project (docs/llm-data.md): SFT, preference pairs,
 * rankings, reward-model scores and SQuAD-shaped QA as JSON Lines, or all of them in a zip laid out as a
 * Hugging Face datasets folder with a dataset card, holding JSON Lines, Parquet or both. Each task
 * contributes through its delivered label (`taskLabel`: gold, adjudication, the single annotation or the
 * combined vote; rejected work left out), as the dataset versions do.
 * Everything streams: JSONL batch by batch; the zip entry by entry (one pass over the tasks per record
 * kind, so only one entry is open at a time), its card last since it counts the records. A Parquet file
 * holds one kind's records in memory while it is built.
 */
import { Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
import { TRAINING_KINDS, datasetCard, qaControlOf, taskLabel, trainingField, trainingFilePath, trainingLines, type AnnotationResult, type HfFiles, type LabelConfig, type TrainingExportFormat, type TrainingFormatName } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { badRequest } from '../http/app-error.js';
import { annotationsOfTasks } from '../repositories/annotations.repository.js';
import { taskBatch } from '../repositories/tasks.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { exportEvent } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { trainingParquet } from './training-parquet.js';

const BATCH = 500;

/** The kinds a project can produce: the dialogue kinds need a dialogue field, `qa` a groundedqa control. */
function kindsOf(config: LabelConfig): TrainingFormatName[] {
  const dialogue = trainingField(config) !== undefined;
  const qa = qaControlOf(config) !== undefined;
  return TRAINING_KINDS.filter((k) => (k === 'qa' ? qa : dialogue));
}

export interface TrainingExportFile {
  fileName: string;
  contentType: string;
  body: Readable;
}

/** One keyset batch: per record kind, the JSONL lines of the tasks after `after`; undefined when done. */
async function trainingBatch(tx: Tx, projectId: string, config: LabelConfig, kinds: readonly TrainingFormatName[], after: string | undefined): Promise<{ lines: Map<TrainingFormatName, string[]>; lastId: string } | undefined> {
  const tasks = await taskBatch(tx, projectId, after, BATCH);
  if (tasks.length === 0) return undefined;
  const ids = tasks.map((t) => t.id);
  const annotations = await annotationsOfTasks(tx, ids);
  const adjudicated = new Map(
    (await tx.selectFrom('adjudications').select(['task_id', 'result']).where('task_id', 'in', ids).where('status', '=', 'done').execute()).map((r) => [r.task_id, r.result as AnnotationResult]),
  );
  const lines = new Map<TrainingFormatName, string[]>(kinds.map((k) => [k, []]));
  for (const t of tasks) {
    const inputs = annotations
      .filter((a) => a.task_id === t.id && a.review_status !== 'rejected')
      .map((a) => ({ annotationId: a.id, version: a.version, worker: a.user_id, result: a.result as AnnotationResult }));
    const label = taskLabel(config, t.data, inputs, { gold: (t.gold as AnnotationResult | null | undefined) ?? null, adjudicated: adjudicated.get(t.id) ?? null });
    for (const kind of kinds) lines.get(kind)!.push(...trainingLines(kind, config, { id: t.id, data: t.data, label: label.result }));
  }
  return { lines, lastId: tasks[tasks.length - 1]!.id };
}

export async function exportTraining(database: Database, ctx: TenantContext, projectId: string, format: TrainingExportFormat, options: { files?: HfFiles } = {}): Promise<TrainingExportFile> {
  requirePermission(ctx, 'project.export');
  const files = options.files ?? 'jsonl';
  if (format !== 'hf' && options.files !== undefined) throw badRequest(`files applies to the hf export only; ${format} is one JSON Lines file`, { path: 'files' });
  const project = await database.tenant(ctx, async (tx) => {
    const p = await requireProject(tx, projectId);
    const kinds = kindsOf(p.config);
    if (format === 'qa' && !kinds.includes('qa')) throw badRequest('qa is the export of grounded question–answer pairs and this project has no groundedqa control; export it as jsonl or csv', { path: 'format' });
    if (format !== 'qa' && format !== 'hf' && !kinds.includes(format)) throw badRequest(`${format} is a training export of conversations and this project has no dialogue field; export it as jsonl or csv`, { path: 'format' });
    if (kinds.length === 0) throw badRequest('hf is a training export of conversations or grounded QA and this project has neither a dialogue field nor a groundedqa control; export it as jsonl or csv', { path: 'format' });
    await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.export', objectType: 'project', objectId: projectId, details: format === 'hf' ? { format, files } : { format } });
    await appendLogEvent(tx, exportEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { projectId, format }));
    return p;
  });
  const safeName = project.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'project';
  const stem = `${safeName}-${new Date().toISOString().slice(0, 10)}-${format}`;
  const batches = async function* (kind: TrainingFormatName): AsyncGenerator<string[]> {
    let after: string | undefined;
    for (;;) {
      const batch = await database.tenant(ctx, (tx) => trainingBatch(tx, projectId, project.config, [kind], after));
      if (!batch) return;
      yield batch.lines.get(kind)!;
      after = batch.lastId;
    }
  };
  if (format !== 'hf') {
    const body = Readable.from(
      (async function* () {
        for await (const lines of batches(format)) yield lines.join('');
      })(),
    );
    return { fileName: `${stem}.jsonl`, contentType: 'application/x-ndjson; charset=utf-8', body };
  }
  const body = Readable.from(hfZip(project.name, kindsOf(project.config), files, batches));
  return { fileName: `${stem}.zip`, contentType: 'application/zip', body };
}

/**
 * The Hugging Face folder as a zip stream: per kind its JSON Lines entry (deflated while the batches come)
 * and/or its Parquet file (stored: its pages are already compressed), then README.md with the counts.
 */
async function* hfZip(name: string, kinds: readonly TrainingFormatName[], files: HfFiles, batches: (kind: TrainingFormatName) => AsyncGenerator<string[]>): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  // fflate calls back synchronously from push/end, so after each call the finished bytes are in `ready`.
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else ready.push(chunk);
  });
  const drain = function* (): Generator<Uint8Array> {
    if (failure !== null) throw failure;
    while (ready.length > 0) yield ready.shift()!;
  };
  const counts: Partial<Record<TrainingFormatName, number>> = {};
  for (const kind of kinds) {
    let jsonl: ZipDeflate | undefined;
    let count = 0;
    const records: Record<string, unknown>[] = [];
    for await (const lines of batches(kind)) {
      if (lines.length === 0) continue;
      count += lines.length;
      if (files !== 'parquet') {
        if (jsonl === undefined) {
          jsonl = new ZipDeflate(trainingFilePath(kind, 'jsonl'), { level: 6 });
          zip.add(jsonl);
        }
        jsonl.push(strToU8(lines.join('')), false);
        yield* drain();
      }
      if (files !== 'jsonl') for (const line of lines) records.push(JSON.parse(line) as Record<string, unknown>);
    }
    jsonl?.push(new Uint8Array(0), true);
    if (records.length > 0) {
      const parquet = new ZipPassThrough(trainingFilePath(kind, 'parquet'));
      zip.add(parquet);
      parquet.push(trainingParquet(kind, records), true);
    }
    counts[kind] = count;
    yield* drain();
  }
  const card = new ZipDeflate('README.md', { level: 6 });
  zip.add(card);
  card.push(strToU8(datasetCard({ name, counts, languages: ['zh', 'en'], exportedAt: new Date().toISOString(), files })), true);
  zip.end();
  yield* drain();
}
