import { describe, expect, it } from 'vitest';
import type { AnnotationResult } from '@yungang/core';
import { addSegment, mergeWithNext, nudgeEdge, regionChoice, regionText, relabelSegment, segmentAt, segmentsOn, setRegionChoice, setRegionText, splitSegment } from './segment-edit.ts';

const add = (result: AnnotationResult, id: string, from: number, to: number, label = 'speech') => addSegment(result, { id, fromName: 'segments', toName: 'audio', from, to, label, duration: 10 });

function twoSegments(): AnnotationResult {
  let r = add(add([], 's1', 0, 2), 's2', 2.5, 4);
  const [s1, s2] = segmentsOn(r, 'audio');
  r = setRegionText(r, s1!, 'transcript', '你好');
  r = setRegionChoice(r, s1!, 'speaker', 'A');
  r = setRegionText(r, s2!, 'transcript', '再见');
  return r;
}

describe('segment edits', () => {
  it('adds segments dragged either way, clamped to the clip, and refuses slivers', () => {
    expect(add([], 's', 3.2, 1.0004)[0]).toEqual({ id: 's', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 1, end: 3.2, labels: ['speech'] } });
    expect(add([], 's', 9, 12)[0]?.value).toMatchObject({ start: 9, end: 10 });
    expect(add([], 's', 1, 1.01)).toEqual([]);
  });

  it('finds the segment under a time and relabels it', () => {
    const r = twoSegments();
    expect(segmentAt(r, 'audio', 3)?.id).toBe('s2');
    expect(segmentAt(r, 'audio', 2.2)).toBeUndefined();
    expect(relabelSegment(r, 's2', 'music').find((i) => i.id === 's2' && i.type === 'labels')?.value).toMatchObject({ labels: ['music'] });
  });

  it('keeps per-region answers on the segment: bounds copied, removed when emptied', () => {
    const r = twoSegments();
    expect(r.find((i) => i.id === 's1' && i.type === 'textarea')).toEqual({ id: 's1', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { text: ['你好'], start: 0, end: 2 } });
    const [s1] = segmentsOn(r, 'audio');
    expect(regionText(setRegionText(r, s1!, 'transcript', ''), 's1', 'transcript')).toBe('');
    expect(regionChoice(r, 's1', 'speaker')).toBe('A');
  });

  it('splits at a time: the first part keeps the transcript, both keep label and speaker', () => {
    const r = splitSegment(twoSegments(), 's1', 0.8, 'new');
    expect(segmentsOn(r, 'audio').map((s) => [s.id, s.value.start, s.value.end])).toEqual([
      ['s1', 0, 0.8],
      ['new', 0.8, 2],
      ['s2', 2.5, 4],
    ]);
    expect(r.find((i) => i.id === 's1' && i.type === 'textarea')?.value).toEqual({ text: ['你好'], start: 0, end: 0.8 });
    expect(regionChoice(r, 'new', 'speaker')).toBe('A');
    expect(regionText(r, 'new', 'transcript')).toBe('');
    // A cut at the edge would leave a sliver: nothing changes.
    expect(splitSegment(twoSegments(), 's1', 1.995, 'x')).toEqual(twoSegments());
  });

  it('merges with the next segment: spans, transcripts joined, the second gone', () => {
    const r = mergeWithNext(twoSegments(), 's1', '');
    expect(segmentsOn(r, 'audio').map((s) => [s.id, s.value.start, s.value.end])).toEqual([['s1', 0, 4]]);
    expect(regionText(r, 's1', 'transcript')).toBe('你好再见');
    expect(r.filter((i) => i.id === 's2')).toEqual([]);
    expect(r.every((i) => i.type === 'labels' || (i.value as { start?: number }).start === 0)).toBe(true);
    // The last segment has nothing to merge with.
    expect(mergeWithNext(twoSegments(), 's2', '')).toEqual(twoSegments());
  });

  it('nudges one edge, never past the other or out of the clip, moving the answers along', () => {
    let r = nudgeEdge(twoSegments(), 's1', 'end', 0.05, 10);
    expect(r.find((i) => i.id === 's1' && i.type === 'textarea')?.value).toMatchObject({ start: 0, end: 2.05 });
    r = nudgeEdge(r, 's1', 'start', -0.05, 10);
    expect(segmentsOn(r, 'audio')[0]?.value.start).toBe(0);
    expect(nudgeEdge(twoSegments(), 's2', 'start', 1.49, 10)).toEqual(twoSegments());
  });
});
