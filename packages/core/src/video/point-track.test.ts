import { describe, expect, it } from 'vitest';
import type { VideoPointsKeyframe } from '../annotation/video-result.types.js';
import { attributesAt, interpolatePoints } from './point-track.js';
import { pointTrackF1, pointTrackSimilarity } from './point-track-agreement.js';
import { eventF1, eventIoU, overlappingEvents } from './video-events.js';

const key = (frame: number, points: [number, number][], enabled = true, attributes?: Record<string, string>): VideoPointsKeyframe => ({ frame, points, enabled, time: 0, ...(attributes ? { attributes } : {}) });
const square = (x: number): [number, number][] => [[x, 0], [x + 10, 0], [x + 10, 10], [x, 10]];

describe('interpolatePoints', () => {
  it('moves each vertex linearly when the vertex counts match', () => {
    const track = [key(1, square(0)), key(11, square(20))];
    expect(interpolatePoints(track, 6)).toEqual(square(10));
    expect(interpolatePoints(track, 0)).toBeNull();
    expect(interpolatePoints(track, 30)).toEqual(square(20));
  });
  it('holds the earlier shape until the next keyframe when the counts differ', () => {
    const triangle: [number, number][] = [[50, 50], [60, 50], [55, 60]];
    const track = [key(1, square(0)), key(11, triangle)];
    expect(interpolatePoints(track, 10)).toEqual(square(0));
    expect(interpolatePoints(track, 11)).toEqual(triangle);
  });
  it('hides the track after a disabled keyframe ("the object leaves here")', () => {
    const track = [key(1, square(0)), key(5, square(4), false), key(9, square(8))];
    expect(interpolatePoints(track, 7)).toBeNull();
    expect(interpolatePoints(track, 5)).toEqual(square(4));
    expect(interpolatePoints(track, 9)).toEqual(square(8));
  });
});

describe('attributesAt', () => {
  it('keeps each mutable attribute from the last keyframe that states it', () => {
    const track = [key(1, square(0), true, { pose: 'standing', colour: 'red' }), key(10, square(0), true, { pose: 'sitting' })];
    expect(attributesAt(track, 5)).toEqual({ pose: 'standing', colour: 'red' });
    expect(attributesAt(track, 12)).toEqual({ pose: 'sitting', colour: 'red' });
  });
});

describe('polygon and point track agreement', () => {
  const track = (x: number, label = 'car') => ({ sequence: [key(1, square(x))], framesCount: 4, label });
  it('is polygon IoU per frame for polygons and closeness for points', () => {
    expect(pointTrackSimilarity(track(0), track(0), 'polygon')).toBe(1);
    // Shifted by half: IoU 50 / 150.
    expect(pointTrackSimilarity(track(0), track(5), 'polygon')).toBeCloseTo(1 / 3, 12);
    expect(pointTrackSimilarity(track(0), track(0), 'points')).toBe(1);
    expect(pointTrackF1([track(0)], [track(0), track(60)], 'polygon')).toBeCloseTo(2 / 3, 12);
  });
});

describe('events', () => {
  it('compares frame ranges by temporal IoU and matches them per label', () => {
    expect(eventIoU({ start: 1, end: 10 }, { start: 6, end: 15 })).toBeCloseTo(5 / 15, 12);
    expect(eventIoU({ start: 1, end: 5 }, { start: 6, end: 9 })).toBe(0);
    expect(eventF1([{ start: 1, end: 10, label: 'run' }], [{ start: 2, end: 10, label: 'run' }])).toBe(1);
    expect(eventF1([{ start: 1, end: 10, label: 'run' }], [{ start: 1, end: 10, label: 'walk' }])).toBe(0);
  });
  it('finds same-label events sharing a frame, including ones inside a long event', () => {
    const events = [
      { start: 1, end: 100, label: 'run' },
      { start: 10, end: 20, label: 'run' },
      { start: 50, end: 60, label: 'run' },
      { start: 10, end: 20, label: 'walk' },
      { start: 101, end: 110, label: 'run' },
    ];
    expect(overlappingEvents(events)).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });
});
