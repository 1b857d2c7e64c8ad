import { spawn } from 'node:child_process';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  /** Of the served video (transcoding never changes them, but cover art and odd sizes are settled here). */
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
 * Makes what annotators need from an uploaded video: the served copy (the original when it already plays
 * in browsers and starts before it has all arrived; the same streams moved into a fast-start MP4 when
 * only the layout is wrong; else H.264 + AAC), the frame index of the served copy (every frame's time,
 * from packets, so nothing is decoded twice) and a poster thumbnail. The original stays untouched.
 */
export async function deriveVideo(path: string, container: VideoContainer, work: string): Promise<DerivedVideo> {
  const probe = await probeVideo(path);
  let displayPath: string | undefined;
  let display: DerivedVideo['display'] = 'original';
  if (!browserPlayable(container, probe)) {
    displayPath = join(work, 'display.mp4');
    display = 'transcoded';
    // Even sizes: 4:2:0 needs them. passthrough keeps every frame's timestamp, so frame N is the original's frame N.
    await ffmpeg(['-i', path, '-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2', '-fps_mode', 'passthrough', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', '-y', displayPath]);
  } else if (!(await moovFirst(path))) {
    displayPath = join(work, 'display.mp4');
    display = 'remuxed';
    await ffmpeg(['-i', path, '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-movflags', '+faststart', '-y', displayPath]);
  }
  const shown = displayPath ?? path;
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
  return { probe, displayPath, display, width: shownProbe.width, height: shownProbe.height, fps: shownProbe.fps, frames: times.length, duration: Math.max(shownProbe.duration, last), indexPath, thumbPath };
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
async function ffmpeg(args: string[]): Promise<void> {
  const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new Error('ffmpeg is not installed on this server; install it (Debian: apt-get install ffmpeg) to take video') : e));
    child.on('close', resolve);
  });
  if (code !== 0) throw new MediaRejection(`the video could not be converted (ffmpeg: ${stderr.trim().split('\n')[0] ?? `exit ${String(code)}`})`);
}
