import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file received into the batch's temporary folder, named by the SHA-256 of its bytes. */
export interface StagedFile {
  path: string;
  sha256: string;
  size: number;
  /** True when the source held more than `maxBytes`: the staged copy is cut short and must not be used. */
  tooLarge: boolean;
}

/**
 * Streams `source` into a new file in `dir`, hashing as the bytes pass, so a large upload never sits in
 * memory and its name is known the moment it is complete. Past `maxBytes` the rest is read and dropped
 * (the client keeps sending; answering mid-stream would reset its connection) and `tooLarge` is set.
 */
export async function stageFile(source: Readable, dir: string, maxBytes: number): Promise<StagedFile> {
  const path = join(dir, randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done();
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(source, meter, createWriteStream(path));
  return { path, sha256: hash.digest('hex'), size, tooLarge: size > maxBytes };
}
