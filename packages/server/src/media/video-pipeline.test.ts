import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegAvailable, testVideo } from '../test-support/test-video.js';
import { browserPlayable, frameTimesMismatch, fullCopyWanted, planProxy, remuxable, transcodeFull } from './video-pipeline.js';
import { probeVideo } from './video-source.js';
import type { VideoProbe } from './video-source.js';

const h264: VideoProbe = { codec: 'h264', pixelFormat: 'yuv420p', profile: 'High', width: 1920, height: 1080, fps: 25, duration: 10, audioCodec: 'aac', rotation: 0 };

describe('browserPlayable', () => {
  it('serves H.264 4:2:0 with AAC, MP3 or no sound in MP4 as it is', () => {
    expect(browserPlayable('mp4', h264)).toBe(true);
    expect(browserPlayable('mp4', { ...h264, audioCodec: undefined })).toBe(true);
    expect(browserPlayable('mp4', { ...h264, audioCodec: 'mp3', profile: 'Constrained Baseline' })).toBe(true);
  });
  it('converts everything else', () => {
    expect(browserPlayable('matroska', h264)).toBe(false);
    expect(browserPlayable('mp4', { ...h264, codec: 'hevc' })).toBe(false);
    expect(browserPlayable('mp4', { ...h264, pixelFormat: 'yuv420p10le', profile: 'High 10' })).toBe(false);
    expect(browserPlayable('mp4', { ...h264, audioCodec: 'pcm_s16le' })).toBe(false);
    expect(browserPlayable('mp4', { ...h264, width: 1919 })).toBe(false);
    expect(browserPlayable('mp4', { ...h264, rotation: -90 })).toBe(false);
  });
});

describe('remuxable', () => {
  it('copies H.264 and AAC out of another container, but re-encodes what browsers cannot decode or a turned picture', () => {
    expect(remuxable(h264)).toBe(true);
    expect(remuxable({ ...h264, audioCodec: 'vorbis' })).toBe(false);
    expect(remuxable({ ...h264, codec: 'mpeg4', profile: 'Simple Profile' })).toBe(false);
    expect(remuxable({ ...h264, rotation: 90 })).toBe(false);
  });
});

describe('planProxy', () => {
  const mpeg4: VideoProbe = { ...h264, codec: 'mpeg4', profile: 'Simple Profile', audioCodec: 'vorbis' };
  it('halves 1080p MPEG-4 Part 2 in the decoder, to 960 × 540 with a keyframe every second', () => {
    expect(planProxy(mpeg4)).toEqual({ lowres: 1, width: 960, height: 540, gop: 25 });
  });
  it('decodes 4K at a quarter and scales what the decoder cannot reduce', () => {
    expect(planProxy({ ...mpeg4, width: 3840, height: 2160, fps: 29.97 })).toEqual({ lowres: 2, width: 960, height: 540, gop: 30 });
    // 1440p: a half-size decode (720 lines) is still larger than the proxy, a quarter would be smaller.
    expect(planProxy({ ...mpeg4, width: 2560, height: 1440 })).toEqual({ lowres: 1, width: 960, height: 540, gop: 25 });
    expect(planProxy({ ...mpeg4, codec: 'hevc', width: 1280, height: 720 })).toEqual({ lowres: 0, width: 960, height: 540, gop: 25 });
  });
  it('halves the proxy again for a film too long to encode at 540 lines within about a minute', () => {
    // Five minutes of 1080p at 25 fps still fit the budget; ten do not, and decode at a quarter.
    expect(planProxy({ ...mpeg4, duration: 300 })).toMatchObject({ lowres: 1, width: 960, height: 540 });
    expect(planProxy({ ...mpeg4, duration: 600 })).toEqual({ lowres: 2, width: 480, height: 270, gop: 25 });
    expect(planProxy({ ...mpeg4, width: 320, height: 240, duration: 3600 })).toMatchObject({ lowres: 0, width: 320, height: 240 });
  });
  it('keeps small videos at their size (made even) and turns phone videos upright first', () => {
    expect(planProxy({ ...mpeg4, width: 320, height: 240 })).toEqual({ lowres: 0, width: 320, height: 240, gop: 25 });
    expect(planProxy({ ...mpeg4, width: 321, height: 241 })).toMatchObject({ width: 322, height: 242 });
    expect(planProxy({ ...h264, width: 1920, height: 1080, rotation: -90 })).toEqual({ lowres: 0, width: 540, height: 960, gop: 25 });
  });
});

describe('fullCopyWanted', () => {
  it('makes a full-resolution copy only where the proxy is smaller than the picture', () => {
    expect(fullCopyWanted({ ...h264, codec: 'mpeg4' })).toBe(true);
    expect(fullCopyWanted({ ...h264, codec: 'mpeg4', width: 1080, height: 1920, rotation: 90 })).toBe(true);
    expect(fullCopyWanted({ ...h264, codec: 'mpeg4', width: 960, height: 540 })).toBe(false);
    expect(fullCopyWanted({ ...h264, codec: 'mpeg4', width: 320, height: 240 })).toBe(false);
  });
});

describe.skipIf(!ffmpegAvailable())('transcodeFull', () => {
  it('encodes H.264 at the original\'s size with its frame times, and tells a copy that differs from the index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yungang-video-full-'));
    try {
      await testVideo(dir, 'clip.avi', 0.4, ['-c:v', 'mpeg4', '-an']);
      const probe = await probeVideo(join(dir, 'clip.avi'));
      const out = join(dir, 'full.mp4');
      await transcodeFull({ path: join(dir, 'clip.avi') }, probe, out, {});
      expect(await probeVideo(out)).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', width: 320, height: 240 });
      const times = Array.from({ length: 10 }, (_, i) => Math.round(i * 0.04 * 1e6) / 1e6);
      expect(await frameTimesMismatch(out, { version: 1, fps: 25, times })).toBeUndefined();
      expect(await frameTimesMismatch(out, { version: 1, fps: 25, times: times.slice(0, 9) })).toBe('10 frames instead of 9');
      expect(await frameTimesMismatch(out, { version: 1, fps: 25, times: times.map((t, i) => (i === 3 ? 0.13 : t)) })).toBe('frame 4 is at 0.12 s instead of 0.13 s');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
