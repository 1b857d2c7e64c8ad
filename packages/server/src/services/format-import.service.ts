/**
 * Importing annotation files of other tools into an image project (docs/formats.md): COCO, YOLO, Pascal VOC,
 * CVAT and Label Studio. Each image becomes a task; its shapes become the importing user's annotation (a
 * normal version, logged and passed to the quality hooks) or a model prediction. All or nothing, like the
 * task import: every task and result is validated before anything is stored, and a label the project does
 * not have stops the import with its place in the file.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { unzipSync } from 'fflate';
import {
  FormatError,
  isSpeechFormat,
  parseCoco,
  parseCvat,
  parseLabelStudio,
  parseVoc,
  parseYolo,
  shapesToResult,
  taskDataFromRecord,
  validateResult,
  ValidationError,
  type AnnotationFormat,
  type FormatDataset,
  type ImportResultDto,
  type ImportTarget,
  type LabelConfig,
  type SpeechFormat,
} from '@yungang/core';
import type { Database } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError, badRequest } from '../http/app-error.js';
import { insertImport } from '../repositories/tasks.repository.js';
import { insertPredictions, insertTasksReturningIds } from '../repositories/predictions.repository.js';
import { appendVersion, insertAnnotation } from '../repositories/annotations.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { annotationVersionEvent, importEvent, TaskDigest } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { afterSubmit } from './quality-hooks.js';
import { planSpeechImport } from './speech-format.js';
import { isVideoFormat, planVideoImport } from './video-format.js';

const MAX_ISSUES = 50;

export interface FormatImportOptions {
  as: ImportTarget;
  baseUrl?: string | undefined;
  modelVersion?: string | undefined;
  imageExtension?: string | undefined;
}

interface ResultSet {
  where: string;
  result: unknown[];
  modelVersion: string | null;
  score: number | null;
}

/** A task to create: its data, and the results to store as annotation or predictions. */
interface Planned {
  where: string;
  data: Record<string, unknown>;
  annotation: ResultSet | undefined;
  predictions: ResultSet[];
}

interface Issue {
  where: string;
  message: string;
}

const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b;

/** Text files of a zip (folders, macOS metadata and binaries such as images left out). */
function unzipText(bytes: Uint8Array): Map<string, string> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') && !f.name.startsWith('__MACOSX/') && /\.(txt|ya?ml|xml|json|names|data)$/i.test(f.name) });
  } catch (e) {
    throw new FormatError('zip', `cannot be read: ${(e as Error).message}`);
  }
  const decoder = new TextDecoder('utf-8');
  return new Map(Object.entries(entries).map(([name, data]) => [name, decoder.decode(data).replace(/^\uFEFF/, '')]));
}

function jsonOf(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '')) as unknown;
  } catch (e) {
    throw new FormatError('file', `is not valid JSON: ${(e as Error).message}`);
  }
}

function textOf(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** The shape files of a format as neutral images; Label Studio is handled apart (already our shape). */
function readShapes(format: Exclude<AnnotationFormat, 'labelstudio' | SpeechFormat | 'mot' | 'cvatvideo'>, bytes: Uint8Array, fileName: string, config: LabelConfig, options: FormatImportOptions): FormatDataset {
  switch (format) {
    case 'coco':
      return parseCoco(jsonOf(bytes));
    case 'cvat': {
      if (!isZip(bytes)) return parseCvat(textOf(bytes), fileName);
      const xml = [...unzipText(bytes)].find(([name]) => name.endsWith('.xml'));
      if (!xml) throw new FormatError('zip', 'holds no .xml file; CVAT exports annotations.xml');
      return parseCvat(xml[1], xml[0]);
    }
    case 'voc': {
      const files = isZip(bytes) ? [...unzipText(bytes)].filter(([name]) => name.endsWith('.xml')) : [[fileName, textOf(bytes)] as [string, string]];
      if (files.length === 0) throw new FormatError('zip', 'holds no .xml annotation files (VOC keeps them in Annotations/)');
      const parsed = files.map(([name, xml]) => parseVoc(xml, name));
      return { images: parsed.map((p) => p.image), skipped: parsed.flatMap((p) => p.skipped) };
    }
    case 'yolo': {
      if (!isZip(bytes)) throw new FormatError('file', 'a YOLO import is a zip with data.yaml (or classes.txt) and labels/*.txt');
      const keypointControl = config.controls.find((c) => c.type === 'keypointlabels');
      const keypointNames = keypointControl?.type === 'keypointlabels' ? keypointControl.labels.map((l) => l.value) : undefined;
      return parseYolo(unzipText(bytes), { ...(keypointNames ? { keypointNames } : {}), ...(options.imageExtension ? { imageExtension: options.imageExtension } : {}) });
    }
  }
}

function imageUrl(name: string, baseUrl: string | undefined): string {
  if (/^(https?:\/\/|data:image\/)/i.test(name) || (name.startsWith('/') && baseUrl === undefined)) return name;
  if (baseUrl === undefined) return name;
  return baseUrl.endsWith('/') || name.startsWith('/') ? `${baseUrl}${name}` : `${baseUrl}/${name}`;
}

function plan(format: AnnotationFormat, bytes: Uint8Array, fileName: string, config: LabelConfig, options: FormatImportOptions): { tasks: Planned[]; skipped: string[]; issues: Issue[] } {
  // Speech corpora (Kaldi, WeNet, NeMo) go to audio projects: one task per recording, utterances as segments.
  if (isSpeechFormat(format)) {
    const { tasks, skipped } = planSpeechImport(format, bytes, fileName, config, options.baseUrl);
    return {
      skipped,
      issues: [],
      tasks: tasks.map((t): Planned => {
        const set: ResultSet | undefined = t.result.length > 0 ? { where: t.where, result: t.result, modelVersion: options.modelVersion ?? null, score: null } : undefined;
        return { where: t.where, data: t.data, annotation: options.as === 'predictions' ? undefined : set, predictions: options.as === 'predictions' && set ? [set] : [] };
      }),
    };
  }
  // Track formats (MOT, CVAT for video) go to video projects: one task per video, tracks as results.
  if (isVideoFormat(format)) {
    const { tasks, skipped, issues } = planVideoImport(format, bytes, fileName, config, options.baseUrl);
    return {
      skipped,
      issues,
      tasks: tasks.map((t): Planned => {
        const set: ResultSet | undefined = t.result.length > 0 ? { where: t.where, result: t.result, modelVersion: options.modelVersion ?? null, score: t.score } : undefined;
        return { where: t.where, data: t.data, annotation: options.as === 'predictions' ? undefined : set, predictions: options.as === 'predictions' && set ? [set] : [] };
      }),
    };
  }
  const field = config.fields.find((f) => f.type === 'image');
  if (!field) throw badRequest(`${format} files hold image annotations, and this project has no image field; import them into an image project`, { path: 'format' });
  const issues: Issue[] = [];
  const asPrediction = options.as === 'predictions';
  if (format === 'labelstudio') {
    const { tasks, skipped } = parseLabelStudio(jsonOf(bytes));
    return {
      skipped,
      issues,
      tasks: tasks.map((t): Planned => {
        const data: Record<string, unknown> = { ...t.data, ...(t.size && t.data.width === undefined && t.data.height === undefined ? t.size : {}) };
        const image = data[field.name];
        if (typeof image === 'string') data[field.name] = imageUrl(image, options.baseUrl);
        // One annotation per importing user and task: a file with several keeps the first, the rest are reported.
        const sets = t.annotations.filter((a) => a.result.length > 0);
        if (!asPrediction && sets.length > 1) skipped.push(`${t.where}: ${sets.length - 1} further annotations not imported (one annotation per user and task)`);
        const fromAnnotations = sets.map((a) => ({ where: a.where, result: a.result, modelVersion: options.modelVersion ?? null, score: null }));
        const predictions = t.predictions.filter((p) => p.result.length > 0).map((p) => ({ where: p.where, result: p.result, modelVersion: p.modelVersion ?? options.modelVersion ?? null, score: p.score }));
        return { where: t.where, data, annotation: asPrediction ? undefined : fromAnnotations[0], predictions: asPrediction ? [...fromAnnotations, ...predictions] : predictions };
      }),
    };
  }
  const dataset = readShapes(format, bytes, fileName, config, options);
  const skipped = [...dataset.skipped];
  const tasks = dataset.images.map((image): Planned => {
    const where = `image ${JSON.stringify(image.name)}`;
    const { result, issues: found, skipped: left } = shapesToResult(image.shapes, config);
    issues.push(...found);
    skipped.push(...left.map((s) => `${where}: ${s}`));
    const scores = image.shapes.flatMap((s) => (s.score === undefined ? [] : [s.score]));
    const set: ResultSet = { where, result, modelVersion: options.modelVersion ?? null, score: scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : null };
    const data: Record<string, unknown> = { [field.name]: imageUrl(image.name, options.baseUrl), ...(image.size ?? {}) };
    const stored = result.length > 0 ? set : undefined;
    return { where, data, annotation: asPrediction ? undefined : stored, predictions: asPrediction && stored ? [stored] : [] };
  });
  return { tasks, skipped, issues };
}

/** Validates everything, then stores tasks, annotations or predictions and the original file in one go. */
export async function importAnnotationFile(
  database: Database,
  blobs: BlobStore,
  ctx: TenantContext,
  projectId: string,
  bytes: Uint8Array,
  format: AnnotationFormat,
  fileName: string | null,
  options: FormatImportOptions,
): Promise<ImportResultDto> {
  requirePermission(ctx, 'task.import');
  if (options.as === 'annotations') requirePermission(ctx, 'task.annotate');
  const project = await database.tenant(ctx, (tx) => requireProject(tx, projectId));
  let planned: ReturnType<typeof plan>;
  try {
    planned = plan(format, bytes, fileName ?? 'file', project.config, options);
  } catch (e) {
    if (e instanceof FormatError) throw new AppError('validation_failed', `nothing was imported: ${e.message}`, { path: e.where, issues: [{ path: e.where, message: e.message }] });
    throw e;
  }
  const { tasks, skipped, issues } = planned;
  // Check what the server would check on submit, so a bad shape stops the import instead of a later edit.
  const checked = tasks.map((t) => {
    const at = (path: string): string => (path ? `${t.where} ${path}` : t.where);
    let data = t.data;
    try {
      data = taskDataFromRecord(t.data, project.config);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      // The usual cause is a bare file name: say how to turn it into a URL.
      const hint = options.baseUrl === undefined ? `; add the baseUrl parameter (https://…/) to prefix ${isSpeechFormat(format) ? 'audio' : 'image'} file names` : '';
      issues.push(...e.issues.map((i) => ({ where: at(`data.${i.path}`), message: `${i.message}${hint}` })));
    }
    const validate = (set: ResultSet): ResultSet => {
      try {
        return { ...set, result: validateResult(project.config, data, set.result) };
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        issues.push(...e.issues.map((i) => ({ where: `${set.where} ${i.path}`, message: i.message })));
        return set;
      }
    };
    return { data, annotation: t.annotation ? validate(t.annotation) : undefined, predictions: t.predictions.map(validate) };
  });
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new AppError('validation_failed', `nothing was imported: ${first.where}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : ''}`, {
      path: first.where,
      issues: issues.slice(0, MAX_ISSUES).map((i) => ({ path: i.where, message: i.message })),
    });
  }
  if (checked.length === 0) throw badRequest(isSpeechFormat(format) ? 'the file holds no recordings' : isVideoFormat(format) ? 'the file holds no videos' : 'the file holds no images', { format });
  const importId = randomUUID();
  const source = await blobs.put(Readable.from([Buffer.from(bytes)]));
  const actor = { orgId: ctx.orgId, actorId: ctx.caller.userId };
  let annotationCount = 0;
  let predictionCount = 0;
  await database.tenant(ctx, async (tx) => {
    await insertImport(tx, { id: importId, orgId: ctx.orgId, projectId, fileName, format, taskCount: checked.length, createdBy: ctx.caller.userId, source });
    const digest = new TaskDigest();
    for (const t of checked) digest.add(t.data);
    const ids = await insertTasksReturningIds(tx, checked.map((t) => ({ orgId: ctx.orgId, projectId, importId, data: t.data })));
    const predictions = checked.flatMap((t, i) => t.predictions.map((p) => ({ id: randomUUID(), orgId: ctx.orgId, projectId, taskId: ids[i]!, importId, result: p.result, modelVersion: p.modelVersion, score: p.score, createdBy: ctx.caller.userId })));
    await insertPredictions(tx, predictions);
    predictionCount = predictions.length;
    for (const [i, t] of checked.entries()) {
      if (!t.annotation) continue;
      const taskId = ids[i]!;
      const annotationId = randomUUID();
      const result = t.annotation.result as Parameters<typeof afterSubmit>[2]['result'];
      await insertAnnotation(tx, { id: annotationId, orgId: ctx.orgId, projectId, taskId, userId: ctx.caller.userId, assignmentId: null });
      await appendVersion(tx, { annotationId, orgId: ctx.orgId, version: 1, result, leadTimeMs: 0, createdBy: ctx.caller.userId });
      await appendLogEvent(tx, annotationVersionEvent(actor, { annotationId, projectId, taskId, version: 1, result, edit: false }));
      await afterSubmit(tx, ctx, { project, task: { id: taskId, gold: null }, annotationId, version: 1, result });
      annotationCount++;
    }
    await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.import', objectType: 'project', objectId: projectId, details: { importId, count: checked.length, format, fileName, sourceSha256: source.sha256, annotations: annotationCount, predictions: predictionCount } });
    await appendLogEvent(tx, importEvent(actor, { importId, projectId, format, fileName, sourceSha256: source.sha256, sourceBytes: source.size, taskCount: checked.length, tasksRoot: digest.root() }));
  });
  return { importId, taskCount: checked.length, format, sourceSha256: source.sha256, annotationCount, predictionCount, skipped };
}

/** The whole upload as bytes: these formats are single documents or zips, read whole (the route caps the size). */
export async function readUpload(input: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
