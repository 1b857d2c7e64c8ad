import { describe, expect, it } from 'vitest';
import { checkTranscript } from './transcript-conventions.js';

const conventions = { tags: ['noise', 'laughter'], unintelligible: '((xx))' };

describe('checkTranscript', () => {
  it('accepts known tags and the unintelligible mark', () => {
    expect(checkTranscript('你好[noise]，今天((xx))天气[laughter]', conventions)).toEqual([]);
  });

  it('names an unknown tag with its code-point offset and a near match', () => {
    expect(checkTranscript('😀好[Noise]', conventions)).toEqual([{ offset: 2, message: 'at 2: unknown tag "[Noise]"; did you mean "[noise]"? (allowed: [noise], [laughter], ((xx)) (unintelligible))' }]);
    expect(checkTranscript('[nosie]', conventions)[0]!.message).toMatch(/^at 0: unknown tag "\[nosie\]" \(allowed/);
  });

  it('reports brackets left open or closing nothing', () => {
    expect(checkTranscript('a [noise b [laughter]', conventions).map((i) => i.offset)).toEqual([2]);
    expect(checkTranscript('a ] b', conventions)[0]!.message).toMatch(/"\]" closes no tag/);
    expect(checkTranscript('end [', conventions)[0]!.message).toMatch(/never closed/);
  });

  it('refuses the unintelligible mark when the project has none', () => {
    expect(checkTranscript('[unk]', { tags: ['noise'] })[0]!.message).toBe('at 0: unknown tag "[unk]" (allowed: [noise])');
  });
});
