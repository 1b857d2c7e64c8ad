import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import sharp from 'sharp';
import { MediaRejection } from './image-source.js';
import { probeAudio, type AudioProbe } from './audio-source.js';
import { drawWaveform, PEAKS_SAMPLE_RATE, PeakAccumulator, readPeaks } from './audio-peaks.js';

/** What annotators get: AAC in M4A plays in every browser, and `faststart` lets it start before it has all arrived. */
export const AUDIO_DISPLAY_MIME = 'audio/mp4';
const THUMB_WIDTH = 256;
const THUMB_HEIGHT = 64;
/** ebur128 answers -70 LUFS (its absolute gate) when nothing was loud enough to measure: silence. */
const SILENCE_LUFS = -70;

export interface DerivedAudio {
  probe: AudioProbe;
  /** Seconds, from the decoded samples (exact, unlike some containers' estimates). */
  duration: number;
  /** Integrated loudness (EBU R 128), LUFS; null for silence. */
  loudness: number | null;
  displayPath: string;
  peaksPath: string;
  thumbPath: string;
}

/**
 * Decodes the file once and, from that one decode, writes the browser copy (AAC in M4A, at most two
 * channels), streams mono 8 kHz PCM into the peak accumulator (never held whole: a two-hour file is
 * 115 MB of such PCM) and measures loudness. Any error ffmpeg logs while decoding rejects the file: a
 * damaged recording is sent back rather than stored with a gap nobody notices.
 */
export async function deriveAudio(path: string, work: string): Promise<DerivedAudio> {
  const probe = await probeAudio(path);
  const displayPath = join(work, 'display.m4a');
  const channels = Math.min(probe.channels, 2);
  const args = [
    '-nostdin', '-hide_banner', '-nostats', '-loglevel', 'repeat+level+info',
    '-i', path,
    '-filter_complex', '[0:a:0]asplit=3[peaks][meter][display];[meter]ebur128=framelog=verbose,anullsink',
    '-map', '[peaks]', '-ac', '1', '-ar', String(PEAKS_SAMPLE_RATE), '-f', 's16le', 'pipe:1',
    '-map', '[display]', '-ac', String(channels), '-c:a', 'aac', '-b:a', `${64 * channels}k`, '-movflags', '+faststart', '-vn', '-y', displayPath,
  ];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const peaks = new PeakAccumulator();
  const errors: string[] = [];
  let loudness: number | null = null;
  let inIntegrated = false;
  const lines = createInterface({ input: child.stderr });
  lines.on('line', (line) => {
    if (/\[(error|fatal|panic)\]/.test(line) && errors.length < 5) errors.push(line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\] /, '').replace(/\[(error|fatal|panic)\] /, '').trim());
    // The summary is printed once per filter graph; the last one is the real measurement.
    if (line.includes('Integrated loudness:')) inIntegrated = true;
    const value = inIntegrated ? /^\s*I:\s+(-?[0-9.]+|-inf) LUFS/.exec(line) : null;
    if (value) {
      const lufs = Number(value[1]);
      loudness = Number.isFinite(lufs) && lufs > SILENCE_LUFS ? Math.round(lufs * 10) / 10 : null;
      inIntegrated = false;
    }
  });
  child.stdout.on('data', (chunk: Buffer) => peaks.push(chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new Error('ffmpeg is not installed on this server; install it (Debian: apt-get install ffmpeg) to take audio') : e));
    child.on('close', resolve);
  });
  if (code !== 0 || errors.length > 0) throw new MediaRejection(`the audio could not be decoded cleanly, the file is probably damaged or cut short (ffmpeg: ${errors[0] ?? `exit code ${String(code)}`})`);
  if (peaks.samples === 0) throw new MediaRejection('the audio track is empty (no samples decoded)');
  const dat = peaks.finish();
  const peaksPath = join(work, 'peaks.dat');
  await writeFile(peaksPath, dat);
  const thumbPath = join(work, 'thumb.webp');
  await sharp(drawWaveform(readPeaks(dat), THUMB_WIDTH, THUMB_HEIGHT), { raw: { width: THUMB_WIDTH, height: THUMB_HEIGHT, channels: 1 } }).webp({ quality: 80 }).toFile(thumbPath);
  return { probe, duration: Math.round((peaks.samples / PEAKS_SAMPLE_RATE) * 1000) / 1000, loudness, displayPath, peaksPath, thumbPath };
}
