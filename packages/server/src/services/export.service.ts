import { Readable } from 'node:stream';
import { csvHeader, csvRecord, exportJsonLine, isTrainingExportFormat, taskLabel, type AnyExportFormat, type AnnotationFormat, type AnnotationResult, type ExportAnnotation, type ExportFormat, type ExportTask, type LabelConfig, type TrainingExportFormat, type HfFiles } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { annotationHeadsOfTasks, annotationsOfTasks, listVersions } from '../repositories/annotations.repository.js';
import { taskBatch, type TaskRow } from '../repositories/tasks.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { exportEvent } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { exportAnnotationFormat, type FormatExportFile } from './format-export.service.js';
import { exportTraining, type TrainingExportFile } from './training-export.service.js';
import { exportSpeechClips, type ClipsExportStream } from './speech-clips-export.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { badRequest } from '../http/app-error.js';

const BATCH = 500;

export interface ExportStream {
  fileName: string;
  contentType: string;
  body: Readable;
}

/**
 * Streams a project's tasks with every annotation version, in keyset batches: memory stays flat
 * however large the project is, and no batch holds the database for long.
 */
export class ExportService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
  ) {}

  async export(ctx: TenantContext, projectId: string, format: ExportFormat): Promise<ExportStream> {
    requirePermission(ctx, 'project.export');
    const project = await this.database.tenant(ctx, async (tx) => {
      const p = await requireProject(tx, projectId);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.export', objectType: 'project', objectId: projectId, details: { format } });
      await appendLogEvent(tx, exportEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { projectId, format }));
      return p;
    });
    const lines = this.lines(ctx, projectId, project.config, format);
    const safeName = project.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'project';
    return {
      fileName: `${safeName}-${new Date().toISOString().slice(0, 10)}.${format}`,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      body: Readable.from(lines),
    };
  }

  /**
   * Any export format as one stream with its name, type and what it had to drop: what the download route
   * sends and what an `export` job writes into a file (jobs/export-job.ts).
   */
  async exportAny(ctx: TenantContext, projectId: string, format: AnyExportFormat, options: { files?: HfFiles } = {}): Promise<ExportStream & { dropped: string[] }> {
    if (isTrainingExportFormat(format)) return { ...(await this.exportTraining(ctx, projectId, format, options)), dropped: [] };
    if (options.files !== undefined) throw badRequest(`files applies to the hf export only; ${format} has no such choice`, { path: 'files' });
    if (format === 'clips') return this.exportClips(ctx, projectId);
    if (format === 'jsonl' || format === 'csv') return { ...(await this.export(ctx, projectId, format)), dropped: [] };
    const file = await this.exportFormat(ctx, projectId, format);
    return { fileName: file.fileName, contentType: file.contentType, body: Readable.from([file.body]), dropped: file.dropped };
  }

  /** An image project in another tool's format (COCO, YOLO, VOC, CVAT, Label Studio): docs/formats.md. */
  async exportFormat(ctx: TenantContext, projectId: string, format: AnnotationFormat): Promise<FormatExportFile> {
    return exportAnnotationFormat(this.database, ctx, projectId, format);
  }

  /** An audio project's delivered segments as WAV clips with a manifest (a zip, streamed): docs/formats.md. */
  async exportClips(ctx: TenantContext, projectId: string): Promise<ClipsExportStream> {
    return exportSpeechClips(this.database, this.blobs, ctx, projectId);
  }

  /** A dialogue or grounded-QA project's training data (SFT, preference, ranking, reward, QA JSONL, or the Hugging Face zip): docs/llm-data.md. */
  async exportTraining(ctx: TenantContext, projectId: string, format: TrainingExportFormat, options: { files?: HfFiles } = {}): Promise<TrainingExportFile> {
    return exportTraining(this.database, ctx, projectId, format, options);
  }

  private async *lines(ctx: TenantContext, projectId: string, config: LabelConfig, format: ExportFormat): AsyncGenerator<string> {
    // A BOM lets Excel open the UTF-8 CSV with Chinese text correctly.
    if (format === 'csv') yield '\uFEFF' + csvHeader(config);
    const fetch = (after: string | undefined) => {
      const next = this.database.tenant(ctx, (tx) => fetchExportBatch(tx, projectId, after, {}));
      // Handled here too: a download the client abandons never awaits the batch it had started.
      next.catch(() => undefined);
      return next;
    };
    // The next batch's queries run in the database while this one is rendered here (issue 10: the export was
    // bound by this process's one thread, with the database idle half the time).
    let pending = fetch(undefined);
    for (;;) {
      const rows = await pending;
      if (!rows) return;
      pending = fetch(rows.lastId);
      yield renderExportBatch(rows, config, format, {}).lines.join('');
    }
  }

}

/** One keyset batch of export records (a line each, newline included) after task `after`; undefined when done. */
export async function exportBatch(
  tx: Tx,
  projectId: string,
  config: LabelConfig,
  format: ExportFormat,
  after: string | undefined,
  options: { label?: boolean } = {},
): Promise<{ lines: string[]; lastId: string } | undefined> {
  const rows = await fetchExportBatch(tx, projectId, after, options);
  return rows && renderExportBatch(rows, config, format, options);
}

/** The rows one batch needs, read in one transaction; rendering them is `renderExportBatch`. */
interface ExportRows {
  tasks: TaskRow[];
  /** Annotations with their latest result (the delivered label needs it), or without (a plain export reads every version anyway). */
  annotations: { id: string; task_id: string; user_id: string; email: string; version: number; result?: unknown; review_status: string }[];
  versions: Awaited<ReturnType<typeof listVersions>>;
  adjudicated: Map<string, AnnotationResult>;
  lastId: string;
}

async function fetchExportBatch(tx: Tx, projectId: string, after: string | undefined, options: { label?: boolean }): Promise<ExportRows | undefined> {
  const tasks = await taskBatch(tx, projectId, after, BATCH);
  if (tasks.length === 0) return undefined;
  const ids = tasks.map((t) => t.id);
  // Without the delivered label the latest result is one of the versions below: not read (and parsed) twice.
  const annotations = options.label ? await annotationsOfTasks(tx, ids) : await annotationHeadsOfTasks(tx, ids);
  const versions = await listVersions(tx, annotations.map((a) => a.id));
  const adjudicated = options.label ? await adjudicatedResults(tx, ids) : new Map<string, AnnotationResult>();
  return { tasks, annotations, versions, adjudicated, lastId: tasks[tasks.length - 1]!.id };
}

function renderExportBatch(rows: ExportRows, config: LabelConfig, format: ExportFormat, options: { label?: boolean }): { lines: string[]; lastId: string } {
  const { tasks, annotations, versions, adjudicated } = rows;
  const versionsOf = groupBy(versions, (v) => v.annotation_id);
  const byTask = groupBy(
    annotations.map((a) => ({
      taskId: a.task_id,
      annotation: {
        id: a.id,
        annotator: a.email,
        versions: (versionsOf.get(a.id) ?? []).map((v) => ({ version: v.version, result: v.result as AnnotationResult, leadTimeMs: v.lead_time_ms, createdBy: v.email, createdAt: v.created_at.toISOString() })),
      } satisfies ExportAnnotation,
    })),
    (x) => x.taskId,
  );
  const current = groupBy(annotations, (a) => a.task_id);
  const lines = tasks.map((t) => {
    const task: ExportTask = { id: t.id, data: t.data, createdAt: t.created_at.toISOString() };
    const annotationsOfTask = (byTask.get(t.id) ?? []).map((x) => x.annotation);
    if (format === 'csv') return csvRecord(config, task, annotationsOfTask);
    if (!options.label) return exportJsonLine(task, annotationsOfTask);
    // The delivered label: work a reviewer rejected is left out of the vote.
    const inputs = (current.get(t.id) ?? [])
      .filter((a) => a.review_status !== 'rejected')
      .map((a) => ({ annotationId: a.id, version: a.version, worker: a.user_id, result: a.result as AnnotationResult }));
    const label = taskLabel(config, t.data, inputs, { gold: (t.gold as AnnotationResult | null | undefined) ?? null, adjudicated: adjudicated.get(t.id) ?? null });
    return exportJsonLine(task, annotationsOfTask, label);
  });
  return { lines, lastId: rows.lastId };
}

async function adjudicatedResults(tx: Tx, taskIds: string[]): Promise<Map<string, AnnotationResult>> {
  if (taskIds.length === 0) return new Map();
  const rows = await tx.selectFrom('adjudications').select(['task_id', 'result']).where('task_id', 'in', taskIds).where('status', '=', 'done').execute();
  return new Map(rows.map((r) => [r.task_id, r.result as AnnotationResult]));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
