/**
 * Training exports of a dialogue project (docs/llm-data.md): SFT, preference pairs, rankings and
 * reward-model scores as JSON Lines, or all four in a zip laid out as a Hugging Face datasets folder with
 * a dataset card. Each task contributes through its delivered label (`taskLabel`: gold, adjudication,
 * the single annotation or the combined vote; rejected work left out), as the dataset versions do.
 * JSONL is streamed batch by batch; the zip is built whole, as zips are.
 */
import { Readable } from 'node:stream';
import { strToU8, zipSync } from 'fflate';
import { datasetCard, taskLabel, trainingField, trainingFilePath, trainingLines, type AnnotationResult, type LabelConfig, type TrainingExportFormat, type TrainingFormatName } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { badRequest } from '../http/app-error.js';
import { annotationsOfTasks } from '../repositories/annotations.repository.js';
import { taskBatch } from '../repositories/tasks.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { exportEvent } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';

const BATCH = 500;
const KINDS: readonly TrainingFormatName[] = ['sft', 'preference', 'ranking', 'reward'];

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

export async function exportTraining(database: Database, ctx: TenantContext, projectId: string, format: TrainingExportFormat): Promise<TrainingExportFile> {
  requirePermission(ctx, 'project.export');
  const project = await database.tenant(ctx, async (tx) => {
    const p = await requireProject(tx, projectId);
    if (trainingField(p.config) === undefined) throw badRequest(`${format} is a training export of conversations and this project has no dialogue field; export it as jsonl or csv`, { path: 'format' });
    await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.export', objectType: 'project', objectId: projectId, details: { format } });
    await appendLogEvent(tx, exportEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { projectId, format }));
    return p;
  });
  const safeName = project.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'project';
  const stem = `${safeName}-${new Date().toISOString().slice(0, 10)}-${format}`;
  const batches = async function* (kinds: readonly TrainingFormatName[]): AsyncGenerator<Map<TrainingFormatName, string[]>> {
    let after: string | undefined;
    for (;;) {
      const batch = await database.tenant(ctx, (tx) => trainingBatch(tx, projectId, project.config, kinds, after));
      if (!batch) return;
      yield batch.lines;
      after = batch.lastId;
    }
  };
  if (format !== 'hf') {
    const kind = format;
    const body = Readable.from(
      (async function* () {
        for await (const lines of batches([kind])) yield lines.get(kind)!.join('');
      })(),
    );
    return { fileName: `${stem}.jsonl`, contentType: 'application/x-ndjson; charset=utf-8', body };
  }
  const all = new Map<TrainingFormatName, string[]>(KINDS.map((k) => [k, []]));
  for await (const lines of batches(KINDS)) for (const kind of KINDS) all.get(kind)!.push(...lines.get(kind)!);
  const counts = Object.fromEntries(KINDS.map((k) => [k, all.get(k)!.length]));
  const files: Record<string, Uint8Array> = {
    'README.md': strToU8(datasetCard({ name: project.name, counts, languages: ['zh', 'en'], exportedAt: new Date().toISOString() })),
  };
  for (const kind of KINDS) if (all.get(kind)!.length > 0) files[trainingFilePath(kind)] = strToU8(all.get(kind)!.join(''));
  return { fileName: `${stem}.zip`, contentType: 'application/zip', body: Readable.from([Buffer.from(zipSync(files))]) };
}
