import { describe, expect, it } from 'vitest';
import { checkTranscript } from './transcript-conventions.js';

const conventions = { tags: ['noise', 'laughter'], unintelligible: '((xx))' };

describe('checkTranscript', () => {
  it('accepts known tags and the unintelligible mark', () => {
    expect(checkTranscript('你好[noise]，今天((xx))天气[laughter]', conventions)).toEqual([]);
  });

  it('names an unknown tag with its code-point offset and a near match', () => {
    expect(checkTranscript('😀好[Noise]', conventions)).toEqual([{ offset: 2, message: 'at 2: unknown tag "[Noise]"; did you mean "[noise]"? (allowed: [noise], [laughter], ((xx)) (unintelligible))' }]);
    expect(checkTranscript('[nosie]', conventions)[0]!.message).toBe('at 0: unknown tag "[nosie]"; did you mean "[noise]"? (allowed: [noise], [laughter], ((xx)) (unintelligible))');
    // Short or far-off names get no guess: two edits turn "[ab]" into almost anything.
    expect(checkTranscript('[ab] [music]', conventions).map((i) => i.message.includes('did you mean'))).toEqual([false, false]);
  });

  it('reports brackets left open or closing nothing', () => {
    expect(checkTranscript('a [noise b [laughter]', conventions).map((i) => i.offset)).toEqual([2]);
    expect(checkTranscript('a ] b', conventions)[0]!.message).toMatch(/"\]" closes no tag/);
    expect(checkTranscript('end [', conventions)[0]!.message).toMatch(/never closed/);
  });

  it('refuses the unintelligible mark when the project has none', () => {
    expect(checkTranscript('[unk]', { tags: ['noise'] })[0]!.message).toBe('at 0: unknown tag "[unk]" (allowed: [noise])');
  });

  it('refuses digits when numbers are written in words, ASCII and full-width alike', () => {
    const rules = { tags: ['noise'], numbers: 'words' as const };
    expect(checkTranscript('二零二四年[noise]', rules)).toEqual([]);
    expect(checkTranscript('在2024年5月', rules).map((i) => i.message)).toEqual([
      'at 1: number "2024" in digits; this project writes numbers out in words (二零二四 rather than 2024)',
      'at 6: number "5" in digits; this project writes numbers out in words (二零二四 rather than 2024)',
    ]);
    expect(checkTranscript('第３章', rules)[0]!.message).toBe('at 1: number "３" in digits; this project writes numbers out in words (二零二四 rather than 2024)');
    expect(checkTranscript('2024', { tags: [] })).toEqual([]);
  });

  it('refuses punctuation when the project transcribes without it, but not tag brackets', () => {
    const rules = { tags: ['noise'], unintelligible: '((xx))', punctuation: 'none' as const };
    expect(checkTranscript('你好 [noise] ((xx)) 再见', rules)).toEqual([]);
    expect(checkTranscript('你好，再见。', rules).map((i) => i.offset)).toEqual([2, 5]);
    expect(checkTranscript('好!', rules)[0]!.message).toMatch(/^at 1: punctuation "!"; this project transcribes without punctuation/);
    expect(checkTranscript('你好，再见。', { tags: [] })).toEqual([]);
  });
});
