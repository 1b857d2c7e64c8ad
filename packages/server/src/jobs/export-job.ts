/**
 * Exports as durable background jobs (docs/jobs.md, "Exports"; issue 3 item 5): the same stream the
 * download route sends (ExportService.exportAny) is written into one content-addressed blob, with the
 * progress (lines, bytes) stored every second; the finished job's result names the blob, which
 * `GET /jobs/{id}/file` then serves. A blob is written to a temporary file and renamed into place, so a
 * worker that dies mid-export leaves no half file: the job restarts from the beginning elsewhere (an
 * export has no partial output worth keeping). The job acts for the member who asked, with their role
 * as it is when the job runs: a member removed or disabled meanwhile makes it fail.
 */
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AnyExportFormat, ExportJobResult, HfFiles, Role } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Database } from '../db/database.js';
import { appendAudit } from '../repositories/audit.repository.js';
import type { ExportService } from '../services/export.service.js';
import type { TenantContext } from '../services/context.js';
import type { JobHandler, JobRecord, JobRun } from './job-handler.js';

export const EXPORT_JOB = 'export';

export interface ExportJobPayload {
  format: AnyExportFormat;
  files?: HfFiles;
}

/** Formats with one line per task, whose progress is counted in tasks against the project's count. */
const LINE_FORMATS = new Set<string>(['jsonl', 'csv', 'wenet', 'nemo', 'sft', 'ranking', 'reward', 'qa']);
const PROGRESS_EVERY_MS = 1_000;

export function exportJobHandler(database: Database, blobs: BlobStore, exports: ExportService): JobHandler {
  return {
    kind: EXPORT_JOB,
    async run(run) {
      const payload = run.job.payload as ExportJobPayload;
      const projectId = run.job.projectId;
      if (projectId === null) throw new Error('an export job needs its project');
      const ctx = await requesterContext(database, run.job);
      const file = await exports.exportAny(ctx, projectId, payload.format, payload.files === undefined ? {} : { files: payload.files });
      const lines = LINE_FORMATS.has(payload.format);
      let newlines = 0;
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer | string, _encoding, done) {
          const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          bytes += buffer.length;
          if (lines) for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) newlines++;
          done(null, buffer);
        },
      });
      const out = new PassThrough();
      const abort = () => file.body.destroy(new Error('the export job was cancelled or lost its lease'));
      run.signal.addEventListener('abort', abort, { once: true });
      const flowing = pipeline(file.body, counter, out);
      const stored = blobs.put(out);
      const progress = progressReporter(run, () => ({ done: lines ? Math.max(0, newlines - (payload.format === 'csv' ? 1 : 0)) : 0, bytes }));
      try {
        const [ref] = await Promise.all([stored, flowing]);
        await progress.stop();
        const result: ExportJobResult = { sha256: ref.sha256, size: ref.size, fileName: file.fileName, contentType: file.contentType, dropped: file.dropped };
        await run.step(async (tx) => {
          await appendAudit(tx, { orgId: run.job.orgId, userId: run.job.createdBy, action: 'project.export.file', objectType: 'project', objectId: projectId, details: { jobId: run.job.id, format: payload.format, sha256: ref.sha256, bytes: ref.size } });
          const done = lines ? Math.max(0, newlines - (payload.format === 'csv' ? 1 : 0)) : 1;
          return { done, total: lines ? undefined : 1, checkpoint: null, summary: { bytes: ref.size, fileName: file.fileName, dropped: file.dropped } };
        });
        return result;
      } catch (e) {
        file.body.destroy();
        out.destroy();
        await progress.stop();
        throw e;
      } finally {
        run.signal.removeEventListener('abort', abort);
      }
    },
  };
}

/** Stores the counts every second while the export streams; one step at a time, never after stop(). */
function progressReporter(run: JobRun, read: () => { done: number; bytes: number }): { stop(): Promise<void> } {
  let pending: Promise<void> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    pending = pending.then(async () => {
      if (stopped) return;
      const { done, bytes } = read();
      // A lost lease aborts run.signal, which ends the stream; the error itself needs no handling here.
      await run.step(async () => ({ done, checkpoint: null, summary: { bytes } })).catch(() => undefined);
    });
  }, PROGRESS_EVERY_MS);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pending;
    },
  };
}

/** The member who asked, with their role now (a removed or disabled member's export fails). */
async function requesterContext(database: Database, job: JobRecord): Promise<TenantContext> {
  if (job.createdBy === null) throw new Error('an export job needs the member who asked for it');
  const who = await database.tenant({ orgId: job.orgId }, (tx) =>
    tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.role', 'm.disabled_at', 'u.email', 'u.name'])
      .where('m.user_id', '=', job.createdBy!)
      .executeTakeFirst(),
  );
  if (!who || who.disabled_at !== null) throw new Error('the member who asked for this export is no longer an active member of the organisation');
  return { caller: { userId: job.createdBy, email: who.email, name: who.name }, orgId: job.orgId, role: who.role as Role };
}
