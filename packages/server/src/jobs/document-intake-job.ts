/**
 * PDF intake as a durable job (docs/documents.md, "Intake"): the upload stores the PDF and queues this
 * job; the job reads the pages in batches, checkpointing the stored pages after each batch, and makes
 * the media row, the task, its import record, audit row and log entry in one last transaction. A killed
 * worker resumes after the last checkpointed page; pages redone after it store nothing twice (blobs are
 * content-addressed). A PDF that turns out unreadable, or a scanned page without Tesseract, fails the
 * job with that reason and leaves no task.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaFileResult } from '@yungang/core';
import type { Database } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { deriveDocument, type DerivedPage } from '../media/document-pipeline.js';
import { MediaRejection } from '../media/image-source.js';
import { documentTaskData, storeDocumentLayout } from '../services/document-intake.js';
import { findProjectMedia, insertMedia, insertTaskReturningId, setMediaTask } from '../repositories/media.repository.js';
import { insertImport } from '../repositories/tasks.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { importEvent, TaskDigest } from '../provenance/log-events.js';
import type { JobHandler } from './job-handler.js';

export const DOCUMENT_INTAKE_JOB = 'document-intake';

/** Pages per checkpoint: a killed worker redoes at most this many pages. */
export const DOCUMENT_PAGES_PER_STEP = 10;

export interface DocumentIntakePayload {
  /** The PDF's original blob, stored by the upload. */
  sha256: string;
  size: number;
  /** The file's name as sent (inside a zip: its path there). */
  name: string;
  /** The document field the task fills, and the label config's other fields (filled with ""). */
  field: string;
  emptyTextFields: string[];
  allowDuplicates: boolean;
  /** Tesseract languages for scanned pages. */
  languages: string;
}

interface Checkpoint {
  pages: DerivedPage[];
  ocrPages: number;
  /** Set by the last step, with what the job answers: a resume after it only reports. */
  result?: MediaFileResult;
}

export function documentIntakeJobHandler(database: Database, blobs: BlobStore): JobHandler {
  return {
    kind: DOCUMENT_INTAKE_JOB,
    async run(run) {
      const payload = run.job.payload as DocumentIntakePayload;
      const saved = (run.job.checkpoint as Checkpoint | null) ?? { pages: [], ocrPages: 0 };
      if (saved.result) return saved.result;
      const dir = await mkdtemp(join(tmpdir(), 'yungang-document-'));
      try {
        const path = join(dir, 'document.pdf');
        const stream = await blobs.get(payload.sha256);
        if (!stream) throw new Error(`the uploaded PDF (${payload.sha256}) is missing from the blob store`);
        await pipeline(stream, createWriteStream(path));
        const put = async (bytes: Buffer) => (await blobs.put(Readable.from([bytes]))).sha256;
        let derived: Awaited<ReturnType<typeof deriveDocument>>;
        try {
          derived = await deriveDocument(path, put, payload.languages, {
            pages: saved.pages,
            ocrPages: saved.ocrPages,
            every: DOCUMENT_PAGES_PER_STEP,
            onBatch: async (pages, ocrPages, total) => {
              if (run.signal.aborted) throw run.signal.reason instanceof Error ? run.signal.reason : new Error('the job was stopped');
              // No rows yet: the step only records which pages are stored, so a resume starts after them.
              await run.step(async () => ({ done: pages.length, total, checkpoint: { pages, ocrPages } satisfies Checkpoint, summary: { pages: pages.length, ocrPages } }));
            },
          });
        } catch (e) {
          // The file's own problem (or a missing Tesseract), told as the job's error; the upload already answered.
          if (e instanceof MediaRejection) throw new Error(`${payload.name}: ${e.message}`, { cause: e });
          throw e;
        }
        const stored = await storeDocumentLayout(blobs, payload.name, { sha256: payload.sha256, size: payload.size }, derived);
        const result = stored.result;
        const manifest = { kind: 'yungang.media-intake', files: [{ name: payload.name, status: 'stored', sha256: payload.sha256, reason: null }] };
        const source = await blobs.put(Readable.from([Buffer.from(JSON.stringify(manifest))]));
        const pages = derived.layout.pages.length;
        await run.step(async (tx) => {
          const projectId = run.job.projectId!;
          const orgId = run.job.orgId;
          const userId = run.job.createdBy;
          const importId = randomUUID();
          const winner = await findProjectMedia(tx, projectId, payload.sha256);
          if (winner && !payload.allowDuplicates) {
            // Another upload of the same PDF finished first: its media row and task are the ones kept.
            Object.assign(result, { status: 'duplicate', reason: `this project has this file already (as "${winner.original_name}")`, ...(winner.task_id ? { taskId: winner.task_id } : {}) });
            return { done: pages, total: pages, checkpoint: { ...saved, result } satisfies Checkpoint, summary: { pages, ocrPages: derived.ocrPages, duplicate: true } };
          }
          await insertImport(tx, { id: importId, orgId, projectId, fileName: payload.name, format: 'media', taskCount: 1, createdBy: userId, source });
          // With duplicates allowed and the PDF already here, the new task shows the stored media row.
          const mediaId = winner ? undefined : await insertMedia(tx, { ...stored.media, id: randomUUID(), orgId, projectId, importId, createdBy: userId });
          if (!winner && !mediaId) throw new Error(`${payload.name}: the same PDF was stored in this project by an upload that finished at this very moment; upload it again to see it as a duplicate`);
          const data: Record<string, unknown> = { [payload.field]: result.url, ...documentTaskData(result) };
          for (const name of payload.emptyTextFields) data[name] = '';
          result.taskId = await insertTaskReturningId(tx, { orgId, projectId, importId, data });
          if (mediaId) await setMediaTask(tx, mediaId, result.taskId);
          const digest = new TaskDigest();
          digest.add(data);
          await appendAudit(tx, { orgId, userId, action: 'task.import', objectType: 'project', objectId: projectId, details: { importId, format: 'media', count: 1, stored: 1, duplicates: 0, rejected: 0, sourceSha256: source.sha256, jobId: run.job.id } });
          await appendLogEvent(tx, importEvent({ orgId, actorId: userId }, { importId, projectId, format: 'media', fileName: payload.name, sourceSha256: source.sha256, sourceBytes: source.size, taskCount: 1, tasksRoot: digest.root() }));
          return { done: pages, total: pages, checkpoint: { ...saved, result } satisfies Checkpoint, summary: { pages, ocrPages: derived.ocrPages, taskId: result.taskId } };
        });
        return result;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
