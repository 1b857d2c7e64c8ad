import { describe, expect, it } from 'vitest';
import { characterErrorRate, wordErrorRate } from './error-rate.js';
import { alignTranscripts, transcriptUnit } from './transcript-alignment.js';

describe('alignTranscripts', () => {
  it('gives the substituted, deleted and inserted words of an English transcript and its WER', () => {
    const a = alignTranscripts('he might even have been made amiable', 'he might have been maid amiable himself');
    expect(a.unit).toBe('word');
    expect(a.ops).toEqual([
      { type: 'equal', ref: 'he', hyp: 'he' },
      { type: 'equal', ref: 'might', hyp: 'might' },
      { type: 'delete', ref: 'even' },
      { type: 'equal', ref: 'have', hyp: 'have' },
      { type: 'equal', ref: 'been', hyp: 'been' },
      { type: 'substitute', ref: 'made', hyp: 'maid' },
      { type: 'equal', ref: 'amiable', hyp: 'amiable' },
      { type: 'insert', hyp: 'himself' },
    ]);
    expect(a.rate).toBeCloseTo(wordErrorRate('he might even have been made amiable', 'he might have been maid amiable himself').rate, 10);
  });

  it('aligns Chinese by character, ignoring spaces, with the CER', () => {
    const a = alignTranscripts('今天天气很好', '今天 天汽好');
    expect(a.unit).toBe('char');
    expect(a.ops.map((o) => o.type)).toEqual(['equal', 'equal', 'equal', 'substitute', 'delete', 'equal']);
    expect(a.rate).toBeCloseTo(characterErrorRate('今天天气很好', '今天天汽好').rate, 10);
  });

  it('counts every word of a transcript against an empty reference as inserted', () => {
    expect(alignTranscripts('', 'a b')).toMatchObject({ rate: 2, insertions: 2, ops: [{ type: 'insert', hyp: 'a' }, { type: 'insert', hyp: 'b' }] });
  });

  it('picks the unit from the script', () => {
    expect(transcriptUnit('hello', 'world')).toBe('word');
    expect(transcriptUnit('hello', '你好')).toBe('char');
  });
});
