import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { MediaRejection } from './image-source.js';

const run = promisify(execFile);

/** Containers media intake takes into an audio field; ffprobe decides what is really inside. */
export type AudioContainer = 'wav' | 'mp3' | 'aac' | 'flac' | 'ogg' | 'mp4' | 'matroska';

export const AUDIO_MIME: Record<AudioContainer, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  mp4: 'audio/mp4',
  matroska: 'audio/webm',
};

export const ACCEPTED_AUDIO = 'WAV, MP3, FLAC, M4A/AAC, OGG/Opus (or a video file, whose first audio track is taken)';

/** Tells the container from the first bytes, never from the file name (the uploader chose it). */
export async function sniffAudio(path: string): Promise<AudioContainer | undefined> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    return audioContainerOf(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function audioContainerOf(b: Buffer): AudioContainer | undefined {
  const ascii = (from: number, to: number) => (b.length >= to ? b.toString('latin1', from, to) : '');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(4, 8) === 'ftyp') return 'mp4';
  if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3) return 'matroska';
  // An ID3 tag is put in front of MP3 (and sometimes ADTS) streams; ffprobe tells which.
  if (ascii(0, 3) === 'ID3') return 'mp3';
  // Frame sync: 11 set bits. ADTS (raw AAC) has layer bits 00, MPEG audio does not.
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) return (b[1]! & 0x06) === 0 ? 'aac' : 'mp3';
  return undefined;
}

/** What ffprobe says about the first audio stream of a file. */
export interface AudioProbe {
  codec: string;
  sampleRate: number;
  channels: number;
  /** Seconds, as the container says (an estimate for some MP3s); the decoded length replaces it. */
  duration: number | undefined;
}

interface FfprobeOutput {
  streams?: { codec_name?: string; sample_rate?: string; channels?: number; duration?: string }[];
  format?: { duration?: string };
}

/** Probes with ffprobe; a file it cannot read, or without audio, is a MediaRejection told to the uploader. */
export async function probeAudio(path: string): Promise<AudioProbe> {
  let stdout: string;
  try {
    ({ stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-select_streams', 'a:0', path], { maxBuffer: 4 * 1024 * 1024 }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('ffprobe is not installed on this server; install ffmpeg (Debian: apt-get install ffmpeg) to take audio', { cause: e });
    throw new MediaRejection(`not a readable audio file (ffprobe: ${firstLine((e as { stderr?: string }).stderr) || (e as Error).message})`, { cause: e });
  }
  const out = JSON.parse(stdout) as FfprobeOutput;
  const stream = out.streams?.[0];
  if (!stream) throw new MediaRejection('the file has no audio track');
  const sampleRate = Number(stream.sample_rate);
  const channels = stream.channels ?? 0;
  if (!(sampleRate > 0) || !(channels > 0)) throw new MediaRejection(`the audio track has no usable sample rate or channel count (codec ${stream.codec_name ?? 'unknown'}); the file is probably damaged`);
  const duration = Number(stream.duration ?? out.format?.duration);
  return { codec: stream.codec_name ?? 'unknown', sampleRate, channels, duration: Number.isFinite(duration) ? duration : undefined };
}

export function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n')[0]?.trim() ?? '';
}
