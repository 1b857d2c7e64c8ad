import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../blobs/blob-store.js';
import { ModelBackendError } from './model-backend.js';

/** Speech engines (Silero VAD, pocketsphinx) work on 16 kHz mono. */
export const SPEECH_SAMPLE_RATE = 16_000;

const MEDIA_URL = /\/api\/v1\/media\/([0-9a-f]{64})(?:$|[/?#])/;

/**
 * A task's recording decoded for the speech engines. The stored file is copied to a scratch directory
 * (ffmpeg reads any container from a file, not all from a pipe), then decoded once to 16 kHz mono and
 * streamed chunk by chunk into `onPcm`, so a two-hour recording is never held in memory; with `keepPcm`
 * the PCM is also written to `pcmPath` for cutting segments out later. The directory is removed after `use`.
 */
export async function withDecodedSpeech<T>(
  blobs: BlobStore,
  value: unknown,
  taskId: string,
  signal: AbortSignal,
  onPcm: (chunk: Buffer) => Promise<void> | void,
  use: (decoded: { pcmPath: string | null; samples: number }) => Promise<T>,
  keepPcm = false,
): Promise<T> {
  const sha = typeof value === 'string' ? MEDIA_URL.exec(value)?.[1] : undefined;
  const stream = sha ? await blobs.get(sha) : undefined;
  if (!stream) throw new ModelBackendError(`task ${taskId}: its audio is not stored on this server (only uploaded recordings can be read offline)`, false);
  const work = await mkdtemp(join(tmpdir(), 'yungang-speech-'));
  try {
    const input = join(work, 'input');
    await pipeline(stream, createWriteStream(input), { signal });
    const pcmPath = keepPcm ? join(work, 'speech.s16le') : null;
    const samples = await decodePcm(input, pcmPath, onPcm, signal);
    return await use({ pcmPath, samples });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** ffmpeg → signed 16-bit little-endian mono PCM at 16 kHz, streamed (with backpressure) into `onPcm`. */
async function decodePcm(input: string, pcmPath: string | null, onPcm: (chunk: Buffer) => Promise<void> | void, signal: AbortSignal): Promise<number> {
  const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', input, '-map', '0:a:0', '-ac', '1', '-ar', String(SPEECH_SAMPLE_RATE), '-f', 's16le', 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'], signal });
  const errors: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => errors.push(d));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => reject(signal.aborted ? (signal.reason as Error) : new ModelBackendError(e.code === 'ENOENT' ? 'ffmpeg is not installed on this server (Debian: apt-get install ffmpeg)' : `ffmpeg failed to start: ${e.message}`, false)));
    child.on('close', resolve);
  });
  const out = pcmPath ? createWriteStream(pcmPath) : null;
  let bytes = 0;
  let carry: Buffer | null = null;
  for await (const data of child.stdout) {
    let chunk = data as Buffer;
    if (carry) chunk = Buffer.concat([carry, chunk]);
    // Chunks need not end on a sample: keep an odd byte for the next one.
    const whole = chunk.length - (chunk.length % 2);
    carry = whole < chunk.length ? chunk.subarray(whole) : null;
    const pcm = chunk.subarray(0, whole);
    bytes += pcm.length;
    if (out && !out.write(pcm)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    await onPcm(pcm);
  }
  if (out) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  const code = await exited;
  if (code !== 0) throw new ModelBackendError(`ffmpeg could not decode the recording: ${Buffer.concat(errors).toString('utf8').trim().slice(0, 300) || `exit code ${String(code)}`}`, false);
  return bytes / 2;
}

/** Writes seconds `start`..`end` of the 16 kHz PCM at `pcmPath` as a WAV file at `wavPath`. */
export async function writeWavSlice(pcmPath: string, start: number, end: number, wavPath: string): Promise<void> {
  const from = Math.max(0, Math.floor(start * SPEECH_SAMPLE_RATE)) * 2;
  const to = Math.max(from, Math.floor(end * SPEECH_SAMPLE_RATE) * 2);
  const handle = await open(pcmPath, 'r');
  const size = (await handle.stat()).size;
  await handle.close();
  const length = Math.max(0, Math.min(to, size) - from);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SPEECH_SAMPLE_RATE, 24);
  header.writeUInt32LE(SPEECH_SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(length, 40);
  const out = createWriteStream(wavPath);
  out.write(header);
  if (length > 0) await pipeline(createReadStream(pcmPath, { start: from, end: from + length - 1 }), out);
  else await new Promise<void>((resolve) => out.end(resolve));
}
