import { describe, expect, it } from 'vitest';
import { cutAudioLabels } from './audio-labels-cut.js';
import type { ResultItem } from './result.types.js';

const segment = (id: string, start: number, end: number, label = 'speech'): ResultItem => ({ id, from_name: 'seg', to_name: 'audio', type: 'labels', value: { start, end, labels: [label] } });
const transcript = (id: string, text: string): ResultItem => ({ id, from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { text: [text] } });
const clipChoice: ResultItem = { id: 'c', from_name: 'noise', to_name: 'audio', type: 'choices', value: { choices: ['clean'] } };
const otherField: ResultItem = { id: 'o', from_name: 'topic', to_name: 'text', type: 'choices', value: { choices: ['news'] } };

describe('cutAudioLabels', () => {
  const result = [segment('a', 0.5, 1.5), transcript('a', '你好'), segment('b', 2.0, 3.2), transcript('b', 'world'), segment('x', 3.9, 4.6), clipChoice, otherField];

  it('carries everything when the recording was not cut', () => {
    expect(cutAudioLabels(result, 'audio')).toEqual({ result, leftBehind: 0 });
  });

  it('moves the segments inside a piece to its time, with their transcripts, and leaves the rest', () => {
    const cut = cutAudioLabels(result, 'audio', { start: 1.9, end: 4.0 });
    // b lies inside: shifted by 1.9. x crosses the end (4.0): left behind. a is another piece's. The clip-level choice stays behind.
    expect(cut.result).toEqual([{ ...segment('b', 0.1, 1.3) }, transcript('b', 'world'), otherField]);
    expect(cut.leftBehind).toBe(2);
  });

  it('keeps a segment drawn a hair past an edge, clamped to the piece', () => {
    const cut = cutAudioLabels([segment('a', 0.995, 2.005)], 'audio', { start: 1.0, end: 2.0 });
    expect(cut).toEqual({ result: [segment('a', 0, 1)], leftBehind: 0 });
  });

  it('leaves segments of other pieces out without counting them', () => {
    expect(cutAudioLabels([segment('a', 0, 1), segment('b', 5, 6)], 'audio', { start: 2, end: 4 })).toEqual({ result: [], leftBehind: 0 });
  });
});
