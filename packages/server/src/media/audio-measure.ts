/**
 * ffmpeg work for the audio operators of a pipeline (media/audio-stage.ts): probe a file, decode it to
 * float samples for core's statistics, measure EBU R 128 loudness, run Silero VAD over it, and write new
 * files (transcoded, gained, cut). Every function reads a file and, when it writes, writes a new one: the
 * input is never changed. Decoding streams chunk by chunk, so a long recording is never held whole.
 */
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { AudioStatsAccumulator, speechSegments, type AudioStatsResult, type AudioStreamInfo, type AudioTarget, type LoudnessMeasure, type SpeechSpan, type VadSegmentOptions } from '@yungang/core';
import { SileroStream } from '../models/silero-vad.js';
import { SPEECH_SAMPLE_RATE } from '../models/speech-audio.js';
import { firstLine } from './audio-source.js';

const run = promisify(execFile);
/** Silero VAD v5 frames: 512 samples at 16 kHz. */
const VAD_FRAME_SECONDS = 512 / SPEECH_SAMPLE_RATE;

/** A recording ffmpeg cannot read (cleanly): this record's problem, dropped with the reason. */
export class AudioUnreadable extends Error {}

export interface AudioInfo extends AudioStreamInfo {
  /** Seconds as the container says; undefined when it does not. */
  duration: number | undefined;
}

interface FfprobeOutput {
  streams?: { codec_name?: string; sample_rate?: string; channels?: number; duration?: string }[];
  format?: { format_name?: string; duration?: string };
}

function missingTool(e: unknown, tool: string): Error | undefined {
  return (e as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(`${tool} is not installed on this server; install ffmpeg (Debian: apt-get install ffmpeg) to run audio operators`, { cause: e }) : undefined;
}

/** ffprobe's view of the first audio stream and the container. */
export async function probeAudioFile(path: string): Promise<AudioInfo> {
  let stdout: string;
  try {
    ({ stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-select_streams', 'a:0', path], { maxBuffer: 4 * 1024 * 1024 }));
  } catch (e) {
    // ffprobe names the file; the scratch path means nothing to the reader of the reason.
    const said = firstLine((e as { stderr?: string }).stderr).replace(`${path}: `, '');
    throw missingTool(e, 'ffprobe') ?? new AudioUnreadable(`not a readable recording (ffprobe: ${said || (e as Error).message})`);
  }
  const out = JSON.parse(stdout) as FfprobeOutput;
  const stream = out.streams?.[0];
  if (!stream) throw new AudioUnreadable('not a readable recording (no audio track)');
  const sampleRate = Number(stream.sample_rate);
  const channels = stream.channels ?? 0;
  if (!(sampleRate > 0) || !(channels > 0)) throw new AudioUnreadable(`not a readable recording (no usable sample rate or channel count, codec ${stream.codec_name ?? 'unknown'})`);
  const duration = Number(stream.duration ?? out.format?.duration);
  return { container: out.format?.format_name ?? 'unknown', codec: stream.codec_name ?? 'unknown', sampleRate, channels, duration: Number.isFinite(duration) ? duration : undefined };
}

/**
 * Runs ffmpeg with `args` (output to stdout), passing each chunk of whole `bytesPerSample` samples to
 * `onChunk`. Any error ffmpeg logs while decoding fails it: a damaged recording is reported, not measured
 * with a gap nobody notices.
 */
async function decodeTo(args: string[], bytesPerSample: number, onChunk: (chunk: Buffer) => Promise<void> | void): Promise<void> {
  const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'error', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const errors: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.trim() !== '' && errors.length < 5) errors.push(line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\] /, '').trim());
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(missingTool(e, 'ffmpeg') ?? e));
    child.on('close', resolve);
  });
  // Awaited below; handled here too so a spawn failure while reading is not reported as unhandled.
  exited.catch(() => undefined);
  let carry: Buffer | null = null;
  try {
    for await (const data of child.stdout) {
      let chunk = data as Buffer;
      if (carry) chunk = Buffer.concat([carry, chunk]);
      // Chunks need not end on a sample: keep the rest for the next one.
      const whole = chunk.length - (chunk.length % bytesPerSample);
      carry = whole < chunk.length ? Buffer.from(chunk.subarray(whole)) : null;
      if (whole > 0) await onChunk(chunk.subarray(0, whole));
    }
  } catch (e) {
    // The consumer failed (the VAD model, say): stop the decoder rather than leave it writing into a full pipe.
    child.kill();
    throw e;
  }
  const code = await exited;
  if (code !== 0 || errors.length > 0) throw new AudioUnreadable(`the recording does not decode cleanly (ffmpeg: ${errors[0] ?? `exit code ${String(code)}`})`);
}

/** Decodes every sample (native rate and channels, as float) into core's statistics; `clipLevels` as the spec's clipping filters ask. */
export async function decodeStats(path: string, info: AudioInfo, clipLevels: readonly number[]): Promise<AudioStatsResult> {
  const acc = new AudioStatsAccumulator(info.sampleRate, info.channels, clipLevels);
  await decodeTo(['-i', path, '-map', '0:a:0', '-ac', String(info.channels), '-ar', String(info.sampleRate), '-f', 'f32le', '-c:a', 'pcm_f32le', 'pipe:1'], 4, (chunk) => {
    // Float32Array needs 4-byte alignment; Buffers from a pipe usually are, a copy when not.
    acc.push(chunk.byteOffset % 4 === 0 ? new Float32Array(chunk.buffer, chunk.byteOffset, chunk.length / 4) : new Float32Array(Uint8Array.from(chunk).buffer));
  });
  return acc.finish();
}

/** Integrated loudness (EBU R 128; null below the −70 LUFS gate, i.e. silence) and true peak (dBTP). */
export async function measureLoudness(path: string): Promise<LoudnessMeasure> {
  const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'info', '-i', path, '-map', '0:a:0', '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let integrated: number | null = null;
  let truePeak = -Infinity;
  let section = '';
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.includes('Integrated loudness:')) section = 'I';
    else if (line.includes('True peak:')) section = 'P';
    const i = section === 'I' ? /^\s*I:\s+(-?[0-9.]+|-inf) LUFS/.exec(line) : null;
    if (i) integrated = Number(i[1]) > -70 ? Number(i[1]) : null;
    const p = section === 'P' ? /^\s*Peak:\s+(-?[0-9.]+|-inf) dBFS/.exec(line) : null;
    if (p) truePeak = p[1] === '-inf' ? -Infinity : Number(p[1]);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(missingTool(e, 'ffmpeg') ?? e));
    child.on('close', resolve);
  });
  if (code !== 0) throw new AudioUnreadable(`the recording's loudness could not be measured (ffmpeg exit code ${String(code)})`);
  return { integrated, truePeak: Number.isFinite(truePeak) ? truePeak : -120 };
}

/** Speech segments (seconds) Silero VAD finds in the recording, decoded to 16 kHz mono for it. */
export async function detectSpeechIn(path: string, options: VadSegmentOptions): Promise<{ segments: SpeechSpan[]; duration: number }> {
  const vad = await SileroStream.open();
  let samples = 0;
  await decodeTo(['-i', path, '-map', '0:a:0', '-ac', '1', '-ar', String(SPEECH_SAMPLE_RATE), '-f', 's16le', 'pipe:1'], 2, async (chunk) => {
    samples += chunk.length / 2;
    await vad.push(chunk);
  });
  const duration = samples / SPEECH_SAMPLE_RATE;
  return { segments: speechSegments(await vad.finish(), VAD_FRAME_SECONDS, duration, options), duration };
}

/** A lossless encoding for writing a changed recording: its own when it is WAV or FLAC, else FLAC (no second lossy generation). */
export function losslessEncodingOf(info: AudioInfo): { format: 'wav' | 'flac'; codec: string } {
  const containers = info.container.split(',');
  if (containers.includes('wav') && info.codec.startsWith('pcm_')) return { format: 'wav', codec: info.codec };
  return { format: 'flac', codec: 'flac' };
}

async function encode(input: string, output: string, filters: string[], codec: string, extra: string[] = []): Promise<void> {
  const args = ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'error', '-i', input, '-map', '0:a:0', ...(filters.length > 0 ? ['-af', filters.join(',')] : []), ...extra, '-c:a', codec, '-map_metadata', '-1', '-y', output];
  try {
    await run('ffmpeg', args, { maxBuffer: 4 * 1024 * 1024 });
  } catch (e) {
    throw missingTool(e, 'ffmpeg') ?? new AudioUnreadable(`the recording could not be re-encoded (ffmpeg: ${firstLine((e as { stderr?: string }).stderr) || (e as Error).message})`);
  }
}

/** Writes `input` as `target` (lossless) at `output`. */
export function transcodeAudio(input: string, target: AudioTarget, output: string): Promise<void> {
  return encode(input, output, [], target.codec, ['-ac', String(target.channels), '-ar', String(target.sampleRate), '-f', target.format]);
}

/** Writes `input` with one gain (dB) at `output`, in `encoding`. */
export function gainAudio(input: string, gainDb: number, encoding: { format: string; codec: string }, output: string): Promise<void> {
  return encode(input, output, [`volume=${gainDb.toFixed(2)}dB:precision=double`], encoding.codec, ['-f', encoding.format]);
}

/** Writes seconds `start`..`end` of `input` (sample-exact) at `output`, in `encoding`. */
export function cutAudio(input: string, span: SpeechSpan, encoding: { format: string; codec: string }, output: string): Promise<void> {
  return encode(input, output, [`atrim=start=${span.start.toFixed(3)}:end=${span.end.toFixed(3)}`, 'asetpts=PTS-STARTPTS'], encoding.codec, ['-f', encoding.format]);
}
