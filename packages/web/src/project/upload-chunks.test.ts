import { describe, expect, it } from 'vitest';
import type { CreateUploadBody, MediaIntakeResultDto, UploadDto } from '@yungang/core';
import { backoffMs, nextChunk, resumeKey, retryable, tolerantStore, uploadResumable, UploadHttpError, type FileLike, type KeyValueStore, type UploadTransport } from './upload-chunks.ts';

/** What can go wrong with the next chunk. */
type Fault = 'network' | 'partial' | 'server' | 'lost-answer';

/**
 * The upload-session API in memory, with the server's rules: a chunk only at the current offset (409 with
 * it otherwise), a broken chunk keeps what arrived, the last byte takes the file in.
 */
class FakeServer implements UploadTransport {
  readonly sessions = new Map<string, { dto: UploadDto; bytes: Uint8Array }>();
  faults: Fault[] = [];
  sends = 0;
  private next = 1;

  async create(projectId: string, body: CreateUploadBody): Promise<UploadDto> {
    const id = `00000000-0000-4000-8000-${String(this.next++).padStart(12, '0')}`;
    const dto: UploadDto = { id, projectId, filename: body.filename, size: body.size, offset: 0, sha256: null, contentType: body.contentType ?? null, status: 'open', result: null, error: null, createdAt: '', expiresAt: '' };
    this.sessions.set(id, { dto, bytes: new Uint8Array(body.size) });
    return { ...dto };
  }

  async status(id: string): Promise<UploadDto | null> {
    const s = this.sessions.get(id);
    return s ? { ...s.dto } : null;
  }

  async send(id: string, offset: number, chunk: Blob, onProgress: (sent: number) => void): Promise<UploadDto> {
    this.sends++;
    const s = this.sessions.get(id);
    if (!s) throw new UploadHttpError(404, 'upload session not found');
    if (offset !== s.dto.offset) throw new UploadHttpError(409, 'wrong offset', { offset: s.dto.offset });
    const bytes = new Uint8Array(await chunk.arrayBuffer());
    const fault = this.faults.shift();
    if (fault === 'network') throw new UploadHttpError(0, 'network');
    if (fault === 'server') throw new UploadHttpError(503, 'busy');
    const kept = fault === 'partial' ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes;
    s.bytes.set(kept, offset);
    s.dto.offset += kept.length;
    onProgress(kept.length);
    if (fault === 'partial') throw new UploadHttpError(0, 'connection broke');
    if (s.dto.offset === s.dto.size) this.finish(s);
    if (fault === 'lost-answer') throw new UploadHttpError(0, 'answer lost');
    return { ...s.dto };
  }

  async complete(id: string): Promise<UploadDto> {
    const s = this.sessions.get(id)!;
    if (s.dto.offset < s.dto.size) throw new UploadHttpError(409, 'not all bytes', { offset: s.dto.offset });
    if (s.dto.status !== 'completed') this.finish(s);
    return { ...s.dto };
  }

  private finish(s: { dto: UploadDto; bytes: Uint8Array }): void {
    const result: MediaIntakeResultDto = { importId: null, stored: 1, duplicates: 0, rejected: 0, files: [{ name: s.dto.filename, status: 'stored', sha256: checksum(s.bytes) }] };
    s.dto.status = 'completed';
    s.dto.result = result;
  }
}

/** A stand-in for SHA-256: enough to tell whether the server got the very bytes of the file. */
const checksum = (bytes: Uint8Array) => bytes.reduce((sum, b, i) => (sum * 31 + b + i) % 1_000_000_007, 7).toString();

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

function file(size: number, name = 'dashcam.mp4'): FileLike & { bytes: Uint8Array } {
  const bytes = new Uint8Array(size).map((_, i) => (i * 7 + 3) % 251);
  return { name, size, lastModified: 1_700_000_000_000, type: 'video/mp4', bytes, slice: (a, b) => new Blob([bytes.slice(a, b)]) };
}

const noWait = { sleep: async () => {}, random: () => 0 };

describe('chunk planning and backoff', () => {
  it('cuts the file from the server\'s offset, the last chunk short', () => {
    expect(nextChunk(20, 0, 8)).toEqual({ start: 0, end: 8 });
    expect(nextChunk(20, 16, 8)).toEqual({ start: 16, end: 20 });
    expect(nextChunk(20, 20, 8)).toBeNull();
  });

  it('backs off from 1 s doubling to 30 s, with jitter on top', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(n, () => 0))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffMs(1, () => 1)).toBe(1500);
  });

  it('retries only what may pass next time', () => {
    expect([0, 408, 429, 500, 503].map((s) => retryable(new UploadHttpError(s, '')))).toEqual([true, true, true, true, true]);
    expect([400, 403, 404, 413].map((s) => retryable(new UploadHttpError(s, '')))).toEqual([false, false, false, false]);
  });

  it('keeps uploading when the browser refuses storage (private mode)', () => {
    const refusing = tolerantStore(() => {
      throw new Error('SecurityError: access denied');
    });
    refusing.setItem('a', 'b');
    expect(refusing.getItem('a')).toBeNull();
  });

  it('remembers a file by project, name, size and last change', () => {
    expect(resumeKey('p1', { name: 'a.mp4', size: 10, lastModified: 5 })).toBe('yungang.upload.p1.10.5.a.mp4');
  });
});

describe('uploadResumable', () => {
  it('sends every chunk and returns the intake report; the server has the very bytes', async () => {
    const server = new FakeServer();
    const storage = memoryStore();
    const f = file(20);
    const progress: number[] = [];
    const result = await uploadResumable({ projectId: 'p', file: f, transport: server, storage, chunkBytes: 8, onProgress: (sent) => progress.push(sent), ...noWait });
    expect(result.files[0]).toMatchObject({ status: 'stored', sha256: checksum(f.bytes) });
    expect(server.sends).toBe(3);
    expect(progress.at(-1)).toBe(20);
    expect(storage.data.size).toBe(0);
  });

  it('survives broken chunks, server errors and a lost last answer, resuming from what the server kept', async () => {
    const server = new FakeServer();
    server.faults = ['network', 'partial', 'server', undefined as unknown as Fault, 'partial', 'lost-answer'];
    const slept: number[] = [];
    const f = file(30);
    const result = await uploadResumable({ projectId: 'p', file: f, transport: server, storage: memoryStore(), chunkBytes: 8, sleep: async (ms) => void slept.push(ms), random: () => 0 });
    expect(result.files[0]!.sha256).toBe(checksum(f.bytes));
    // Each failure in a row waited longer than the one before; a chunk that went through starts again at 1 s.
    expect(slept).toEqual([1000, 2000, 4000, 1000, 2000]);
  });

  it('recovers the report when the answer to the last chunk is lost', async () => {
    const server = new FakeServer();
    server.faults = [undefined as unknown as Fault, 'lost-answer'];
    const f = file(12);
    const result = await uploadResumable({ projectId: 'p', file: f, transport: server, storage: memoryStore(), chunkBytes: 8, ...noWait });
    expect(result.files[0]!.sha256).toBe(checksum(f.bytes));
    expect(server.sends).toBe(2);
  });

  it('continues a session after a reload instead of starting over', async () => {
    const server = new FakeServer();
    const storage = memoryStore();
    const f = file(24);
    server.faults = ['network', 'network', 'network'];
    await expect(uploadResumable({ projectId: 'p', file: f, transport: server, storage, chunkBytes: 8, maxRetries: 2, ...noWait })).rejects.toThrow('network');
    const [id] = [...server.sessions.keys()];
    expect(storage.getItem(resumeKey('p', f))).toBe(id);
    // "Reload": the same file picked again in a new page; 8 of its bytes were stored before.
    server.sessions.get(id!)!.dto.offset = 8;
    server.sessions.get(id!)!.bytes.set(f.bytes.subarray(0, 8));
    server.sends = 0;
    const result = await uploadResumable({ projectId: 'p', file: f, transport: server, storage, chunkBytes: 8, ...noWait });
    expect(server.sessions.size).toBe(1);
    expect(server.sends).toBe(2);
    expect(result.files[0]!.sha256).toBe(checksum(f.bytes));
  });

  it('goes on from the server\'s offset on 409, and starts over when the session is gone', async () => {
    const server = new FakeServer();
    const storage = memoryStore();
    const f = file(16);
    const key = resumeKey('p', f);
    const first = await server.create('p', { filename: f.name, size: f.size });
    storage.setItem(key, first.id);
    // Another tab sent the first chunk meanwhile: this one is told 409 and the offset, and goes on.
    const realStatus = server.status.bind(server);
    let statusCalls = 0;
    server.status = async (id) => {
      if (statusCalls++ === 0) {
        const dto = await realStatus(id);
        const s = server.sessions.get(id)!;
        s.bytes.set(f.bytes.subarray(0, 8));
        s.dto.offset = 8;
        return dto;
      }
      return realStatus(id);
    };
    const result = await uploadResumable({ projectId: 'p', file: f, transport: server, storage, chunkBytes: 8, ...noWait });
    expect(result.files[0]!.sha256).toBe(checksum(f.bytes));

    // A remembered session the server no longer has: a new one is made.
    storage.setItem(key, 'gone');
    const again = await uploadResumable({ projectId: 'p', file: f, transport: server, storage, chunkBytes: 8, ...noWait });
    expect(again.stored).toBe(1);
    expect(server.sessions.size).toBe(2);
  });

  it('gives up at once on a refusal and forgets the session', async () => {
    const storage = memoryStore();
    const server = new FakeServer();
    server.send = async () => {
      throw new UploadHttpError(400, 'the bytes hash to something else; start a new upload');
    };
    await expect(uploadResumable({ projectId: 'p', file: file(10), transport: server, storage, chunkBytes: 8, ...noWait })).rejects.toThrow('start a new upload');
    expect(storage.data.size).toBe(0);
  });
});
