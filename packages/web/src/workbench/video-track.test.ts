import { describe, expect, it } from 'vitest';
import type { AnnotationResult } from '@yungang/core';
import { boxAt, evenTimes, frameAt, neighbourKeyframe, newTrack, seekTime, stepFrame, upsertTrack, withKeyframe, withoutKeyframe } from './video-track.ts';

const times = evenTimes(50, 25);
const video = { frames: 50, duration: 2 };

describe('frames and times', () => {
  it('finds the frame shown at a time, and seeks into the middle of a frame', () => {
    expect(frameAt(times, 0)).toBe(1);
    expect(frameAt(times, 0.039)).toBe(1);
    expect(frameAt(times, 0.04)).toBe(2);
    expect(frameAt(times, 5)).toBe(50);
    expect(seekTime(times, 3, 25)).toBeCloseTo(0.1, 9);
    expect(seekTime(times, 50, 25)).toBeCloseTo(1.98, 9);
    expect(stepFrame(1, -1, 50)).toBe(1);
    expect(stepFrame(45, 10, 50)).toBe(50);
  });
});

describe('track editing', () => {
  const first = newTrack('t1', 'box', 'video', 'car', video, 1, 0, { x: 0, y: 0, width: 10, height: 10 });
  const two = withKeyframe(first, 11, 0.4, { x: 20, y: 10, width: 20, height: 10 });
  it('adds keyframes in frame order, and interpolates between them', () => {
    expect(two.value.sequence.map((k) => k.frame)).toEqual([1, 11]);
    expect(boxAt(two, 6)).toEqual({ x: 10, y: 5, width: 15, height: 10 });
    expect(neighbourKeyframe(two.value.sequence, 6, 1)).toBe(11);
    expect(neighbourKeyframe(two.value.sequence, 6, -1)).toBe(1);
    expect(neighbourKeyframe(two.value.sequence, 11, 1)).toBeNull();
  });
  it('removes a keyframe, and the track with its last one', () => {
    expect(withoutKeyframe(two, 11)?.value.sequence.map((k) => k.frame)).toEqual([1]);
    expect(withoutKeyframe(first, 1)).toBeNull();
    expect(withoutKeyframe(first, 7)).toBe(first);
  });
  it('upserts by id', () => {
    const result: AnnotationResult = [first];
    expect(upsertTrack(result, two)).toEqual([two]);
    expect(upsertTrack(result, first)).toBe(result);
    expect(upsertTrack([], first)).toEqual([first]);
  });
});
