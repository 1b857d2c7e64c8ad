import { describe, expect, it } from 'vitest';
import type { VideoKeyframe } from '../annotation/result.types.js';
import { interpolateTrack, setKeyframe, visibleRuns } from './video-track.js';

const key = (frame: number, x: number, y: number, width: number, height: number, enabled = true): VideoKeyframe => ({ frame, x, y, width, height, enabled, time: (frame - 1) / 25 });
// Keyframes at 1 and 11 (disabled: the object leaves), back at 21.
const sequence = [key(1, 0, 0, 10, 10), key(11, 20, 10, 20, 10, false), key(21, 50, 50, 10, 10)];

describe('interpolateTrack', () => {
  it('shows nothing before the first keyframe', () => {
    expect(interpolateTrack(sequence, 0)).toBeNull();
    expect(interpolateTrack([], 5)).toBeNull();
  });
  it('shows a keyframe box on its frame, disabled or not', () => {
    expect(interpolateTrack(sequence, 1)).toEqual({ x: 0, y: 0, width: 10, height: 10 });
    expect(interpolateTrack(sequence, 11)).toEqual({ x: 20, y: 10, width: 20, height: 10 });
  });
  it('blends linearly between keyframes', () => {
    // Frame 6 is half-way from 1 to 11: x 0→20, y 0→10, width 10→20.
    expect(interpolateTrack(sequence, 6)).toEqual({ x: 10, y: 5, width: 15, height: 10 });
    // Frame 3 is 2/10 of the way.
    expect(interpolateTrack(sequence, 3)).toEqual({ x: 4, y: 2, width: 12, height: 10 });
  });
  it('hides the track after a disabled keyframe until the next one, and keeps the last box after the end', () => {
    expect(interpolateTrack(sequence, 15)).toBeNull();
    expect(interpolateTrack(sequence, 21)).toEqual({ x: 50, y: 50, width: 10, height: 10 });
    expect(interpolateTrack(sequence, 40)).toEqual({ x: 50, y: 50, width: 10, height: 10 });
  });
});

describe('visibleRuns', () => {
  it('lists the frames with a box as runs, cut at the frame count', () => {
    expect(visibleRuns(sequence, 25)).toEqual([
      [1, 11],
      [21, 25],
    ]);
    expect(visibleRuns(sequence, 8)).toEqual([[1, 8]]);
  });
});

describe('setKeyframe', () => {
  it('inserts in frame order and replaces a keyframe on the same frame', () => {
    const out = setKeyframe(sequence, key(5, 1, 1, 5, 5));
    expect(out.map((k) => k.frame)).toEqual([1, 5, 11, 21]);
    expect(setKeyframe(out, key(5, 2, 2, 5, 5)).filter((k) => k.frame === 5)).toEqual([key(5, 2, 2, 5, 5)]);
  });
});
