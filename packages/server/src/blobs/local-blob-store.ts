import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SHA256_HEX, type BlobRef, type BlobStore, type ByteRange } from './blob-store.js';

/**
 * Blobs in a local folder, fanned out as `ab/cd/abcd…`. A write goes to a temporary file first and is
 * renamed into place when complete, so a crash never leaves a half blob under a real name.
 */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(bytes: Readable): Promise<BlobRef> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(bytes, hasher, createWriteStream(tmp));
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      await mkdir(join(target, '..'), { recursive: true });
      await rename(tmp, target);
      return { sha256, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable | undefined> {
    if (!(await this.has(sha256))) return undefined;
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async size(sha256: string): Promise<number | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined;
    try {
      const s = await stat(this.pathOf(sha256));
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
