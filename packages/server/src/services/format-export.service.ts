/**
 * Exporting an image project in other tools' formats (docs/formats.md). The shape formats (COCO, YOLO,
 * VOC, CVAT) carry one result per image: the task's delivered label (`taskLabel`: gold, adjudication, the
 * single annotation, or the fused vote), as the JSONL export's `label`. Label Studio JSON carries every
 * annotation's current version and the predictions. The file is built whole: these formats are one JSON
 * or XML document (or a zip of small files), not line-streamable.
 */
import { strToU8, zipSync } from 'fflate';
import { buildCoco, buildCvat, buildLabelStudio, buildVoc, buildYolo, isSpeechFormat, taskLabel, tasksToUtterances, type AnnotationFormat, type AnnotationResult, type ExportImage, type ExportReport, type LabelConfig, type LabelStudioExportTask } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { badRequest } from '../http/app-error.js';
import { annotationsOfTasks } from '../repositories/annotations.repository.js';
import { taskBatch } from '../repositories/tasks.repository.js';
import { predictionsOfTasks } from '../repositories/predictions.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { exportEvent } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { exportAudioPath, speechExportBody, type SpeechExportTask } from './speech-format.js';
import { isVideoFormat, videoExportBody, type VideoFormat } from './video-format.js';

const BATCH = 500;

export interface FormatExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  /** What the format could not hold, "reason: count" entries (sent as a response header). */
  dropped: string[];
}

interface Gathered {
  images: ExportImage[];
  labelStudio: LabelStudioExportTask[];
}

/** One keyset batch of tasks with their delivered labels (also read by the clips export, speech-clips-export.ts). */
export async function gather(tx: Tx, projectId: string, config: LabelConfig, after: string | undefined, fieldName?: string): Promise<(Gathered & { lastId: string }) | undefined> {
  const tasks = await taskBatch(tx, projectId, after, BATCH);
  if (tasks.length === 0) return undefined;
  const ids = tasks.map((t) => t.id);
  const annotations = await annotationsOfTasks(tx, ids);
  const predictions = await predictionsOfTasks(tx, ids);
  const adjudicated = new Map(
    (await tx.selectFrom('adjudications').select(['task_id', 'result']).where('task_id', 'in', ids).where('status', '=', 'done').execute()).map((r) => [r.task_id, r.result as AnnotationResult]),
  );
  // The media field whose URL each task is listed by: the image field, or the audio field of a speech export.
  const field = config.fields.find((f) => (fieldName === undefined ? f.type === 'image' : f.name === fieldName))!;
  const out: Gathered = { images: [], labelStudio: [] };
  for (const t of tasks) {
    const mine = annotations.filter((a) => a.task_id === t.id);
    const inputs = mine.filter((a) => a.review_status !== 'rejected').map((a) => ({ annotationId: a.id, version: a.version, worker: a.user_id, result: a.result as AnnotationResult }));
    const label = taskLabel(config, t.data, inputs, { gold: (t.gold as AnnotationResult | null | undefined) ?? null, adjudicated: adjudicated.get(t.id) ?? null });
    const url = typeof t.data[field.name] === 'string' ? (t.data[field.name] as string) : '';
    out.images.push({ taskId: t.id, url, data: t.data, result: label.result });
    out.labelStudio.push({
      id: t.id,
      data: t.data,
      annotations: mine.map((a) => ({ id: a.id, completedBy: a.email, result: a.result as AnnotationResult, createdAt: a.updated_at.toISOString(), leadTimeMs: a.lead_time_ms })),
      predictions: (predictions.get(t.id) ?? []).map((p) => ({ id: p.id, result: p.result as unknown as AnnotationResult, modelVersion: p.modelVersion, score: p.score, createdAt: p.createdAt })),
    });
  }
  return { ...out, lastId: tasks[tasks.length - 1]!.id };
}

function zip(files: Map<string, string>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries([...files].map(([name, text]) => [name, strToU8(text)]))));
}

function checked(report: ExportReport, format: AnnotationFormat): string[] {
  if (report.unsized.length > 0) {
    const shown = report.unsized.slice(0, 20).join(', ');
    throw badRequest(
      `${format} counts pixels, and the image size of ${report.unsized.length} task(s) with shapes is unknown (tasks ${shown}${report.unsized.length > 20 ? ', …' : ''}); give those tasks "width" and "height" in their data (re-import them with the size), or export as labelstudio or yolo, which need no size`,
      { tasks: report.unsized },
    );
  }
  return Object.entries(report.dropped).map(([reason, n]) => `${reason}: ${n}`);
}

export async function exportAnnotationFormat(database: Database, ctx: TenantContext, projectId: string, format: AnnotationFormat): Promise<FormatExportFile> {
  requirePermission(ctx, 'project.export');
  const project = await database.tenant(ctx, (tx) => requireProject(tx, projectId));
  if (isSpeechFormat(format)) return exportSpeech(database, ctx, project, format);
  if (isVideoFormat(format)) return exportVideo(database, ctx, project, format);
  if (!project.config.fields.some((f) => f.type === 'image')) throw badRequest(`${format} is an image annotation format and this project has no image field; export it as jsonl or csv`, { path: 'format' });
  const all: Gathered = { images: [], labelStudio: [] };
  let after: string | undefined;
  for (;;) {
    const batch = await database.tenant(ctx, (tx) => gather(tx, projectId, project.config, after));
    if (!batch) break;
    all.images.push(...batch.images);
    all.labelStudio.push(...batch.labelStudio);
    after = batch.lastId;
  }
  const safeName = project.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'project';
  const stem = `${safeName}-${new Date().toISOString().slice(0, 10)}-${format}`;
  let file: FormatExportFile;
  if (format === 'coco') {
    const { coco, report } = buildCoco(all.images, project.config);
    file = { fileName: `${stem}.json`, contentType: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(coco)), dropped: checked(report, format) };
  } else if (format === 'cvat') {
    const { xml, report } = buildCvat(all.images, project.config);
    file = { fileName: `${stem}.xml`, contentType: 'application/xml; charset=utf-8', body: Buffer.from(xml), dropped: checked(report, format) };
  } else if (format === 'voc') {
    const { files, report } = buildVoc(all.images);
    file = { fileName: `${stem}.zip`, contentType: 'application/zip', body: zip(files), dropped: checked(report, format) };
  } else if (format === 'yolo') {
    const { files, report } = buildYolo(all.images, project.config);
    file = { fileName: `${stem}.zip`, contentType: 'application/zip', body: zip(files), dropped: checked(report, format) };
  } else {
    file = { fileName: `${stem}.json`, contentType: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(buildLabelStudio(all.labelStudio))), dropped: [] };
  }
  // Logged once the file exists: a refused export (unknown sizes) exposed nothing.
  await database.tenant(ctx, async (tx) => {
    await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.export', objectType: 'project', objectId: projectId, details: { format, tasks: all.images.length, dropped: file.dropped } });
    await appendLogEvent(tx, exportEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { projectId, format }));
  });
  return file;
}

/**
 * A speech corpus of an audio project (Kaldi zip, WeNet data.list, NeMo manifest): each task's delivered
 * label, as for the shape formats, its segments as utterances; recordings named by their upload's file name.
 */
async function exportSpeech(database: Database, ctx: TenantContext, project: { id: string; name: string; config: LabelConfig }, format: 'kaldi' | 'wenet' | 'nemo'): Promise<FormatExportFile> {
  const field = project.config.fields.find((f) => f.type === 'audio');
  if (!field) throw badRequest(`${format} is a speech corpus format and this project has no audio field; export it as jsonl or csv`, { path: 'format' });
  const tasks: SpeechExportTask[] = [];
  let after: string | undefined;
  for (;;) {
    const batch = await database.tenant(ctx, async (tx) => {
      const found = await gather(tx, project.id, project.config, after, field.name);
      if (!found) return undefined;
      const ids = found.images.map((i) => i.taskId);
      const names = new Map((await tx.selectFrom('media').select(['display_sha256', 'original_name']).where('task_id', 'in', ids).execute()).map((m) => [m.display_sha256, m.original_name]));
      return { ...found, names };
    });
    if (!batch) break;
    tasks.push(...batch.images.map((i) => ({ taskId: i.taskId, audio: exportAudioPath(i.url, batch.names), data: i.data, result: i.result })));
    after = batch.lastId;
  }
  const { utterances, dropped } = tasksToUtterances(tasks, project.config);
  const body = speechExportBody(format, utterances);
  const safeName = project.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'project';
  const stem = `${safeName}-${new Date().toISOString().slice(0, 10)}-${format}`;
  const file: FormatExportFile =
    'files' in body
      ? { fileName: `${stem}.zip`, contentType: 'application/zip', body: zip(body.files), dropped: Object.entries(dropped).map(([reason, n]) => `${reason}: ${n}`) }
      : { fileName: `${stem}.${format === 'wenet' ? 'list' : 'json'}`, contentType: 'application/x-ndjson; charset=utf-8', body: Buffer.from(body.text), dropped: Object.entries(dropped).map(([reason, n]) => `${reason}: ${n}`) };
  await database.tenant(ctx, async (tx) => {
    await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.export', objectType: 'project', objectId: project.id, details: { format, tasks: tasks.length, dropped: file.dropped } });
    await appendLogEvent(tx, exportEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { projectId: project.id, format }));
  });
  return file;
}

/**
 * Tracks of a video project (MOT sequences, CVAT for video): each task's delivered label, as for the shape
 * formats; videos named by their upload's file name (media intake), else by their URL.
 */
async function exportVideo(database: Database, ctx: TenantContext, project: { id: string; name: string; config: LabelConfig }, format: VideoFormat): Promise<FormatExportFile> {
  const field = project.config.fields.find((f) => f.type === 'video');
  if (!field) throw badRequest(`${format} is a video track format and this project has no video field; export it as jsonl or csv`, { path: 'format' });
  const videos: ExportImage[] = [];
  let after: string | undefined;
  for (;;) {
    const batch = await database.tenant(ctx, async (tx) => {
      const found = await gather(tx, project.id, project.config, after, field.name);
      if (!found) return undefined;
      const ids = found.images.map((i) => i.taskId);
      const names = new Map((await tx.selectFrom('media').select(['display_sha256', 'original_name']).where('task_id', 'in', ids).execute()).map((m) => [m.display_sha256, m.original_name]));
      return { ...found, names };
    });
    if (!batch) break;
    videos.push(...batch.images.map((i) => ({ ...i, url: exportAudioPath(i.url, batch.names) })));
    after = batch.lastId;
  }
  const { fileExt, body, report } = videoExportBody(format, videos, project.config);
  const safeName = project.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'project';
  const file: FormatExportFile = { fileName: `${safeName}-${new Date().toISOString().slice(0, 10)}-${format}.${fileExt}`, contentType: fileExt === 'zip' ? 'application/zip' : 'application/xml; charset=utf-8', body, dropped: checked(report, format) };
  await database.tenant(ctx, async (tx) => {
    await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.export', objectType: 'project', objectId: project.id, details: { format, tasks: videos.length, dropped: file.dropped } });
    await appendLogEvent(tx, exportEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { projectId: project.id, format }));
  });
  return file;
}
