import { describe, expect, it } from 'vitest';
import type { TrackAttribute, VideoRectangleResultItem } from '@yungang/core';
import { attributeValue, eventsOn, movedPoints, newEvent, newPointTrack, pointsAt, withAttribute, withEventEdge, withoutPointKeyframe, withPointKeyframe } from './video-shapes.ts';

const video = { frames: 50, duration: 2 };
const tri = (dx: number) => [
  { x: 10 + dx, y: 10 },
  { x: 30 + dx, y: 10 },
  { x: 20 + dx, y: 40 },
];

describe('polygon and point tracks in the workbench', () => {
  it('makes a track, pins keyframes that interpolate, and removes them', () => {
    const track = newPointTrack('p', 'videopolygon', 'areas', 'video', 'road', video, 4, 0.12, tri(0));
    const two = withPointKeyframe(track, 24, 0.92, tri(30));
    expect(two.value.sequence.map((k) => k.frame)).toEqual([4, 24]);
    expect(pointsAt(two, 14)).toEqual(tri(15));
    expect(pointsAt(two, 3)).toBeNull();
    const ends = withPointKeyframe(two, 30, 1.16, tri(30), false);
    expect(pointsAt(ends, 31)).toBeNull();
    expect(withoutPointKeyframe(track, 4)).toBeNull();
    expect(withoutPointKeyframe(two, 24)!.value.sequence).toHaveLength(1);
  });
  it('moves a shape within the picture, or one vertex', () => {
    expect(movedPoints(tri(0), { kind: 'move', dx: 80, dy: 0 })).toEqual(tri(70));
    expect(movedPoints(tri(0), { kind: 'vertex', index: 2, to: { x: 25, y: 120 } })[2]).toEqual({ x: 25, y: 100 });
  });
});

describe('track attributes in the workbench', () => {
  const mutable: TrackAttribute = { name: 'surface', type: 'choice', options: ['dry', 'wet'], mutable: true };
  const lanes: TrackAttribute = { name: 'lanes', type: 'number' };
  it('keeps a mutable value on the keyframe of the frame, adding one there when needed', () => {
    const track = withPointKeyframe(newPointTrack('p', 'videopolygon', 'areas', 'video', 'road', video, 1, 0, tri(0)), 21, 0.8, tri(20));
    const wet = withAttribute(track, mutable, 'wet', 11, 0.4);
    expect(wet.value.sequence.map((k) => [k.frame, k.attributes])).toEqual([
      [1, undefined],
      [11, { surface: 'wet' }],
      [21, undefined],
    ]);
    expect(wet.value.sequence[1]!.points).toEqual([[20, 10], [40, 10], [30, 40]]);
    expect(attributeValue(wet, mutable, 15)).toBe('wet');
    expect(attributeValue(wet, mutable, 5)).toBeUndefined();
    // Moving the shape on that keyframe keeps its value.
    expect(withPointKeyframe(wet, 11, 0.4, tri(5)).value.sequence[1]!.attributes).toEqual({ surface: 'wet' });
  });
  it('keeps a track value on the track, typed, and clears it with an empty value', () => {
    const box: VideoRectangleResultItem = { id: 'b', from_name: 'box', to_name: 'video', type: 'videorectangle', value: { framesCount: 50, duration: 2, labels: ['car'], sequence: [{ frame: 1, x: 0, y: 0, width: 10, height: 10, enabled: true, time: 0 }] } };
    const two = withAttribute(box, lanes, '2', 5, 0.16);
    expect(two.value.attributes).toEqual({ lanes: 2 });
    expect(withAttribute(two, lanes, '', 5, 0.16).value.attributes).toBeUndefined();
    expect(withAttribute(box, lanes, 'two', 5, 0.16)).toBe(box);
  });
});

describe('events in the workbench', () => {
  it('orders the ends, lists events by start and moves an edge', () => {
    const e = newEvent('e', 'events', 'video', 'crossing', 20, 10);
    expect(e.value).toEqual({ start: 10, end: 20, labels: ['crossing'] });
    expect(eventsOn([newEvent('b', 'events', 'video', 'x', 30, 31), e], 'video').map((x) => x.id)).toEqual(['e', 'b']);
    expect(withEventEdge(e, 'end', 25).value).toMatchObject({ start: 10, end: 25 });
    expect(withEventEdge(e, 'start', 30).value).toMatchObject({ start: 20, end: 20 });
  });
});
