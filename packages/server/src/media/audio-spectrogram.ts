import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../blobs/blob-store.js';

/** The longest window one spectrogram shows: what a workbench shows zoomed in enough to read one. */
export const SPECTROGRAM_MAX_SECONDS = 300;
const CACHED_RECORDINGS = 4;

/**
 * Spectrograms of a window of a recording, drawn on demand (docs/media.md, Audio). Only the window is
 * decoded, ffmpeg seeking in the browser copy, so a picture of 30 s of a two-hour recording costs about
 * as much as one of a 30 s clip; the workbench asks for the part it shows. The last few recordings asked
 * about are kept as local files (blob stores may be remote, and seeking needs a file).
 */
export class SpectrogramRenderer {
  private readonly files = new Map<string, Promise<string>>();
  private readonly dir = join(tmpdir(), `yungang-spectrogram-${process.pid}`);

  constructor(private readonly blobs: BlobStore) {}

  /** A PNG, `width` × `height` px: time left to right, frequency (to 8 kHz) bottom to top, loudness (dB) as colour. */
  async render(sha256: string, start: number, end: number, width: number, height: number): Promise<Buffer> {
    const file = await this.local(sha256);
    const args = [
      '-nostdin', '-hide_banner', '-loglevel', 'error',
      '-ss', start.toFixed(3), '-t', Math.max(0.05, end - start).toFixed(3), '-i', file,
      '-lavfi', `aresample=16000,showspectrumpic=s=${width}x${height}:legend=0:scale=log:fscale=lin:color=intensity:win_func=hann`,
      '-frames:v', '1', '-f', 'image2', '-c:v', 'png', 'pipe:1',
    ];
    return new Promise((resolve, reject) => {
      const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new Error('ffmpeg is not installed on this server; install it (Debian: apt-get install ffmpeg) to draw spectrograms') : e));
      child.on('close', (code) => (code === 0 && out.length > 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg could not draw the spectrogram: ${Buffer.concat(err).toString('utf8').trim().slice(0, 300) || `exit code ${String(code)}`}`))));
    });
  }

  private local(sha256: string): Promise<string> {
    const known = this.files.get(sha256);
    if (known) {
      // Most recently used last, so the first key is the one to evict.
      this.files.delete(sha256);
      this.files.set(sha256, known);
      return known;
    }
    const path = join(this.dir, sha256);
    const copy = (async () => {
      await mkdir(this.dir, { recursive: true });
      const stream = await this.blobs.get(sha256);
      if (!stream) throw new Error(`blob ${sha256} is missing from the store`);
      const partial = `${path}.part`;
      await pipeline(stream, createWriteStream(partial));
      await rename(partial, path);
      return path;
    })();
    copy.catch(() => this.files.delete(sha256));
    this.files.set(sha256, copy);
    if (this.files.size > CACHED_RECORDINGS) {
      const [oldest, file] = this.files.entries().next().value!;
      this.files.delete(oldest);
      void file.then((p) => rm(p, { force: true })).catch(() => undefined);
    }
    return copy;
  }
}
