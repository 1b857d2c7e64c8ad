import { describe, expect, it } from 'vitest';
import { parsePocketsphinxWords } from './pocketsphinx.js';

describe('parsePocketsphinxWords', () => {
  it('reads words, times and posteriors, dropping sentence marks, silences and fillers, shifted by the segment start', () => {
    const output = ['and mr john', '<s> 0.000 0.140 0.999400', 'and(2) 0.150 0.360 0.260057', '<sil> 0.370 0.400 0.5', '[NOISE] 0.400 0.420 0.9', 'mr 0.430 0.620 0.988762', 'john 0.630 1.000 0.929128', '</s> 1.010 1.080 1.000000', ''].join('\n');
    expect(parsePocketsphinxWords(output, 10)).toEqual([
      { word: 'and', start: 10.15, end: 10.36, confidence: 0.26 },
      { word: 'mr', start: 10.43, end: 10.62, confidence: 0.989 },
      { word: 'john', start: 10.63, end: 11, confidence: 0.929 },
    ]);
  });
});
