import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DataField, FolderImportBody, LabelConfig, MediaFileResult, MediaIntakeResultDto, MediaUploadQuery } from '@yungang/core';
import type { Database } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { badRequest } from '../http/app-error.js';
import { stageFile, type StagedFile } from '../media/staged-file.js';
import { IMAGE_MIME, MediaRejection, openImage, sniffFormat, type ImageFormat } from '../media/image-source.js';
import { planDisplay, writeDisplay, writeThumbnail } from '../media/image-derivatives.js';
import { needsTiles, TILE_OVERLAP, TILE_SIZE, writePyramid, type TileManifest } from '../media/tile-pyramid.js';
import { forEachZipEntry } from '../media/zip-entries.js';
import { ACCEPTED_AUDIO, sniffAudio } from '../media/audio-source.js';
import { deriveAudio } from '../media/audio-pipeline.js';
import { AUDIO_TASK_FIELDS, audioTaskData, describeStoredAudio, storeAudio } from './audio-intake.js';
import { ACCEPTED_VIDEO, sniffVideo } from '../media/video-source.js';
import { deriveVideo, planVideo } from '../media/video-pipeline.js';
import { probeVideo } from '../media/video-source.js';
import { describeStoredVideo, storeVideo, VIDEO_TASK_FIELDS, videoTaskData } from './video-intake.js';
import { ACCEPTED_DOCUMENT, sniffPdf } from '../media/document-source.js';
import { describeStoredDocument, DOCUMENT_TASK_FIELDS, documentTaskData } from './document-intake.js';
import { DOCUMENT_INTAKE_JOB, type DocumentIntakePayload } from '../jobs/document-intake-job.js';
import { VIDEO_INTAKE_JOB, type VideoIntakePayload } from '../jobs/video-intake-job.js';
import type { JobService } from './job.service.js';
import { folderUnderRoot, listFiles } from '../media/import-root.js';
import { ImageStage, type PlacedImageOperator } from '../media/image-stage.js';
import { IMAGE_NOTE_KEY, type ImageNote } from '../jobs/pipeline-record.js';
import { importImageOperatorsOf } from './import-pipeline.service.js';
import { findProjectMedia, insertMedia, insertTaskReturningId, setImportTaskCount, setMediaTask, type MediaRow } from '../repositories/media.repository.js';
import { insertImport } from '../repositories/tasks.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { importEvent, TaskDigest } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';

export interface MediaIntakeConfig {
  /** Largest single file (YUNGANG_MAX_UPLOAD_MB); also the cap for each zip entry once inflated. */
  maxUploadBytes: number;
  /** YUNGANG_IMPORT_ROOT: the only folder tree a folder import may read; undefined = folder import off. */
  importRoot: string | undefined;
}

/** Scanned pages are read as Simplified Chinese and English (government documents quote both). */
const DOCUMENT_OCR_LANGUAGES = 'chi_sim+eng';

/** Files one request (upload, zip or folder) may bring; past this the client should split the work. */
export const MAX_FILES_PER_INTAKE = 10_000;
/** Tiles are written to the blob store this many at a time (an S3 round trip each). */
const TILE_PUT_CONCURRENCY = 8;

export const mediaUrl = (sha256: string) => `/api/v1/media/${sha256}`;

interface IntakeOptions {
  field: DataField;
  /** Other fields of the label config: text ones are filled with "", so every task is valid for the config. */
  emptyTextFields: string[];
  stripMetadata: boolean;
  allowDuplicates: boolean;
  /** The image operators of the project's import pipeline for this field (docs/pipelines.md, "On import"), and when it was set. */
  imagePipeline: { operators: PlacedImageOperator[]; updatedAt: string } | null;
}

/** What an image's task data records under `_image` when the import pipeline ran on it (as pipeline outputs do). */
export interface IntakeImageNote extends ImageNote {
  /** When the import pipeline that ran was set: a later change does not re-process stored media. */
  importPipelineSetAt: string;
}

/** A file whose blobs are stored and that waits for the batch's transaction to get its task. */
interface Pending {
  result: MediaFileResult;
  /** undefined: the task reuses media the project already has (allowDuplicates). */
  media: Omit<Parameters<typeof insertMedia>[1], 'id' | 'orgId' | 'projectId' | 'importId' | 'createdBy'> | undefined;
  /** The import pipeline's record of what it did to the image, copied into the task data. */
  note?: IntakeImageNote;
}

/**
 * Media intake (docs/media.md): every file, whether uploaded, inside an uploaded zip or in a server
 * folder, goes through one pipeline: staged to disk while hashed, sniffed, decoded with sharp,
 * turned upright, optionally stripped of metadata, thumbnailed, tiled when huge, stored as blobs; then
 * one transaction makes the media rows and tasks of the whole batch, its import record, audit row and
 * log entry. A bad file is reported and skipped; the others are stored.
 */
export class MediaIntakeService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
    private readonly config: MediaIntakeConfig,
    private readonly jobs: JobService,
  ) {}

  /** Checks permission and project before any byte is read; the caller feeds files and then commits. */
  async begin(ctx: TenantContext, projectId: string, query: MediaUploadQuery): Promise<MediaBatch> {
    requirePermission(ctx, 'task.import');
    const options = await this.optionsFor(ctx, projectId, query);
    return MediaBatch.create(this.database, this.blobs, this.jobs, ctx, projectId, options, this.config.maxUploadBytes);
  }

  /**
   * The checks `begin` makes (permission, project, a media field to fill), without starting a batch: a
   * resumable upload makes them when its session is created, so nobody sends 2 GB to be refused at the end.
   */
  async check(ctx: TenantContext, projectId: string, query: MediaUploadQuery): Promise<void> {
    requirePermission(ctx, 'task.import');
    await this.optionsFor(ctx, projectId, query);
  }

  /** Imports every image under a folder of the server's import root (owners and admins only). */
  async importFolder(ctx: TenantContext, projectId: string, body: FolderImportBody): Promise<MediaIntakeResultDto> {
    // Reading the server's disk is an administrator's act, and the root is shared by the whole instance.
    requirePermission(ctx, 'org.manage_members');
    const options = await this.optionsFor(ctx, projectId, body);
    const root = this.config.importRoot;
    if (!root) throw badRequest('folder import is off on this server: its operator sets YUNGANG_IMPORT_ROOT to the folder it may read, then restarts it');
    const folder = await folderUnderRoot(root, body.path);
    const files = await listFiles(folder.path, MAX_FILES_PER_INTAKE);
    const batch = await MediaBatch.create(this.database, this.blobs, this.jobs, ctx, projectId, options, this.config.maxUploadBytes);
    try {
      for (const file of files) await batch.add(file, createReadStream(join(folder.path, file)));
      return await batch.commit(`folder:${folder.relative || '.'}`);
    } finally {
      await batch.dispose();
    }
  }

  private async optionsFor(ctx: TenantContext, projectId: string, query: MediaUploadQuery): Promise<IntakeOptions> {
    return this.database.tenant(ctx, async (tx) => {
      const project = await requireProject(tx, projectId);
      const picked = pickField(project.config, query.field);
      const firstImage = project.config.fields.find((f) => f.type === 'image');
      const imagePipeline = picked.field.type === 'image' && firstImage ? await importImageOperatorsOf(tx, projectId, picked.field.name, firstImage.name) : null;
      return { ...picked, stripMetadata: query.stripMetadata ?? false, allowDuplicates: query.allowDuplicates ?? false, imagePipeline };
    });
  }
}

function pickField(config: LabelConfig, requested: string | undefined): Pick<IntakeOptions, 'field' | 'emptyTextFields'> {
  // An upload fills one media field; the file's kind must match that field's type (checked per file).
  const images = config.fields.filter((f) => isMediaField(f.type));
  if (images.length === 0) throw badRequest('this project has no image, audio, video or document field in its label config, so it takes no media; add a field of type "image", "audio", "video" or "document", or import tasks as JSON/CSV');
  let field: DataField | undefined;
  if (requested !== undefined) {
    field = images.find((f) => f.name === requested);
    if (!field) throw badRequest(`"${requested}" is not a media field of this project; its media fields are ${images.map((f) => `"${f.name}"`).join(', ')}`, { path: 'field' });
  } else {
    if (images.length > 1) throw badRequest(`this project has several media fields (${images.map((f) => `"${f.name}"`).join(', ')}); name the one to fill with ?field=`, { path: 'field' });
    field = images[0]!;
  }
  const others = config.fields.filter((f) => f !== field);
  const otherImage = others.find((f) => isMediaField(f.type));
  if (otherImage) throw badRequest(`each task of this project also needs ${otherImage.type} field "${otherImage.name}", which an upload cannot fill; import such tasks as JSON/CSV with both URLs`);
  const recorded = field.type === 'audio' ? AUDIO_TASK_FIELDS : field.type === 'video' ? VIDEO_TASK_FIELDS : field.type === 'document' ? DOCUMENT_TASK_FIELDS : ['width', 'height'];
  const clash = config.fields.find((f) => recorded.includes(f.name));
  if (clash) throw badRequest(`the label config has a field named "${clash.name}", where media intake records the ${field.type === 'audio' ? 'recording\'s properties' : field.type === 'video' ? 'video\'s properties' : field.type === 'document' ? 'document\'s page count and text length' : 'image size'}; rename that field`);
  return { field, emptyTextFields: others.map((f) => f.name) };
}

/** Field types an upload fills with a stored file. */
const isMediaField = (type: DataField['type']) => type === 'image' || type === 'audio' || type === 'video' || type === 'document';

/** One request's worth of files: a temporary folder, the per-file results, and what waits for the transaction. */
export class MediaBatch {
  private readonly results: MediaFileResult[] = [];
  private readonly pending: Pending[] = [];
  /** Originals seen in this batch → the result that stored them (duplicates within one upload). */
  private readonly seen = new Map<string, Pending>();
  /** PDFs stored and waiting for their `document-intake` job, which is queued with the batch. */
  private readonly documents: { result: MediaFileResult; payload: DocumentIntakePayload }[] = [];
  /** Videos to transcode, stored and waiting for their `video-intake` job, queued with the batch. */
  private readonly videos: { result: MediaFileResult; payload: VideoIntakePayload }[] = [];
  private files = 0;
  /** The import pipeline's image operators, built on the first image (the face detector loads its model once). */
  private stage: ImageStage | undefined;

  private constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
    private readonly jobs: JobService,
    private readonly ctx: TenantContext,
    private readonly projectId: string,
    private readonly options: IntakeOptions,
    private readonly maxBytes: number,
    private readonly dir: string,
  ) {}

  static async create(database: Database, blobs: BlobStore, jobs: JobService, ctx: TenantContext, projectId: string, options: IntakeOptions, maxBytes: number): Promise<MediaBatch> {
    return new MediaBatch(database, blobs, jobs, ctx, projectId, options, maxBytes, await mkdtemp(join(tmpdir(), 'yungang-media-')));
  }

  /** Takes one file (an image or a zip of images); `truncated` says the transport cut it at the size limit. */
  async add(name: string, source: Readable, truncated?: () => boolean): Promise<void> {
    const staged = await stageFile(source, this.dir, this.maxBytes);
    try {
      if (truncated?.()) staged.tooLarge = true;
      await this.intake(name, staged, true);
    } finally {
      await rm(staged.path, { force: true });
    }
  }

  /**
   * Takes a file that is already complete on disk and hashed (a resumable upload's staging file), without
   * copying it: the intake reads it in place. The caller owns the file and removes it afterwards.
   */
  async addStaged(name: string, staged: StagedFile): Promise<void> {
    await this.intake(name, staged, true);
  }

  private async intake(name: string, staged: StagedFile, topLevel: boolean): Promise<void> {
    if (++this.files > MAX_FILES_PER_INTAKE) return this.reject(name, staged, `more than ${MAX_FILES_PER_INTAKE} files in one request; send the rest in another`);
    if (staged.tooLarge) return this.reject(name, staged, `larger than ${Math.round(this.maxBytes / 1048576)} MB, the server's limit per file (YUNGANG_MAX_UPLOAD_MB)`);
    if (staged.size === 0) return this.reject(name, staged, 'the file is empty');
    const format = await sniffFormat(staged.path);
    if (format === 'zip') {
      this.files--;
      if (!topLevel) return this.reject(name, staged, 'a zip inside a zip is not unpacked; put its images in the outer zip');
      await forEachZipEntry(staged.path, this.dir, this.maxBytes, MAX_FILES_PER_INTAKE, async (entry) => {
        const entryName = `${name}/${entry.name}`;
        if ('skipped' in entry) this.results.push({ name: entryName, status: 'rejected', reason: entry.skipped });
        else await this.intake(entryName, entry.staged, false);
      });
      return;
    }
    if (this.options.field.type === 'audio') return this.intakeAudio(name, staged);
    if (this.options.field.type === 'video') return this.intakeVideo(name, staged);
    if (this.options.field.type === 'document') return this.intakeDocument(name, staged);
    if (!format) return this.reject(name, staged, 'not a supported image: send JPEG, PNG, WebP, TIFF or BMP files, or a zip of them');
    if (await this.duplicate(name, staged)) return;
    const work = await mkdtemp(join(this.dir, 'work-'));
    try {
      let derived: Awaited<ReturnType<MediaBatch['derive']>>;
      let processed: Awaited<ReturnType<MediaBatch['process']>> = null;
      try {
        processed = await this.process(name, staged, format, work);
        if (processed?.status === 'dropped') {
          const { droppedBy } = processed;
          // A file sharp cannot read is the file's problem, as without a pipeline, unless image-validate was asked to sort such files out.
          if (droppedBy.op !== 'image-validate' && droppedBy.reason.startsWith('not a readable image')) return this.reject(name, staged, droppedBy.reason);
          this.results.push({ name, status: 'dropped', sha256: staged.sha256, droppedBy, reason: `dropped by the import pipeline's operator ${droppedBy.operator} (${droppedBy.op}): ${droppedBy.reason}` });
          return;
        }
        derived = await this.derive(processed?.path ?? staged.path, processed?.format ?? format, work);
      } catch (e) {
        // sharp and the BMP decoder throw plain errors for damaged files: that is the file's problem, told per file.
        // Anything else (a blob store outage) happens below, outside this catch, and fails the request.
        return this.reject(name, staged, e instanceof MediaRejection ? e.message : `not a readable image (${(e as Error).message.trim()})`);
      }
      const original = await this.blobs.put(createReadStream(staged.path));
      // The image served: the display copy when one was made, else the operator output, else the original itself.
      const shown = processed?.status === 'changed' && !derived.displayPath ? await this.blobs.put(createReadStream(processed.path)) : original;
      const display = derived.displayPath ? await this.blobs.put(createReadStream(derived.displayPath)) : shown;
      const thumb = await this.blobs.put(createReadStream(derived.thumbPath));
      const tiles = derived.pyramid ? await this.storeTiles(derived.pyramid, derived.width, derived.height) : null;
      // The row's orientation is the original's (as without a pipeline); width and height are the served image's.
      const orientation = processed ? processed.orientation : derived.orientation;
      const pending: Pending = {
        ...(processed ? { note: processed.note } : {}),
        result: {
          name,
          status: 'stored',
          sha256: original.sha256,
          url: mediaUrl(display.sha256),
          thumbnailUrl: `${mediaUrl(display.sha256)}/thumb`,
          ...(tiles ? { tilesUrl: `${mediaUrl(display.sha256)}/tiles/image.dzi` } : {}),
          width: derived.width,
          height: derived.height,
          orientation,
          ...(processed?.note.changedBy ? { changedBy: processed.note.changedBy } : {}),
        },
        media: {
          sha256: original.sha256,
          size: original.size,
          originalName: name,
          mime: IMAGE_MIME[format],
          width: derived.width,
          height: derived.height,
          orientation,
          stripped: this.options.stripMetadata || Boolean(processed?.note.changedBy?.some((op) => op === 'image-strip-metadata' || op === 'face-blur')),
          displaySha256: display.sha256,
          displayMime: derived.displayMime,
          thumbSha256: thumb.sha256,
          tiles,
        },
      };
      this.seen.set(original.sha256, pending);
      this.pending.push(pending);
      this.results.push(pending.result);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** An audio field's file: probed, transcoded, measured and turned into peaks in one decode (media/audio-pipeline.ts). */
  private async intakeAudio(name: string, staged: StagedFile): Promise<void> {
    const container = await sniffAudio(staged.path);
    if (!container) return this.reject(name, staged, `not a supported audio file: send ${ACCEPTED_AUDIO}, or a zip of them`);
    if (await this.duplicate(name, staged)) return;
    const work = await mkdtemp(join(this.dir, 'work-'));
    try {
      let derived: Awaited<ReturnType<typeof deriveAudio>>;
      try {
        derived = await deriveAudio(staged.path, work);
      } catch (e) {
        // Only the file's own problems are told per file; a missing ffmpeg fails the request with its fix.
        if (!(e instanceof MediaRejection)) throw e;
        return this.reject(name, staged, e.message);
      }
      const pending: Pending = await storeAudio(this.blobs, name, staged, container, derived);
      this.seen.set(pending.result.sha256!, pending);
      this.pending.push(pending);
      this.results.push(pending.result);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * A video field's file: probed; served as it is, or remuxed, at once; one that must be re-encoded is
   * stored as it came and a `video-intake` job makes its annotation proxy (jobs/video-intake-job.ts), so the
   * upload answers in seconds whatever the length: the file is reported as `processing` with the job's id,
   * and its task appears when the job succeeds (media/video-pipeline.ts).
   */
  private async intakeVideo(name: string, staged: StagedFile): Promise<void> {
    const container = await sniffVideo(staged.path);
    if (!container) return this.reject(name, staged, `not a supported video: send ${ACCEPTED_VIDEO}, or a zip of them`);
    const earlier = this.videos.find((v) => v.payload.sha256 === staged.sha256);
    if (earlier && !this.options.allowDuplicates) {
      this.results.push({ name, status: 'duplicate', sha256: staged.sha256, reason: `the same file as "${earlier.result.name}" in this upload` });
      return;
    }
    if (!earlier && (await this.duplicate(name, staged))) return;
    const work = await mkdtemp(join(this.dir, 'work-'));
    try {
      let derived: Awaited<ReturnType<typeof deriveVideo>> | undefined;
      let probe: Awaited<ReturnType<typeof probeVideo>>;
      try {
        probe = await probeVideo(staged.path);
        const plan = await planVideo(staged.path, container, probe);
        if (plan !== 'transcode') derived = await deriveVideo({ path: staged.path }, probe, plan, work);
      } catch (e) {
        // Only the file's own problems are told per file; a missing ffmpeg fails the request with its fix.
        if (!(e instanceof MediaRejection)) throw e;
        return this.reject(name, staged, e.message);
      }
      const original = await this.blobs.put(createReadStream(staged.path));
      if (!derived) {
        // No URL yet: the served copy's name is its own SHA-256, known when the job has made it.
        const result: MediaFileResult = { name, status: 'processing', sha256: original.sha256 };
        const payload: VideoIntakePayload = { sha256: original.sha256, size: original.size, name, container, probe, field: this.options.field.name, emptyTextFields: this.options.emptyTextFields, allowDuplicates: this.options.allowDuplicates };
        this.videos.push({ result, payload });
        this.results.push(result);
        return;
      }
      const pending: Pending = await storeVideo(this.blobs, name, original, container, derived);
      this.seen.set(pending.result.sha256!, pending);
      this.pending.push(pending);
      this.results.push(pending.result);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * A document field's file: the PDF is stored as it came and a `document-intake` job reads its pages
   * (jobs/document-intake-job.ts), so the upload answers at once whatever the page count; the file is
   * reported as `processing` with the job's id, and its task appears when the job succeeds.
   */
  private async intakeDocument(name: string, staged: StagedFile): Promise<void> {
    if (!(await sniffPdf(staged.path))) return this.reject(name, staged, `not a supported document: send ${ACCEPTED_DOCUMENT}, or a zip of them`);
    const earlier = this.documents.find((d) => d.payload.sha256 === staged.sha256);
    if (earlier && !this.options.allowDuplicates) {
      this.results.push({ name, status: 'duplicate', sha256: staged.sha256, reason: `the same file as "${earlier.result.name}" in this upload` });
      return;
    }
    // Another task over a PDF this project already has needs no job: its media row has the pages.
    if (!earlier && (await this.duplicate(name, staged))) return;
    const original = await this.blobs.put(createReadStream(staged.path));
    const url = mediaUrl(original.sha256);
    const result: MediaFileResult = { name, status: 'processing', sha256: original.sha256, url, thumbnailUrl: `${url}/thumb`, layoutUrl: `${url}/layout` };
    const payload: DocumentIntakePayload = {
      sha256: original.sha256,
      size: original.size,
      name,
      field: this.options.field.name,
      emptyTextFields: this.options.emptyTextFields,
      allowDuplicates: this.options.allowDuplicates,
      languages: DOCUMENT_OCR_LANGUAGES,
    };
    this.documents.push({ result, payload });
    this.results.push(result);
  }

  /** True when the file was handled as a duplicate (reported, or a task re-using stored media). */
  private async duplicate(name: string, staged: StagedFile): Promise<boolean> {
    const earlier = this.seen.get(staged.sha256);
    const existing = earlier ? undefined : await this.database.tenant(this.ctx, (tx) => findProjectMedia(tx, this.projectId, staged.sha256));
    if (!earlier && !existing) return false;
    if (!this.options.allowDuplicates) {
      const reason = earlier ? `the same file as "${earlier.result.name}" in this upload` : `this project has this file already (as "${existing!.original_name}")`;
      const stored = existing ? { ...describeStored(existing), ...(existing.task_id ? { taskId: existing.task_id } : {}) } : {};
      this.results.push({ name, status: 'duplicate', sha256: staged.sha256, reason, ...stored });
      return true;
    }
    // Asked for: another task showing the same stored image; nothing is decoded or stored again, and the
    // import pipeline's note comes from the task that stored it, so this task is as traceable.
    const base = earlier ? { ...earlier.result } : { sha256: staged.sha256, ...describeStored(existing!) };
    const note = earlier ? earlier.note : existing!.task_id ? await this.noteOfTask(existing!.task_id) : undefined;
    const pending: Pending = { result: { ...base, name, status: 'stored' }, media: undefined, ...(note ? { note } : {}) };
    this.pending.push(pending);
    this.results.push(pending.result);
    return true;
  }

  /**
   * Runs the import pipeline's image operators (if any) on the original. Null: none to run. Dropped: the
   * operator's verdict. Otherwise the image to serve, written under `work` (the original itself when no
   * operator changed it), with the note recorded in the task data. The original file is only read.
   */
  private async process(name: string, staged: StagedFile, format: ImageFormat, work: string) {
    const pipeline = this.options.imagePipeline;
    if (!pipeline) return null;
    const source = await openImage(staged.path, format);
    // sharp reads every accepted format but BMP, which image-source decodes itself: the operators get it as PNG.
    const input = format === 'bmp' ? await source.open().png().toBuffer() : await readFile(staged.path);
    this.stage ??= new ImageStage(pipeline.operators, this.options.field.name);
    const outcome = await this.stage.process(input, this.files - 1, name);
    if (outcome.status === 'dropped') return { status: 'dropped' as const, droppedBy: { operator: outcome.droppedBy.operator, op: outcome.droppedBy.op, reason: outcome.droppedBy.reason } };
    const note: IntakeImageNote = {
      sourceSha256: staged.sha256,
      ...(outcome.changedBy.length > 0 ? { changedBy: outcome.changedBy } : {}),
      ...(outcome.transforms.length > 0 ? { transforms: outcome.transforms } : {}),
      ...outcome.scores,
      importPipelineSetAt: pipeline.updatedAt,
    };
    if (outcome.status === 'kept') return { status: 'kept' as const, path: staged.path, format, orientation: source.orientation, note };
    const path = join(work, `processed.${outcome.format}`);
    await writeFile(path, outcome.bytes);
    return { status: 'changed' as const, path, format: outcome.format, orientation: source.orientation, note };
  }

  /** The import-pipeline note a stored task's data holds for this batch's field, if any. */
  private async noteOfTask(taskId: string): Promise<IntakeImageNote | undefined> {
    const row = await this.database.tenant(this.ctx, (tx) => tx.selectFrom('tasks').select('data').where('id', '=', taskId).executeTakeFirst());
    const notes = (row?.data as Record<string, unknown> | undefined)?.[IMAGE_NOTE_KEY] as Record<string, IntakeImageNote> | undefined;
    return notes?.[this.options.field.name];
  }

  private async derive(path: string, format: ImageFormat, work: string) {
    const source = await openImage(path, format);
    const plan = planDisplay(source, this.options.stripMetadata);
    let displayPath: string | undefined;
    if (plan.reencode) {
      displayPath = join(work, `display.${plan.format}`);
      await writeDisplay(source, plan, this.options.stripMetadata, displayPath);
    }
    const shownPath = displayPath ?? path;
    const thumbPath = join(work, 'thumb.webp');
    // Decodes the whole image: a damaged file fails here, before anything is stored.
    await writeThumbnail(shownPath, thumbPath);
    let pyramid: Awaited<ReturnType<typeof writePyramid>> | undefined;
    if (needsTiles(plan.width, plan.height)) {
      const tileDir = join(work, 'tiles');
      await mkdir(tileDir);
      pyramid = await writePyramid(shownPath, source.hasAlpha, tileDir);
    }
    return { displayPath, displayMime: plan.mime, thumbPath, pyramid, width: plan.width, height: plan.height, orientation: source.orientation };
  }

  /** Stores every tile, then the manifest naming them: the manifest's blob is what the media row points to. */
  private async storeTiles(pyramid: Awaited<ReturnType<typeof writePyramid>>, width: number, height: number) {
    const entries = [...pyramid.files.entries()];
    const tiles: Record<string, string> = {};
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const [key, path] = entries[next++]!;
        tiles[key] = (await this.blobs.put(createReadStream(path))).sha256;
      }
    };
    await Promise.all(Array.from({ length: TILE_PUT_CONCURRENCY }, worker));
    const manifest: TileManifest = { version: 1, width, height, tileSize: TILE_SIZE, overlap: TILE_OVERLAP, format: pyramid.format, tiles };
    const ref = await this.blobs.put(Readable.from([Buffer.from(JSON.stringify(manifest))]));
    return { sha256: ref.sha256, tileSize: TILE_SIZE, overlap: TILE_OVERLAP, format: pyramid.format };
  }

  private reject(name: string, staged: StagedFile, reason: string): void {
    this.results.push({ name, status: 'rejected', reason, ...(staged.tooLarge || staged.size === 0 ? {} : { sha256: staged.sha256 }) });
  }

  /**
   * One transaction for the whole batch: the import (its source is a manifest of the files received),
   * media rows, tasks, the audit row and the log entry. A concurrent upload of the same file to the same
   * project loses the race quietly and is reported as a duplicate.
   */
  async commit(sourceName: string | null): Promise<MediaIntakeResultDto> {
    const ctx = this.ctx;
    let importId: string | null = null;
    if (this.pending.length > 0) {
      importId = randomUUID();
      const id = importId;
      const manifest = { kind: 'yungang.media-intake', files: this.results.map((r) => ({ name: r.name, status: r.status, sha256: r.sha256 ?? null, reason: r.reason ?? null })) };
      const source = await this.blobs.put(Readable.from([Buffer.from(JSON.stringify(manifest))]));
      await this.database.tenant(ctx, async (tx) => {
        await insertImport(tx, { id, orgId: ctx.orgId, projectId: this.projectId, fileName: sourceName, format: 'media', taskCount: this.pending.length, createdBy: ctx.caller.userId, source });
        const digest = new TaskDigest();
        for (const p of this.pending) {
          let mediaId: string | undefined;
          if (p.media) {
            mediaId = await insertMedia(tx, { ...p.media, id: randomUUID(), orgId: ctx.orgId, projectId: this.projectId, importId: id, createdBy: ctx.caller.userId });
            if (!mediaId) {
              // An upload that finished first stored the same file in this project: its media row is the one served.
              const winner = await findProjectMedia(tx, this.projectId, p.media.sha256);
              if (winner) Object.assign(p.result, describeStored(winner));
              if (!this.options.allowDuplicates) {
                p.result.status = 'duplicate';
                p.result.reason = 'the same file was stored in this project by an upload that finished first';
                continue;
              }
            }
          }
          const type = this.options.field.type;
          const sizes = type === 'audio' ? audioTaskData(p.result) : type === 'video' ? videoTaskData(p.result) : type === 'document' ? documentTaskData(p.result) : { width: p.result.width, height: p.result.height };
          const data: Record<string, unknown> = { [this.options.field.name]: p.result.url, ...sizes };
          for (const name of this.options.emptyTextFields) data[name] = '';
          if (p.note) data[IMAGE_NOTE_KEY] = { [this.options.field.name]: p.note };
          p.result.taskId = await insertTaskReturningId(tx, { orgId: ctx.orgId, projectId: this.projectId, importId: id, data });
          if (mediaId) await setMediaTask(tx, mediaId, p.result.taskId);
          digest.add(data);
        }
        if (digest.count !== this.pending.length) await setImportTaskCount(tx, id, digest.count);
        const counts = tally(this.results);
        await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.import', objectType: 'project', objectId: this.projectId, details: { importId: id, format: 'media', count: digest.count, ...counts, sourceSha256: source.sha256 } });
        await appendLogEvent(tx, importEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { importId: id, projectId: this.projectId, format: 'media', fileName: sourceName, sourceSha256: source.sha256, sourceBytes: source.size, taskCount: digest.count, tasksRoot: digest.root() }));
      });
    }
    if (this.documents.length > 0 || this.videos.length > 0) {
      await this.database.tenant(ctx, async (tx) => {
        for (const d of this.documents) d.result.jobId = await this.jobs.enqueue(tx, ctx, { kind: DOCUMENT_INTAKE_JOB, projectId: this.projectId, payload: d.payload });
        for (const v of this.videos) v.result.jobId = await this.jobs.enqueue(tx, ctx, { kind: VIDEO_INTAKE_JOB, projectId: this.projectId, payload: v.payload });
      });
      this.jobs.notify();
    }
    return { importId, ...tally(this.results), files: this.results };
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

function tally(results: MediaFileResult[]): { stored: number; duplicates: number; rejected: number; dropped: number } {
  return {
    stored: results.filter((r) => r.status === 'stored').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
    dropped: results.filter((r) => r.status === 'dropped').length,
  };
}

/** The URLs and size of media already stored. */
function describeStored(row: MediaRow): Partial<MediaFileResult> {
  const audio = describeStoredAudio(row);
  if (audio) return audio;
  const video = describeStoredVideo(row);
  if (video) return video;
  const document = describeStoredDocument(row);
  if (document) return document;
  return {
    url: mediaUrl(row.display_sha256),
    thumbnailUrl: `${mediaUrl(row.display_sha256)}/thumb`,
    ...(row.tiles_sha256 ? { tilesUrl: `${mediaUrl(row.display_sha256)}/tiles/image.dzi` } : {}),
    width: row.width,
    height: row.height,
    orientation: row.orientation,
  };
}
