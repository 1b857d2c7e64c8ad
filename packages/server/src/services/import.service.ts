import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { once } from 'node:events';
import { canonicalJson, taskDataFromRecord, ValidationError, type AnnotationFormat, type ImportFormat, type ImportResultDto, type Pipeline } from '@yungang/core';
import type { Database } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError, badRequest } from '../http/app-error.js';
import { readRecords, RecordSyntaxError } from '../importing/record-reader.js';
import { forEachLine, lineBatches } from '../importing/line-batches.js';
import { insertImport, insertTaskLines } from '../repositories/tasks.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { importEvent, TaskDigest } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { importAnnotationFile, type FormatImportOptions } from './format-import.service.js';
import { importPipelineOf } from './import-pipeline.service.js';

/** Issues reported per failed import; past this the file is clearly of the wrong shape. */
const MAX_ISSUES = 50;
/** Bytes of staged tasks per insert statement: about a thousand tasks of 1 KB. */
const INSERT_BATCH_BYTES = 1 << 20;

export interface ImportIssue {
  line: number;
  path: string;
  message: string;
}

/**
 * Imports tasks in two passes so a failed import leaves nothing behind and a large file never sits in
 * memory: pass 1 streams and validates every record into a temporary JSONL file; only if all are valid,
 * the original file goes to the blob store (its SHA-256 is recorded on the import) and pass 2 inserts
 * the tasks in batches inside one transaction.
 */
export class ImportService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
  ) {}

  /** An annotation file of another tool (COCO, YOLO, VOC, CVAT, Label Studio) into an image project: docs/formats.md. */
  async importAnnotationFile(ctx: TenantContext, projectId: string, bytes: Uint8Array, format: AnnotationFormat, fileName: string | null, options: FormatImportOptions): Promise<ImportResultDto> {
    return importAnnotationFile(this.database, this.blobs, ctx, projectId, bytes, format, fileName, options);
  }

  async importStream(ctx: TenantContext, projectId: string, input: Readable, format: ImportFormat, fileName: string | null): Promise<ImportResultDto> {
    requirePermission(ctx, 'task.import');
    const { project, cleaning } = await this.database.tenant(ctx, async (tx) => ({ project: await requireProject(tx, projectId), cleaning: await importPipelineOf(tx, projectId) }));
    const dir = await mkdtemp(join(tmpdir(), 'yungang-import-'));
    const staged = join(dir, 'tasks.jsonl');
    const original = join(dir, 'source');
    try {
      // The upload is read once: into the validator and, byte for byte, into a file kept as the import's source.
      const records = new PassThrough();
      const copy = createWriteStream(original);
      const copied = finished(copy).then(() => undefined, (e: unknown) => e);
      input.on('error', (e) => {
        records.destroy(e);
        copy.destroy(e);
      });
      input.pipe(records);
      input.pipe(copy);
      const { count, issues } = await stageRecords(records, format, project.config, createWriteStream(staged), cleaning?.pipeline);
      const cleaned = cleaning ? cleaning.pipeline.stats() : undefined;
      const copyError = await copied;
      if (copyError) throw copyError;
      if (issues.length > 0) {
        const first = issues[0]!;
        const unit = format === 'json' ? 'item' : 'line';
        throw new AppError('validation_failed', `nothing was imported: ${unit} ${first.line}${first.path ? `, ${first.path}` : ''}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : ''}`, {
          line: first.line,
          path: first.path,
          issues,
        });
      }
      if (count === 0 && cleaned && cleaned.records > 0) throw badRequest(`the project's import pipeline dropped all ${cleaned.records} records, so nothing was imported; see its rules in the Preprocessing tab`, { format, pipeline: cleaned });
      if (count === 0) throw badRequest('the file holds no tasks', { format });
      const importId = randomUUID();
      // Stored before the tasks commit: a crash in between leaves an unreferenced blob, never a task without its source.
      const source = await this.blobs.put(createReadStream(original));
      await this.database.tenant(ctx, async (tx) => {
        await insertImport(tx, { id: importId, orgId: ctx.orgId, projectId, fileName, format, taskCount: count, createdBy: ctx.caller.userId, source });
        // Staged lines are already canonical JSON: hashed and inserted as the bytes they are, never decoded or parsed here.
        const style = this.database.kind === 'postgres' ? 'bytes' : 'values';
        const digest = new TaskDigest();
        for await (const batch of lineBatches(createReadStream(staged, { highWaterMark: INSERT_BATCH_BYTES }))) {
          forEachLine(batch, (line) => digest.addCanonical(line));
          await insertTaskLines(tx, { orgId: ctx.orgId, projectId, importId }, batch, style);
        }
        const pipelineDetails = cleaned ? { pipeline: { spec: cleaning!.spec, records: cleaned.records, changed: cleaned.changed, dropped: cleaned.dropped } } : {};
        await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.import', objectType: 'project', objectId: projectId, details: { importId, count, format, fileName, sourceSha256: source.sha256, ...pipelineDetails } });
        await appendLogEvent(tx, importEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { importId, projectId, format, fileName, sourceSha256: source.sha256, sourceBytes: source.size, taskCount: count, tasksRoot: digest.root() }));
      });
      return { importId, taskCount: count, format, sourceSha256: source.sha256, ...(cleaned ? { pipeline: { records: cleaned.records, kept: cleaned.kept, changed: cleaned.changed, dropped: cleaned.dropped, stats: cleaned } } : {}) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function stageRecords(input: Readable, format: ImportFormat, config: Parameters<typeof taskDataFromRecord>[1], out: Writable, pipeline?: Pipeline): Promise<{ count: number; issues: ImportIssue[] }> {
  const issues: ImportIssue[] = [];
  let count = 0;
  try {
    for await (const record of readRecords(input, format)) {
      try {
        let data = taskDataFromRecord(record.value, config);
        if (pipeline) {
          // The import pipeline cleans valid records only; an invalid file still imports nothing.
          if (issues.length > 0) continue;
          const cleaned = pipeline.process(data);
          if (cleaned.status === 'dropped') continue;
          data = cleaned.record;
        }
        count++;
        // Canonical JSON (RFC 8785) once here, so the insert pass hashes each line for the import's Merkle root as it is.
        if (issues.length === 0 && !out.write(canonicalJson(data) + '\n')) await once(out, 'drain');
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        for (const issue of e.issues) issues.push({ line: record.line, path: issue.path, message: issue.message });
        if (issues.length >= MAX_ISSUES) break;
      }
    }
  } catch (e) {
    if (!(e instanceof RecordSyntaxError)) throw e;
    issues.push({ line: e.line, path: '', message: e.message });
  } finally {
    out.end();
    await once(out, 'close');
  }
  // Drain the rest of the upload so the client gets our answer instead of a reset connection.
  if (!input.readableEnded) input.resume();
  return { count, issues };
}
