import { describe, expect, it } from 'vitest';
import type { VideoKeyframe } from '../annotation/result.types.js';
import { fuseTracks, trackF1, trackIoU, type Track } from './track-agreement.js';

const key = (frame: number, x: number, enabled = true): VideoKeyframe => ({ frame, x, y: 0, width: 10, height: 10, enabled, time: 0 });
const track = (sequence: VideoKeyframe[], label = 'car', framesCount = 4): Track => ({ sequence, framesCount, label });

describe('trackIoU', () => {
  it('is 1 for identical tracks', () => {
    expect(trackIoU(track([key(1, 0)]), track([key(1, 0)]))).toBe(1);
  });
  it('counts frames where only one track is visible as 0', () => {
    // a: frames 1–4; b: frames 1–3 (disabled at 3). Union 4 frames, IoU 1, 1, 1, 0.
    expect(trackIoU(track([key(1, 0)]), track([key(1, 0), key(3, 0, false)]))).toBe(0.75);
  });
  it('averages per-frame box IoU', () => {
    // Shifted by half a box: intersection 50, union 150 on every frame.
    expect(trackIoU(track([key(1, 0)]), track([key(1, 5)]))).toBeCloseTo(1 / 3, 12);
  });
});

describe('trackF1', () => {
  it('matches same-label tracks one to one at IoU ≥ 0.5', () => {
    const a = [track([key(1, 0)])];
    const b = [track([key(1, 0)]), track([key(1, 80)], 'person')];
    expect(trackF1(a, b)).toBeCloseTo(2 / 3, 12);
    expect(trackF1([], [])).toBe(1);
    // Different labels never match.
    expect(trackF1(a, [track([key(1, 0)], 'person')])).toBe(0);
  });
});

describe('fuseTracks', () => {
  it('keeps tracks a majority drew, as their medoid', () => {
    const fused = fuseTracks([
      { worker: 'w1', tracks: [track([key(1, 0)])] },
      { worker: 'w2', tracks: [track([key(1, 1)])] },
      { worker: 'w3', tracks: [track([key(1, 80)])] },
    ]);
    expect(fused).toHaveLength(1);
    expect(fused[0]!.workers).toEqual(['w1', 'w2']);
    // Two members have the same mean IoU to each other: the first in worker order is the medoid.
    expect(fused[0]!.track.sequence[0]!.x).toBe(0);
    expect(fused[0]!.label).toBe('car');
  });
});
