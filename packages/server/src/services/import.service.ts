import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { once } from 'node:events';
import { canonicalJson, pathOfNul, taskDataFromRecord, ValidationError, type AnnotationFormat, type ImportFormat, type ImportResultDto, type Pipeline, type PipelineStats } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError, badRequest } from '../http/app-error.js';
import { readRecords, RecordSyntaxError } from '../importing/record-reader.js';
import { forEachLine, lineBatches } from '../importing/line-batches.js';
import { lineSink } from '../importing/line-sink.js';
import { completeImport, insertImport, insertTaskLines } from '../repositories/tasks.repository.js';
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
 * Imports tasks so that a failed import leaves nothing behind and a large file never sits in memory. Every
 * record is streamed, validated (and cleaned by the project's import pipeline) and staged as canonical JSON;
 * the upload is also kept, byte for byte, and goes to the blob store once every record is valid (its SHA-256 is
 * recorded on the import); the tasks are inserted in batches inside one transaction, with the import's audit
 * row and log event, which commits only after all of that.
 *
 * On PostgreSQL the staged batches are inserted while the next records are validated, in a transaction open
 * from the first record (issue 10: validating and inserting took about as long each, one after the other, on
 * two cores). The first invalid record stops the inserts, and the transaction rolls back. On PGlite, one
 * connection for the whole process, a transaction held open for an upload's length would stall every other
 * request: there the records are staged into a temporary file first and inserted after.
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
      const importId = randomUUID();
      const owner = { orgId: ctx.orgId, projectId, importId };
      /** Stages every record into `out`; throws (nothing imported) unless all were valid; then stores the original. */
      const stage = async (out: Writable): Promise<Staged> => {
        const { count, issues } = await stageRecords(records, format, project.config, out, cleaning?.pipeline);
        const cleaned = cleaning ? cleaning.pipeline.stats() : undefined;
        const copyError = await copied;
        if (copyError) throw copyError;
        refuseFailedStaging(format, count, issues, cleaned);
        // Stored before the tasks commit: a crash in between leaves an unreferenced blob, never a task without its source.
        const source = await this.blobs.put(createReadStream(original));
        return { count, cleaned, source };
      };
      // Staged lines are already canonical JSON: hashed and inserted as the bytes they are, never decoded or parsed here.
      const digest = new TaskDigest();
      const insert = (tx: Tx) => async (batch: Buffer) => {
        forEachLine(batch, (line) => digest.addCanonical(line));
        await insertTaskLines(tx, owner, batch, this.database.kind === 'postgres' ? 'bytes' : 'values');
      };
      const record = async (tx: Tx, { count, cleaned, source }: Staged) => {
        const pipelineDetails = cleaned ? { pipeline: { spec: cleaning!.spec, records: cleaned.records, changed: cleaned.changed, dropped: cleaned.dropped } } : {};
        await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.import', objectType: 'project', objectId: projectId, details: { importId, count, format, fileName, sourceSha256: source.sha256, ...pipelineDetails } });
        await appendLogEvent(tx, importEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { importId, projectId, format, fileName, sourceSha256: source.sha256, sourceBytes: source.size, taskCount: count, tasksRoot: digest.root() }));
      };
      let recorded: Staged;
      if (this.database.kind === 'postgres') {
        recorded = await this.database.tenant(ctx, async (tx) => {
          // The tasks reference their import's row, so it comes first; its count and source are known at the end.
          await insertImport(tx, { id: importId, orgId: ctx.orgId, projectId, fileName, format, taskCount: 0, createdBy: ctx.caller.userId, source: null });
          const staged = await stage(lineSink(INSERT_BATCH_BYTES, insert(tx)));
          await completeImport(tx, importId, { taskCount: staged.count, source: staged.source });
          await record(tx, staged);
          return staged;
        });
      } else {
        // Staged outside the transaction: PGlite's one connection stays free for other requests during the upload.
        const file = join(dir, 'tasks.jsonl');
        recorded = await stage(createWriteStream(file));
        await this.database.tenant(ctx, async (tx) => {
          await insertImport(tx, { id: importId, orgId: ctx.orgId, projectId, fileName, format, taskCount: recorded.count, createdBy: ctx.caller.userId, source: recorded.source });
          for await (const batch of lineBatches(createReadStream(file, { highWaterMark: INSERT_BATCH_BYTES }))) await insert(tx)(batch);
          await record(tx, recorded);
        });
      }
      const { count, cleaned, source } = recorded;
      return { importId, taskCount: count, format, sourceSha256: source.sha256, ...(cleaned ? { pipeline: { records: cleaned.records, kept: cleaned.kept, changed: cleaned.changed, dropped: cleaned.dropped, stats: cleaned } } : {}) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** What staging found: the tasks it staged, what the import pipeline did, and the original as stored. */
interface Staged {
  count: number;
  cleaned: PipelineStats | undefined;
  source: { sha256: string; size: number };
}

/** Throws, so nothing is imported, when staging found invalid records or left no task. */
function refuseFailedStaging(format: ImportFormat, count: number, issues: ImportIssue[], cleaned: PipelineStats | undefined): void {
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
}

async function stageRecords(input: Readable, format: ImportFormat, config: Parameters<typeof taskDataFromRecord>[1], out: Writable, pipeline?: Pipeline): Promise<{ count: number; issues: ImportIssue[] }> {
  const issues: ImportIssue[] = [];
  let count = 0;
  let failure: unknown;
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
        // Canonical JSON (RFC 8785) once here, so the insert pass hashes each line for the import's Merkle root as it is.
        const line = canonicalJson(data);
        // Only a line that writes \u0000 can hold the NUL character; the walk names where it is.
        const nul = line.includes('\\u0000') ? pathOfNul(data) : undefined;
        if (nul !== undefined) throw new ValidationError([{ path: nul, message: 'holds the NUL character (U+0000), which the database cannot store in text: remove it' }]);
        count++;
        if (issues.length === 0) {
          // A failed insert (PostgreSQL: `out` inserts as it goes) has already destroyed `out`: a write now would
          // wait for a 'drain' that never comes. An error while waiting rejects the wait.
          if (out.errored) throw out.errored;
          if (!out.write(line + '\n')) await once(out, 'drain');
        }
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
    // `finished` settles also when `out` has already failed and closed (an insert's error on PostgreSQL).
    failure = await finished(out).then(
      () => undefined,
      (e: unknown) => e ?? new Error('staging failed'),
    );
    // Drain the rest of the upload so the client gets our answer instead of a reset connection.
    if (!input.readableEnded) input.resume();
  }
  if (failure) throw failure;
  return { count, issues };
}
