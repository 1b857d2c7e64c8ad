import type { CreateUploadBody, MediaIntakeResultDto, UploadDto } from '@yungang/core';

/**
 * Resumable upload of one large file through the upload-session API (docs/media.md, "Resumable uploads"),
 * as pure logic over an injected transport, storage and clock, so it is tested without a browser or server:
 * - the file goes in chunks from the offset the server reports; a chunk that fails is retried with
 *   exponential backoff, after asking the server where it stands (it keeps what arrived of a broken chunk);
 * - a 409 carries the server's offset, which is simply where to go on;
 * - the session id is remembered per project and file (name, size, last change) in storage, so after a
 *   page reload the same file picked again continues instead of starting over;
 * - a lost answer to the last chunk is recovered by asking the session, which keeps the intake's report.
 */

/** Files larger than this go through an upload session; smaller ones keep the one-request multipart upload. */
export const RESUMABLE_THRESHOLD = 8 * 1024 * 1024;
/** Bytes per PATCH: small enough to resend cheaply on a flaky connection, large enough that a round trip per chunk costs little. */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** Failed attempts in a row (on one chunk) before the upload gives up and says so. */
export const MAX_RETRIES = 8;

/** The subset of a File the logic needs (a Blob slice is what gets sent). */
export interface FileLike {
  name: string;
  size: number;
  lastModified: number;
  type: string;
  slice(start: number, end: number): Blob;
}

/** An HTTP failure as the transport reports it: the status (0 for a network error) and the server's details. */
export class UploadHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'UploadHttpError';
  }
}

export interface UploadTransport {
  create(projectId: string, body: CreateUploadBody): Promise<UploadDto>;
  /** The session, or null when the server no longer has it (expired, cancelled, never ours). */
  status(id: string): Promise<UploadDto | null>;
  /** Sends one chunk starting at `offset`; `onProgress` gets the bytes of this chunk sent so far. */
  send(id: string, offset: number, chunk: Blob, onProgress: (sent: number) => void): Promise<UploadDto>;
  complete(id: string): Promise<UploadDto>;
}

/** The localStorage subset that remembers sessions. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ResumableOptions {
  projectId: string;
  file: FileLike;
  transport: UploadTransport;
  storage: KeyValueStore;
  /** Intake options, as for the multipart upload. */
  stripMetadata?: boolean;
  chunkBytes?: number;
  maxRetries?: number;
  /** Bytes of this file the server has (including the chunk in flight), and the file's size. */
  onProgress?: (sent: number, total: number) => void;
  /** A chunk failed and is tried again after `waitMs` (for a "connection lost, retrying" line). */
  onRetry?: (attempt: number, waitMs: number, error: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
  /** 0..1, for backoff jitter; Math.random in the browser, fixed in tests. */
  random?: () => number;
}

/** The storage key remembering the session of this file in this project. */
export function resumeKey(projectId: string, file: Pick<FileLike, 'name' | 'size' | 'lastModified'>): string {
  return `yungang.upload.${projectId}.${file.size}.${file.lastModified}.${file.name}`;
}

/** The next chunk to send from `offset`: [start, end) within the file. */
export function nextChunk(size: number, offset: number, chunkBytes: number): { start: number; end: number } | null {
  if (offset >= size) return null;
  return { start: offset, end: Math.min(size, offset + Math.max(1, chunkBytes)) };
}

/** Milliseconds to wait before attempt `attempt` (1 = the first retry): 1 s doubling to 30 s, with up to half again as jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + random() / 2));
}

/** Failures worth another try: the network, the server or a proxy having a bad moment, a rate limit. */
export function retryable(e: unknown): boolean {
  if (!(e instanceof UploadHttpError)) return false;
  return e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500;
}

/** Uploads `file` through an upload session and resolves with the media intake's report. */
export async function uploadResumable(options: ResumableOptions): Promise<MediaIntakeResultDto> {
  const { projectId, file, transport, storage } = options;
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const maxRetries = options.maxRetries ?? MAX_RETRIES;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const progress = (sent: number) => options.onProgress?.(Math.min(sent, file.size), file.size);
  const key = resumeKey(projectId, file);

  let session = await resume(transport, storage, key);
  if (!session) {
    session = await transport.create(projectId, {
      filename: file.name,
      size: file.size,
      ...(file.type ? { contentType: file.type } : {}),
      ...(options.stripMetadata ? { stripMetadata: true } : {}),
    });
    storage.setItem(key, session.id);
  }
  const id = session.id;
  let offset = session.offset;
  let failures = 0;
  progress(offset);

  // Every failure goes through here: give up (forgetting a dead session), or wait and ask where the server stands.
  const recover = async (e: unknown): Promise<void> => {
    if (e instanceof UploadHttpError && e.status === 409) {
      // Not where the server is (another tab, a chunk whose answer was lost, a completion under way): go on from its state.
      const now = await transport.status(id);
      if (now === null) return gone();
      const moved = now.offset !== offset || now.status !== session?.status;
      session = now;
      offset = now.offset;
      if (moved) return;
    } else if (!retryable(e)) {
      if (e instanceof UploadHttpError && (e.status === 400 || e.status === 404)) storage.removeItem(key);
      throw e;
    }
    if (++failures > maxRetries) throw e;
    const wait = backoffMs(failures, random);
    options.onRetry?.(failures, wait, e);
    await sleep(wait);
    const now = await transport.status(id).catch((err: unknown) => (retryable(err) ? undefined : Promise.reject(err)));
    if (now === null) return gone();
    if (now) {
      session = now;
      offset = now.offset;
    }
  };
  const gone = (): never => {
    storage.removeItem(key);
    throw new UploadHttpError(404, `the server no longer has the upload of "${file.name}" (it expired or was cancelled); send the file again`);
  };

  for (;;) {
    if (session.status === 'completed' && session.result) {
      storage.removeItem(key);
      progress(file.size);
      return session.result;
    }
    if (session.status === 'failed') {
      storage.removeItem(key);
      throw new UploadHttpError(400, session.error ?? `the upload of "${file.name}" failed; send the file again`);
    }
    try {
      const chunk = nextChunk(file.size, offset, chunkBytes);
      if (chunk) {
        session = await transport.send(id, chunk.start, file.slice(chunk.start, chunk.end), (sent) => progress(chunk.start + sent));
      } else if (session.status === 'completing') {
        // Another request is taking it in (our last chunk's answer was lost): wait for its report.
        await sleep(backoffMs(1, random));
        session = (await transport.status(id)) ?? session;
      } else {
        session = await transport.complete(id);
      }
      offset = session.offset;
      failures = 0;
      progress(offset);
    } catch (e) {
      await recover(e);
    }
  }
}

/**
 * Storage that never throws: private browsing modes refuse localStorage writes (or all access), and an
 * upload must not fail for that; it only loses the ability to resume after a reload.
 */
export function tolerantStore(get: () => KeyValueStore): KeyValueStore {
  const attempt = <T>(work: (s: KeyValueStore) => T, fallback: T): T => {
    try {
      return work(get());
    } catch {
      return fallback;
    }
  };
  return {
    getItem: (key) => attempt((s) => s.getItem(key), null),
    setItem: (key, value) => attempt((s) => s.setItem(key, value), undefined),
    removeItem: (key) => attempt((s) => s.removeItem(key), undefined),
  };
}

/** The remembered session of this file, if the server still has it open or finished. */
async function resume(transport: UploadTransport, storage: KeyValueStore, key: string): Promise<UploadDto | null> {
  const id = storage.getItem(key);
  if (!id) return null;
  // A network failure here is thrown (the session is kept for the next try); only a session the server no longer has is forgotten.
  const session = await transport.status(id);
  if (!session || session.status === 'failed') {
    storage.removeItem(key);
    return null;
  }
  return session;
}
