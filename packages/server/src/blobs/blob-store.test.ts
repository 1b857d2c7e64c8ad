import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

// An S3-compatible server in this process (s3rver keeps objects in a folder), so the S3 adapter is held to
// the same contract as the local folder without any outside service.
const BUCKET = 'yungang-test';
const s3Dir = await mkdtemp(join(tmpdir(), 'yungang-s3rver-'));
const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
const { port } = await s3.run();
afterAll(async () => {
  await s3.close();
  await rm(s3Dir, { recursive: true, force: true });
});

/** One contract, every implementation. */
const STORES: { name: string; make(dir: string): BlobStore }[] = [
  { name: 'local folder', make: (dir) => new LocalBlobStore(dir) },
  {
    name: 'S3-compatible bucket',
    // A fresh prefix per test keeps the tests apart in the one bucket; staging goes to the test's folder, which the contract inspects.
    make: (dir) =>
      new S3BlobStore({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        bucket: BUCKET,
        prefix: `t-${randomUUID()}/`,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        forcePathStyle: true,
        stagingDir: join(dir, 'tmp'),
      }),
  },
];

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe.each(STORES)('BlobStore contract: $name', ({ make }) => {
  let dir: string;
  let store: BlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yungang-blobs-'));
    store = make(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a blob by the SHA-256 of its bytes and gives the bytes back', async () => {
    const content = '云冈 blob 😀\n';
    const ref = await store.put(Readable.from([Buffer.from(content.slice(0, 3)), Buffer.from(content.slice(3))]));
    expect(ref).toEqual({ sha256: createHash('sha256').update(content).digest('hex'), size: Buffer.byteLength(content) });
    expect(await store.has(ref.sha256)).toBe(true);
    expect(await text((await store.get(ref.sha256))!)).toBe(content);
  });

  it('gives a byte range and the size', async () => {
    const ref = await store.put(Readable.from([Buffer.from('0123456789')]));
    expect(await store.size(ref.sha256)).toBe(10);
    expect(await text((await store.get(ref.sha256, { start: 2, end: 5 }))!)).toBe('2345');
    expect(await store.size('0'.repeat(64))).toBeUndefined();
  });

  it('stores the same bytes once', async () => {
    const a = await store.put(Readable.from([Buffer.from('same')]));
    const b = await store.put(Readable.from([Buffer.from('same')]));
    expect(a).toEqual(b);
  });

  it('answers undefined for unknown or malformed names', async () => {
    expect(await store.get('0'.repeat(64))).toBeUndefined();
    expect(await store.has('../../etc/passwd')).toBe(false);
  });

  it('leaves nothing behind when the source stream fails midway', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(store.put(failing)).rejects.toThrow('connection lost');
    const left = await readdir(dir, { recursive: true });
    expect(left.filter((f) => /[0-9a-f]{64}$/.test(String(f)))).toEqual([]);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(await store.has(createHash('sha256').update('partial').digest('hex'))).toBe(false);
  });
});
