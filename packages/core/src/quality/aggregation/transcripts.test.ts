import { describe, expect, it } from 'vitest';
import { aggregateTranscripts } from './transcripts.js';

describe('aggregateTranscripts', () => {
  it('takes the ROVER consensus and reports each input WER against it', () => {
    // rover's own documented example; WER vs "the cat sat": 0, 1 insertion / 3, 1 substitution / 3.
    const result = aggregateTranscripts(['the cat sat', 'the cat sat down', 'a cat sat'], { unit: 'word' });
    expect(result).toEqual({
      text: 'the cat sat',
      unit: 'word',
      contributors: [
        { index: 0, worker: '0', errorRate: 0 },
        { index: 1, worker: '1', errorRate: 1 / 3 },
        { index: 2, worker: '2', errorRate: 1 / 3 },
      ],
    });
  });

  it('votes per code point for unit char (CER per input)', () => {
    const result = aggregateTranscripts(
      [
        { worker: 'li', text: '中文字幕' },
        { worker: 'wang', text: '中文子幕' },
        { worker: 'zhao', text: '中文字幕' },
      ],
      { unit: 'char' },
    );
    expect(result.text).toBe('中文字幕');
    expect(result.contributors.map((c) => [c.worker, c.errorRate])).toEqual([['li', 0], ['wang', 0.25], ['zhao', 0]]);
  });

  it('rejects empty input and unknown units', () => {
    expect(() => aggregateTranscripts([], { unit: 'word' })).toThrow(/texts must be a non-empty array/);
    expect(() => aggregateTranscripts(['a'], { unit: 'token' as never })).toThrow(/options\.unit must be 'word' or 'char'/);
    expect(() => aggregateTranscripts([{ worker: '', text: 'a' }], { unit: 'word' })).toThrow(/texts\[0\]\.worker/);
    expect(() => aggregateTranscripts([42 as never], { unit: 'word' })).toThrow(/texts\[0\] must be a string or \{ worker, text \}/);
  });
});
