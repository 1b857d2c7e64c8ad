import { describe, expect, it } from 'vitest';
import { parsePipelineSpec } from '@yungang/core';
import { outputRecordsOf, SPLIT_KEY, SPLIT_PIECES_KEY, SpecRunner, storedOutput } from './pipeline-record.js';

/** The audio side of SpecRunner that needs no ffmpeg: resume replay, split outputs, records without a recording. */
describe('SpecRunner with audio operators', () => {
  const spec = parsePipelineSpec([{ op: 'vad-split' }, { op: 'exact-dedup', field: 'note' }]);

  it('replays done records once per utterance, so text dedup state and counts match an uninterrupted run', async () => {
    const runner = new SpecRunner(spec, undefined, {}, 'audio');
    const utterance = (i: number) => ({ audio: `/u/${i}`, note: 'a' });
    runner.replay({ audio: '/x', note: 'a' }, { outcome: 'changed', droppedBy: null, output: { [SPLIT_KEY]: [utterance(1)], [SPLIT_PIECES_KEY]: 3 } });
    runner.replay({ audio: '/y', note: 'b' }, { outcome: 'dropped', droppedBy: { op: 'vad-split', operator: 0, reason: 'no speech found by the voice-activity detector' }, output: null });
    runner.replay({ audio: '/z', note: 'c' }, { outcome: 'dropped', droppedBy: { op: 'exact-dedup', operator: 1, reason: 'duplicate', audioPieces: 2 }, output: null });
    // A record whose field names no stored recording passes the audio operators; dedup remembers "a".
    const live = await runner.process({ audio: 'https://elsewhere.example/a.wav', note: 'a' }, undefined, null, 'task 4');
    expect(live).toMatchObject({ status: 'dropped', droppedBy: { op: 'exact-dedup', operator: 1, audioPieces: 1 } });
    const fresh = await runner.process({ note: 'd' }, undefined, null, 'task 5');
    expect(fresh).toMatchObject({ status: 'kept', record: { note: 'd' }, audioPieces: 1 });
    const stats = runner.stats();
    expect(stats).toMatchObject({ records: 5, kept: 1, changed: 1, dropped: 3 });
    expect(stats.operators.map((o) => [o.op, o.kept + o.changed, o.dropped, o.skipped])).toEqual([
      ['vad-split', 0, 0, 2],
      ['exact-dedup', 3, 4, 0],
    ]);
  });

  it('stores the utterances of a split as one output and reads them back', () => {
    const a = { audio: '/u/1' };
    const b = { audio: '/u/2' };
    const stored = storedOutput({ status: 'changed', record: a, more: [b], audioPieces: 2 });
    expect(stored).toEqual({ [SPLIT_KEY]: [a, b], [SPLIT_PIECES_KEY]: 2 });
    expect(outputRecordsOf(stored)).toEqual([a, b]);
    expect(storedOutput({ status: 'kept', record: a, audioPieces: 1 })).toBe(a);
    expect(outputRecordsOf(a)).toEqual([a]);
  });
});
