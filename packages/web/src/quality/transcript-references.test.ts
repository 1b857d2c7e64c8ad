import { describe, expect, it } from 'vitest';
import type { AnnotationResult, LabelConfig } from '@yungang/core';
import { transcriptAlignment, transcriptControls, transcriptOf } from './transcript-references.ts';

const config = {
  fields: [{ name: 'audio', type: 'audio' }],
  controls: [
    { type: 'labels', name: 'seg', toName: 'audio', labels: [{ value: 'speech' }] },
    { type: 'textarea', name: 'text', toName: 'audio', perRegion: true, title: '转写' },
  ],
} as LabelConfig;

const segmented = (parts: [string, number, string][]): AnnotationResult =>
  parts.flatMap(([id, start, text]) => [
    { id, from_name: 'seg', to_name: 'audio', type: 'labels', value: { start, end: start + 1, labels: ['speech'] } },
    { id, from_name: 'text', to_name: 'audio', type: 'textarea', value: { text: [text], start, end: start + 1 } },
  ]) as AnnotationResult;

describe('transcript references', () => {
  it('reads a per-segment transcript in time order, whatever order the items are in', () => {
    expect(transcriptOf(config, segmented([['b', 5, 'made amiable'], ['a', 1, 'he might even have been']]), 'text')).toBe('he might even have been\nmade amiable');
  });

  it('finds the transcript controls of audio fields', () => {
    expect(transcriptControls(config)).toEqual([{ name: 'text', title: '转写', unit: undefined }]);
  });

  it('aligns the work under review against a reference cut into different segments', () => {
    const reference = segmented([['r', 0, 'he might even have been made amiable himself']]);
    const work = segmented([['a', 0, 'he might have been'], ['b', 3, 'maid amiable himself']]);
    const a = transcriptAlignment(config, { name: 'text', unit: undefined }, reference, work)!;
    expect(a.unit).toBe('word');
    expect(a.ops.filter((o) => o.type !== 'equal')).toEqual([
      { type: 'delete', ref: 'even' },
      { type: 'substitute', ref: 'made', hyp: 'maid' },
    ]);
    expect(a.rate).toBeCloseTo(2 / 8, 10);
  });

  it('has nothing to show when neither side has a transcript', () => {
    expect(transcriptAlignment(config, { name: 'text', unit: undefined }, [], [])).toBeNull();
  });
});
