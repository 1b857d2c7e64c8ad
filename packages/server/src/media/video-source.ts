import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { MediaRejection } from './image-source.js';

const run = promisify(execFile);

/** Containers media intake takes into a video field; ffprobe decides what is really inside. */
export type VideoContainer = 'mp4' | 'matroska' | 'avi';

export const VIDEO_MIME: Record<VideoContainer, string> = { mp4: 'video/mp4', matroska: 'video/x-matroska', avi: 'video/x-msvideo' };

export const ACCEPTED_VIDEO = 'MP4, MOV, MKV/WebM or AVI files';

/** Tells the container from the first bytes, never from the file name (the uploader chose it). */
export async function sniffVideo(path: string): Promise<VideoContainer | undefined> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    const b = head.subarray(0, bytesRead);
    const ascii = (from: number, to: number) => (b.length >= to ? b.toString('latin1', from, to) : '');
    // MP4 and QuickTime both start with an `ftyp` box (QuickTime files without one are rare and old).
    if (ascii(4, 8) === 'ftyp') return 'mp4';
    if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3) return 'matroska';
    if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'AVI ') return 'avi';
    return undefined;
  } finally {
    await handle.close();
  }
}

/** What ffprobe says about a video file's first video stream (and first audio stream, if any). */
export interface VideoProbe {
  codec: string;
  /** Pixel format, e.g. yuv420p: browsers play H.264 only in 4:2:0 8-bit. */
  pixelFormat: string;
  profile: string | undefined;
  width: number;
  height: number;
  /** Frames per second, from the stream's average frame rate. */
  fps: number;
  /** Seconds, as the container says. */
  duration: number;
  audioCodec: string | undefined;
  /** Degrees the player must turn the picture (phone videos): such files are re-encoded upright. */
  rotation: number;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  side_data_list?: { rotation?: number }[];
  tags?: { rotate?: string };
}

/** Probes with ffprobe; a file it cannot read, or without a picture, is a MediaRejection told to the uploader. */
export async function probeVideo(path: string): Promise<VideoProbe> {
  const stdout = await ffprobe(['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], 'not a readable video file');
  const out = JSON.parse(stdout) as { streams?: FfprobeStream[]; format?: { duration?: string } };
  // Cover art in MP4/MKV is a one-frame "video" stream; it is not the film.
  const video = out.streams?.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!video) throw new MediaRejection('the file has no video track');
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  if (!(width > 0 && height > 0)) throw new MediaRejection(`the video track has no picture size (codec ${video.codec_name ?? 'unknown'}); the file is probably damaged`);
  const fps = rate(video.avg_frame_rate) ?? rate(video.r_frame_rate);
  if (fps === undefined) throw new MediaRejection('the video track states no frame rate; re-encode it with a constant frame rate');
  const duration = Number(video.duration ?? out.format?.duration);
  if (!(duration > 0)) throw new MediaRejection('the video states no duration; the file is probably damaged or still being written');
  const audio = out.streams?.find((s) => s.codec_type === 'audio');
  const rotation = Number(video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? video.tags?.rotate ?? 0) || 0;
  return { codec: video.codec_name ?? 'unknown', pixelFormat: video.pix_fmt ?? 'unknown', profile: video.profile, width, height, fps, duration, audioCodec: audio?.codec_name, rotation };
}

/** Runs ffprobe; a missing ffprobe is the server's problem (thrown as is, failing the request with its fix). */
export async function ffprobe(args: string[], rejection: string): Promise<string> {
  try {
    const { stdout } = await run('ffprobe', args, { maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('ffprobe is not installed on this server; install ffmpeg (Debian: apt-get install ffmpeg) to take video', { cause: e });
    const stderr = ((e as { stderr?: string }).stderr ?? '').trim().split('\n')[0]?.trim();
    throw new MediaRejection(`${rejection} (ffprobe: ${stderr || (e as Error).message})`, { cause: e });
  }
}

/** "30000/1001" → 29.97…; undefined for "0/0" or garbage. */
function rate(text: string | undefined): number | undefined {
  const [n, d] = (text ?? '').split('/').map(Number);
  const value = d === undefined ? n : n! / d;
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}
