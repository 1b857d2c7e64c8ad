import { describe, expect, it } from 'vitest';
import { browserPlayable } from './video-pipeline.js';
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
