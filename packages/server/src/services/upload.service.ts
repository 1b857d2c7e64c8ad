import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CreateUploadBody, MediaIntakeResultDto, MediaUploadQuery, UploadDto } from '@yungang/core';
import type { Database } from '../db/database.js';
import { isUuid } from '../db/ids.js';
import { AppError, badRequest, conflict, notFound } from '../http/app-error.js';
import { parseChunkHeaders } from '../uploads/chunk-headers.js';
import type { UploadStaging } from '../uploads/upload-staging.js';
import { advanceOffset, claimCompletion, deleteExpiredUploads, deleteUpload, existingUploadIds, findUpload, finishUpload, insertUpload, type UploadRow } from '../repositories/uploads.repository.js';
import { requirePermission, type TenantContext } from './context.js';
import type { MediaIntakeService } from './media-intake.service.js';

export interface UploadConfig {
  /** Largest file a session may announce (YUNGANG_MAX_UPLOAD_MB, as for a normal upload). */
  maxUploadBytes: number;
  /** How long a session lives from its creation (24 h): then it and its bytes are removed. */
  ttlMs: number;
}

/** A completion claimed this long ago without finishing belongs to a process that died; another request may take it over. */
const STALE_COMPLETION_MS = 60 * 60 * 1000;

/** The headers a chunk arrives with (route → service). */
export interface ChunkHeaders {
  uploadOffset?: string | undefined;
  contentRange?: string | undefined;
  contentLength?: string | undefined;
}

/**
 * Resumable uploads (docs/media.md, "Resumable uploads"): a session row per file in the database, its bytes
 * in the staging folder. A chunk is accepted only where the session stands (else 409 with the offset);
 * what arrives of a broken chunk is kept. When the last byte is in, the staged file goes through the same
 * media intake as a normal upload, in place, and the intake's report is kept on the session for the
 * client that lost the answer. Permissions are those of a normal upload (`task.import`); a session is its
 * creator's, and anyone else, in this organisation or another, gets 404.
 */
export class UploadService {
  constructor(
    private readonly database: Database,
    private readonly staging: UploadStaging,
    private readonly intake: MediaIntakeService,
    private readonly config: UploadConfig,
  ) {}

  async create(ctx: TenantContext, projectId: string, body: CreateUploadBody): Promise<UploadDto> {
    const options: MediaUploadQuery = {
      ...(body.field !== undefined ? { field: body.field } : {}),
      ...(body.stripMetadata !== undefined ? { stripMetadata: body.stripMetadata } : {}),
      ...(body.allowDuplicates !== undefined ? { allowDuplicates: body.allowDuplicates } : {}),
    };
    // The intake's own checks, now: a project that cannot take the file refuses it before any byte is sent.
    await this.intake.check(ctx, projectId, options);
    if (body.size > this.config.maxUploadBytes) {
      throw new AppError('payload_too_large', `size: ${body.size} bytes is larger than ${Math.round(this.config.maxUploadBytes / 1048576)} MB, the server's limit per file (YUNGANG_MAX_UPLOAD_MB); split the file or ask the operator to raise the limit`, { path: 'size' });
    }
    const row = await this.database.tenant(ctx, (tx) =>
      insertUpload(tx, {
        id: randomUUID(),
        orgId: ctx.orgId,
        projectId,
        filename: body.filename,
        size: body.size,
        sha256: body.sha256 ?? null,
        contentType: body.contentType ?? null,
        options,
        createdBy: ctx.caller.userId,
        ttlMs: this.config.ttlMs,
      }),
    );
    return toDto(row);
  }

  async get(ctx: TenantContext, id: string): Promise<UploadDto> {
    requirePermission(ctx, 'task.import');
    return toDto(await this.load(ctx, id));
  }

  /**
   * Appends one chunk. Returns the session as it stands after the chunk (completed, with the intake's
   * report, when this was the last one). A client that went away mid-chunk gets nothing, but the bytes
   * that reached the disk count, and a HEAD tells it where to go on.
   */
  async append(ctx: TenantContext, id: string, headers: ChunkHeaders, body: Readable): Promise<UploadDto> {
    requirePermission(ctx, 'task.import');
    const row = await this.load(ctx, id);
    const size = Number(row.size);
    const offset = Number(row.upload_offset);
    if (row.status !== 'open') throw notOpen(row);
    const parsed = parseChunkHeaders(headers, size);
    if (!parsed.ok) throw badRequest(parsed.message, { uploadId: row.id, offset });
    const { start, length } = parsed.position;
    if (start !== offset) {
      throw conflict(`Upload-Offset ${start} does not match the ${offset} bytes this upload has stored; send the file from byte ${offset} on (HEAD /api/v1/uploads/${row.id} always says where to go on)`, { uploadId: row.id, offset, size });
    }
    // Bytes the database counts must be on this server's disk; a process without them is not sharing the staging folder.
    const onDisk = await this.staging.size(row.id);
    if (onDisk < offset) {
      throw conflict(
        `this server's staging folder holds ${onDisk} of the ${offset} bytes stored for upload ${row.id}: the servers do not share YUNGANG_UPLOAD_DIR. The operator must put it on a shared disk or make the load balancer send an upload's requests to one server; meanwhile start a new upload`,
        { uploadId: row.id, offset, size },
      );
    }
    const chunk = await this.staging.write(row.id, start, body, size - start);
    if (chunk.overflow) {
      throw badRequest(`this chunk held more than the ${size - start} bytes left of the upload's ${size}; nothing of it was counted. Send at most ${size - start} bytes from byte ${start}`, { uploadId: row.id, offset, size });
    }
    if (!chunk.interrupted && length !== undefined && chunk.written < length) {
      // Content-Length promised more than arrived without the connection breaking: count what arrived.
      chunk.interrupted = true;
    }
    const after = await this.database.tenant(ctx, (tx) => advanceOffset(tx, row.id, start, start + chunk.written));
    if (!after) throw notOpen(await this.load(ctx, id));
    if (Number(after.upload_offset) >= size && !chunk.interrupted) return this.complete(ctx, id);
    return toDto(after);
  }

  /**
   * Takes the fully received file into the project through media intake (also what the last chunk does).
   * Idempotent: a completed session answers its stored report again.
   */
  async complete(ctx: TenantContext, id: string): Promise<UploadDto> {
    requirePermission(ctx, 'task.import');
    const row = await this.load(ctx, id);
    if (row.status === 'completed') return toDto(row);
    if (row.status === 'failed') throw notOpen(row);
    const size = Number(row.size);
    const offset = Number(row.upload_offset);
    if (offset < size) throw conflict(`only ${offset} of the upload's ${size} bytes have arrived; send the rest from byte ${offset} with PATCH /api/v1/uploads/${row.id}, then complete it`, { uploadId: row.id, offset, size });
    const claimed = await this.database.tenant(ctx, (tx) => claimCompletion(tx, row.id, STALE_COMPLETION_MS));
    if (!claimed) throw conflict(`upload ${row.id} is being taken in by another request; poll GET /api/v1/uploads/${row.id} until its status is "completed"`, { uploadId: row.id, offset, size });
    // Anything but a refused file (an outage, a permission lost meanwhile) leaves the bytes for another try.
    const reopen = async (e: unknown): Promise<never> => {
      await this.database.tenant(ctx, (tx) => finishUpload(tx, row.id, { reopen: true }));
      throw e;
    };
    const sha256 = await this.staging.sha256(row.id).catch(reopen);
    if (row.sha256 && sha256 !== row.sha256) {
      const message = `the ${size} bytes received hash to SHA-256 ${sha256}, not ${row.sha256} as announced when the upload was created: a chunk was damaged or the file changed while it was sent. Nothing was stored; start a new upload`;
      await this.database.tenant(ctx, (tx) => finishUpload(tx, row.id, { error: message }));
      await this.staging.remove(row.id);
      throw badRequest(message, { uploadId: row.id, path: 'sha256' });
    }
    let result: MediaIntakeResultDto;
    try {
      const batch = await this.intake.begin(ctx, row.project_id, row.options as MediaUploadQuery);
      try {
        await batch.addStaged(row.filename, { path: this.staging.pathOf(row.id), sha256, size, tooLarge: false });
        result = await batch.commit(null);
      } finally {
        await batch.dispose();
      }
    } catch (e) {
      return reopen(e);
    }
    await this.database.tenant(ctx, (tx) => finishUpload(tx, row.id, { result }));
    await this.staging.remove(row.id);
    return toDto(await this.load(ctx, id));
  }

  /** Gives up a session (tus termination): the row and the staged bytes go. */
  async cancel(ctx: TenantContext, id: string): Promise<void> {
    requirePermission(ctx, 'task.import');
    const row = await this.load(ctx, id, { expiredToo: true });
    if (row.status === 'completing') throw conflict(`upload ${row.id} is being taken in right now and cannot be cancelled; delete its task afterwards if it is not wanted`, { uploadId: row.id });
    await this.database.tenant(ctx, (tx) => deleteUpload(tx, row.id));
    await this.staging.remove(row.id);
  }

  /**
   * Removes expired sessions with their bytes, and staged files no session owns any more (a crash between
   * the two). Runs across organisations as system work; every server process may run it.
   */
  async sweep(): Promise<{ sessions: number; files: number }> {
    const expired = await deleteExpiredUploads(this.database.db, STALE_COMPLETION_MS);
    for (const id of expired) await this.staging.remove(id);
    const old = await this.staging.filesOlderThan(new Date(Date.now() - this.config.ttlMs));
    const live = await existingUploadIds(this.database.db, old);
    const orphans = old.filter((id) => !live.has(id));
    for (const id of orphans) await this.staging.remove(id);
    return { sessions: expired.length, files: orphans.length };
  }

  private async load(ctx: TenantContext, id: string, opts: { expiredToo?: boolean } = {}): Promise<UploadRow> {
    const row = isUuid(id) ? await this.database.tenant(ctx, (tx) => findUpload(tx, id, ctx.caller.userId)) : undefined;
    if (!row) throw notFound('upload session', { uploadId: id });
    if (!opts.expiredToo && row.expires_at.getTime() < Date.now()) {
      throw new AppError('not_found', `upload session ${row.id} expired at ${row.expires_at.toISOString()} (sessions last ${Math.round(this.config.ttlMs / 3_600_000)} h) and its bytes are being removed; start a new upload`, { uploadId: row.id });
    }
    return row;
  }
}

function notOpen(row: UploadRow): AppError {
  const details = { uploadId: row.id, status: row.status, offset: Number(row.upload_offset), size: Number(row.size) };
  if (row.status === 'failed') return conflict(`upload ${row.id} failed (${row.error ?? 'no reason recorded'}); start a new upload`, details);
  if (row.status === 'completed') return conflict(`upload ${row.id} is complete and takes no more bytes; its report is at GET /api/v1/uploads/${row.id}`, details);
  return conflict(`upload ${row.id} has all its bytes and is being taken in; poll GET /api/v1/uploads/${row.id} until its status is "completed"`, details);
}

export function toDto(row: UploadRow): UploadDto {
  return {
    id: row.id,
    projectId: row.project_id,
    filename: row.filename,
    size: Number(row.size),
    offset: Number(row.upload_offset),
    sha256: row.sha256,
    contentType: row.content_type,
    status: row.status,
    result: (row.result as MediaIntakeResultDto | null) ?? null,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}
