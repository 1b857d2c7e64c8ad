import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What one chunk left on disk. */
export interface ChunkWrite {
  /** Bytes written from the chunk's start, synced to disk (even when the client went away half-way). */
  written: number;
  /** The client's connection broke before the chunk ended; `written` bytes of it arrived. */
  interrupted: boolean;
  /** The client sent more than `maxBytes`: the chunk must not count (the upload's size was exceeded). */
  overflow: boolean;
}

const SESSION_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The staging folder of resumable uploads (YUNGANG_UPLOAD_DIR, default <data dir>/uploads): one file per
 * session, named by its id. Chunks are written at their position in the file (never appended), so a chunk
 * sent twice, or by two requests at once after a client retried, writes the same bytes to the same place;
 * the session's offset in the database only ever grows to bytes that are here and synced.
 * Several server processes must see the same folder (shared disk), or the load balancer must send an
 * upload's requests to one process (docs/media.md, "Resumable uploads").
 */
export class UploadStaging {
  constructor(readonly dir: string) {}

  pathOf(id: string): string {
    if (!SESSION_FILE.test(id)) throw new Error(`not an upload session id: ${id}`);
    return join(this.dir, id);
  }

  /** Bytes in the session's file; 0 when there is none yet. */
  async size(id: string): Promise<number> {
    try {
      return (await stat(this.pathOf(id))).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
  }

  /**
   * Writes `source` into the session's file from byte `start`, at most `maxBytes` of it. A broken
   * connection is not an error here: what arrived is kept and reported, so the client resumes after it.
   */
  async write(id: string, start: number, source: Readable, maxBytes: number): Promise<ChunkWrite> {
    await mkdir(this.dir, { recursive: true });
    // O_CREAT without O_TRUNC or O_APPEND: positional writes into a file that may already hold earlier chunks.
    const file = await open(this.pathOf(id), constants.O_WRONLY | constants.O_CREAT, 0o600);
    let written = 0;
    let interrupted = false;
    let overflow = false;
    try {
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          if (written + chunk.length > maxBytes) {
            overflow = true;
            break;
          }
          let done = 0;
          while (done < chunk.length) {
            const { bytesWritten } = await file.write(chunk, done, chunk.length - done, start + written + done);
            done += bytesWritten;
          }
          written += chunk.length;
        }
      } catch (e) {
        // The request stream ends with an error when the client aborts or the connection drops.
        if (!isAbort(e)) throw e;
        interrupted = true;
      }
      // The database will say these bytes are stored: they must survive a crash first.
      await file.sync();
    } finally {
      await file.close();
    }
    return { written, interrupted, overflow };
  }

  /** SHA-256 (hex) of the whole staged file, read once from disk. */
  async sha256(id: string): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(createReadStream(this.pathOf(id)), hash);
    return hash.digest('hex');
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }

  /** Session files last changed before `before` (crash leftovers are found this way; the caller checks which still have a session). */
  async filesOlderThan(before: Date): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const old: string[] = [];
    for (const name of names) {
      if (!SESSION_FILE.test(name)) continue;
      const info = await stat(join(this.dir, name)).catch(() => undefined);
      if (info && info.mtime < before) old.push(name);
    }
    return old;
  }
}

function isAbort(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  const message = (e as Error).message ?? '';
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'EPIPE' || message === 'aborted' || /premature close|aborted/i.test(message);
}
