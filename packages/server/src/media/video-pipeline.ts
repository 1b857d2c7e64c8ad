import { spawn } from 'node:child_process';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MediaRejection } from './image-source.js';
import { writeThumbnail } from './image-derivatives.js';
import { ffprobe, probeVideo, type VideoContainer, type VideoProbe } from './video-source.js';

/** What annotators get: H.264 (4:2:0) and AAC in MP4 play in every browser. */
export const VIDEO_DISPLAY_MIME = 'video/mp4';

/** The frame index blob: when each frame of the served video is shown, in seconds from the first. */
export interface FrameIndex {
  version: 1;
  fps: number;
  /** Presentation times, ascending, relative to the first frame (which is 0); one per frame. */
  times: number[];
}

export interface DerivedVideo {
  probe: VideoProbe;
  /** undefined: the original is served as it is. */
  displayPath: string | undefined;
  /**
   * Of the picture as shown (upright), at the original's size: box percentages refer to it, and exports
   * turn them into pixels with it. A transcoded copy may be smaller (an annotation proxy), never another shape.
   */
  width: number;
  height: number;
  fps: number;
  frames: number;
  duration: number;
  indexPath: string;
  thumbPath: string;
  /** Whether the served copy was re-encoded, remuxed, or is the original. */
  display: 'original' | 'remuxed' | 'transcoded';
}

/**
 * What the served copy needs: nothing (the original plays in browsers and starts before it has all
 * arrived), a remux (H.264 and AAC/MP3 in the wrong container or layout: streams copied into a fast-start
 * MP4, seconds even for long films), or a transcode (anything else: minutes at full size, so intake runs
 * it as a background job, docs/media.md).
 */
export type VideoPlan = 'original' | 'remux' | 'transcode';

export async function planVideo(path: string, container: VideoContainer, probe: VideoProbe): Promise<VideoPlan> {
  if (browserPlayable(container, probe)) return (await moovFirst(path)) ? 'original' : 'remux';
  return remuxable(probe) ? 'remux' : 'transcode';
}

/** Reports how many frames of the served copy are encoded so far, while a transcode runs. */
export type TranscodeProgress = (frames: number) => void;

export interface TranscodeOptions {
  onProgress?: TranscodeProgress | undefined;
  /** Stops ffmpeg (a cancelled job, or one whose lease was lost). */
  signal?: AbortSignal | undefined;
}

/** Where a transcode reads the original: a file, or (Matroska and AVI, which need no seeking) a stream. */
export type VideoInput = { path: string } | { stream: Readable };

/**
 * Makes what annotators need from an uploaded video: the served copy (the original, a remux, or an
 * annotation proxy, see `planProxy`), the frame index of the served copy (every frame's time, from
 * packets, so nothing is decoded twice) and a poster thumbnail. The original stays untouched. Frame N of
 * the served copy is the original's frame N with its timestamp: no frame is dropped, doubled or retimed.
 */
export async function deriveVideo(input: VideoInput, probe: VideoProbe, plan: VideoPlan, work: string, transcode: TranscodeOptions = {}): Promise<DerivedVideo> {
  let displayPath: string | undefined;
  let display: DerivedVideo['display'] = 'original';
  if (plan === 'transcode') {
    displayPath = join(work, 'display.mp4');
    display = 'transcoded';
    await transcodeProxy(input, probe, displayPath, transcode);
  } else if (plan === 'remux') {
    if (!('path' in input)) throw new Error('a remux reads the original from a file');
    displayPath = join(work, 'display.mp4');
    display = 'remuxed';
    await ffmpeg(['-i', input.path, '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-movflags', '+faststart', '-y', displayPath]);
  }
  if (!displayPath && !('path' in input)) throw new Error('an original served as it is must be a file');
  const shown = displayPath ?? (input as { path: string }).path;
  const shownProbe = displayPath ? await probeVideo(displayPath) : probe;
  const times = await frameTimes(shown);
  if (times.length === 0) throw new MediaRejection('the video track holds no frames');
  const index: FrameIndex = { version: 1, fps: shownProbe.fps, times };
  const indexPath = join(work, 'frames.json');
  await writeFile(indexPath, JSON.stringify(index));
  const posterPath = join(work, 'poster.png');
  // A second in (or the middle of a short clip): the first frame is often black.
  await ffmpeg(['-ss', String(Math.min(1, shownProbe.duration / 2)), '-i', shown, '-frames:v', '1', '-y', posterPath]);
  const thumbPath = join(work, 'thumb.webp');
  await writeThumbnail(posterPath, thumbPath);
  const last = times[times.length - 1]!;
  const upright = uprightSize(probe);
  return { probe, displayPath, display, width: upright.width, height: upright.height, fps: shownProbe.fps, frames: times.length, duration: Math.max(shownProbe.duration, last), indexPath, thumbPath };
}

/**
 * The annotation proxy's shorter side: 540 px (a 1080p film at half size), or 270 px for a film so long
 * that 540 lines would not be encoded within about a minute on two cores (see PROXY_PIXEL_BUDGET).
 */
export const PROXY_SHORT_SIDES = [540, 270] as const;

/**
 * Proxy pixels (width × height × frames) a transcode may encode at the larger proxy size: about five minutes
 * of 960 × 540 at 25 fps. Measured on a busy 2-core server (BENCHMARKS.md): 10 minutes of 1080p MPEG-4
 * Part 2 take about 75 s at 960 × 540 (half-size decode) and about 32 s at 480 × 270 (quarter-size decode).
 */
export const PROXY_PIXEL_BUDGET = 4e9;

/** Decoders that can decode at 1/2, 1/4 or 1/8 size (`-lowres`), skipping most of the work of a full-size decode. */
const LOWRES_CODECS = new Set(['mpeg4', 'h263', 'h263p', 'flv1', 'msmpeg4v1', 'msmpeg4v2', 'msmpeg4v3', 'wmv1', 'wmv2', 'mjpeg', 'mpeg1video', 'mpeg2video']);

export interface ProxyPlan {
  /** Decode at 1/2^lowres of the coded size (0: full size). */
  lowres: number;
  /** Of the served copy, upright, even. */
  width: number;
  height: number;
  /** Frames between keyframes: about one second, so a seek decodes at most a second of small frames. */
  gop: number;
}

/**
 * How a video that browsers cannot play is re-encoded for annotators: upright, its shorter side at most
 * 540 px (270 px past the pixel budget; annotations are stored in percent of the frame, so a smaller copy
 * serves them equally), decoded at reduced size where the decoder can, and encoded with x264's fastest
 * preset, so a long film is ready to annotate within about a minute instead of several (docs/media.md).
 */
export function planProxy(probe: VideoProbe): ProxyPlan {
  const upright = uprightSize(probe);
  const short = Math.min(upright.width, upright.height);
  const frames = probe.fps * probe.duration;
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
  const sized = (side: number) => {
    const scale = Math.min(1, side / short);
    return { width: even(upright.width * scale), height: even(upright.height * scale) };
  };
  let size = sized(PROXY_SHORT_SIDES[0]);
  if (size.width * size.height * frames > PROXY_PIXEL_BUDGET) size = sized(PROXY_SHORT_SIDES[1]);
  let lowres = 0;
  if (LOWRES_CODECS.has(probe.codec)) {
    // The largest reduction whose picture is still at least as large as the proxy: no detail is invented.
    while (lowres < 3 && short / 2 ** (lowres + 1) >= Math.min(size.width, size.height)) lowres++;
  }
  return { lowres, ...size, gop: Math.max(1, Math.round(probe.fps)) };
}

/** The picture's size as shown: a phone video turned 90° swaps them. */
function uprightSize(probe: VideoProbe): { width: number; height: number } {
  const quarter = Math.abs(Math.round(probe.rotation / 90)) % 2 === 1;
  return quarter ? { width: probe.height, height: probe.width } : { width: probe.width, height: probe.height };
}

/**
 * H.264 (4:2:0) and AAC in a fast-start MP4 at the proxy's size. passthrough keeps every frame's
 * timestamp, so frame N is the original's frame N. ffmpeg turns a rotated picture upright before scaling.
 */
async function transcodeProxy(input: VideoInput, probe: VideoProbe, out: string, { onProgress, signal }: TranscodeOptions): Promise<void> {
  const plan = planProxy(probe);
  const source = 'path' in input ? input.path : 'pipe:0';
  await ffmpeg(
    [
      ...(plan.lowres > 0 ? ['-lowres', String(plan.lowres)] : []),
      '-i', source,
      '-map', '0:v:0', '-map', '0:a:0?',
      '-vf', `scale=${plan.width}:${plan.height}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-pix_fmt', 'yuv420p', '-g', String(plan.gop),
      '-fps_mode', 'passthrough',
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+faststart',
      ...(onProgress ? ['-progress', 'pipe:1'] : []),
      '-y', out,
    ],
    { stdin: 'stream' in input ? input.stream : undefined, onProgress, signal },
  );
}

/**
 * Whether a full-resolution copy is worth making after the proxy (the `video-full` job): only when the
 * proxy is smaller than the picture as shown; otherwise the proxy already is the full-size copy.
 */
export function fullCopyWanted(probe: VideoProbe): boolean {
  const plan = planProxy(probe);
  const upright = uprightSize(probe);
  return plan.width * plan.height < upright.width * upright.height;
}

/**
 * The full-resolution copy (docs/media.md, Video): H.264 at the original's size (upright, even) with
 * x264 `veryfast` at CRF 20, a keyframe every second (frame stepping seeks), every frame's timestamp kept,
 * AAC, fast-start. x264 and ffmpeg's AAC are deterministic, so a resumed job makes the same bytes.
 */
export async function transcodeFull(input: VideoInput, probe: VideoProbe, out: string, { onProgress, signal }: TranscodeOptions): Promise<void> {
  const upright = uprightSize(probe);
  const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);
  const source = 'path' in input ? input.path : 'pipe:0';
  await ffmpeg(
    [
      '-i', source,
      '-map', '0:v:0', '-map', '0:a:0?',
      '-vf', `scale=${even(upright.width)}:${even(upright.height)}`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-g', String(Math.max(1, Math.round(probe.fps))),
      '-fps_mode', 'passthrough',
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+faststart',
      ...(onProgress ? ['-progress', 'pipe:1'] : []),
      '-y', out,
    ],
    { stdin: 'stream' in input ? input.stream : undefined, onProgress, signal },
  );
}

/**
 * Checks that a copy shows exactly the frames of the frame index, at the same times (read from its packets,
 * as the index was): otherwise frame N in the copy would not be frame N of the annotations. Returns why not.
 */
export async function frameTimesMismatch(path: string, index: FrameIndex): Promise<string | undefined> {
  const times = await frameTimes(path);
  if (times.length !== index.times.length) return `${times.length} frames instead of ${index.times.length}`;
  const at = times.findIndex((t, i) => t !== index.times[i]);
  return at < 0 ? undefined : `frame ${at + 1} is at ${times[at]} s instead of ${index.times[at]} s`;
}

/** H.264 and AAC/MP3 (or no sound) that only sit in the wrong container or layout: copied, not re-encoded. */
export function remuxable(probe: VideoProbe): boolean {
  return browserPlayable('mp4', probe);
}

/** H.264 in 4:2:0 8-bit (Baseline, Main or High) with AAC or MP3 or no sound, in MP4: what every browser plays. */
export function browserPlayable(container: VideoContainer, probe: VideoProbe): boolean {
  const profileOk = probe.profile === undefined || /^(Constrained Baseline|Baseline|Main|High)$/.test(probe.profile);
  const audioOk = probe.audioCodec === undefined || probe.audioCodec === 'aac' || probe.audioCodec === 'mp3';
  // A rotated picture is turned upright by re-encoding (ffmpeg applies the rotation), since box percentages
  // must refer to the picture as shown, and players disagree less about pixels than about metadata.
  return probe.rotation % 360 === 0 && container === 'mp4' && probe.codec === 'h264' && probe.pixelFormat === 'yuv420p' && profileOk && audioOk && probe.width % 2 === 0 && probe.height % 2 === 0;
}

/** Presentation times of every video frame, from packets (demuxing only), sorted and relative to the first. */
async function frameTimes(path: string): Promise<number[]> {
  const csv = await ffprobe(['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', path], 'the frame index could not be read');
  const pts = csv
    .split('\n')
    .map((l) => l.trim().replace(/,$/, ''))
    // Packets without a timestamp ("N/A") cannot be placed; they are rare and never in a playable file.
    .filter((l) => l !== '' && l !== 'N/A')
    .map(Number)
    .filter(Number.isFinite);
  pts.sort((a, b) => a - b);
  const first = pts[0] ?? 0;
  // Microseconds: finer than any frame rate, and the JSON stays small (a 10-minute film at 25 fps is ~150 KB).
  return pts.map((t) => Math.round((t - first) * 1e6) / 1e6);
}

/**
 * True when an MP4's `moov` box comes before `mdat`: a browser can then start playing and seeking before
 * the whole file has arrived. Walks the top-level boxes by their sizes, reading 16 bytes per box.
 */
export async function moovFirst(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(16);
    let at = 0;
    while (at + 8 <= size) {
      await handle.read(head, 0, 16, at);
      const type = head.toString('latin1', 4, 8);
      if (type === 'moov') return true;
      if (type === 'mdat') return false;
      let boxSize = head.readUInt32BE(0);
      if (boxSize === 1) boxSize = Number(head.readBigUInt64BE(8));
      if (boxSize < 8) return false;
      at += boxSize;
    }
    return false;
  } finally {
    await handle.close();
  }
}

/** Runs ffmpeg quietly; its first error lines become the file's rejection, a missing ffmpeg the server's error. */
async function ffmpeg(args: string[], io: { stdin?: Readable | undefined } & TranscodeOptions = {}): Promise<void> {
  const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'error', ...args], {
    stdio: [io.stdin ? 'pipe' : 'ignore', io.onProgress ? 'pipe' : 'ignore', 'pipe'],
    ...(io.signal ? { signal: io.signal, killSignal: 'SIGKILL' as const } : {}),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString('utf8');
  });
  if (io.onProgress && child.stdout) {
    // `-progress` writes key=value lines; `frame=` counts the frames encoded so far.
    const report = io.onProgress;
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('latin1')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('frame=')) report(Number(line.slice(6)) || 0);
    });
  }
  if (io.stdin && child.stdin) {
    // ffmpeg may stop reading early (a damaged file): its exit code tells why, not the broken pipe.
    child.stdin.on('error', () => undefined);
    pipeline(io.stdin, child.stdin).catch(() => undefined);
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.name === 'AbortError' ? new Error('the conversion was stopped', { cause: e }) : e.code === 'ENOENT' ? new Error('ffmpeg is not installed on this server; install it (Debian: apt-get install ffmpeg) to take video') : e));
    child.on('close', resolve);
  });
  if (io.signal?.aborted) throw new Error('the conversion was stopped');
  if (code !== 0) throw new MediaRejection(`the video could not be converted (ffmpeg: ${stderr.trim().split('\n')[0] ?? `exit ${String(code)}`})`);
}
