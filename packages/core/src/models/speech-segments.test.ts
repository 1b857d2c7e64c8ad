import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { markLowConfidence, padAndMerge, speechResult, speechSegments } from './speech-segments.js';

const frame = 0.032;
/** Probabilities for `pattern`: each character one frame, '#' speech (0.9), '.' silence (0.05), '~' borderline (0.4). */
const probs = (pattern: string) => [...pattern].map((c) => (c === '#' ? 0.9 : c === '~' ? 0.4 : 0.05));

describe('speechSegments', () => {
  const none = { threshold: 0.5, minSpeechMs: 0, minSilenceMs: 0, padMs: 0 };

  it('finds speech runs in frame time', () => {
    expect(speechSegments(probs('..##..###.'), frame, 10 * frame, none)).toEqual([
      { start: 0.064, end: 0.128 },
      { start: 0.192, end: 0.288 },
    ]);
  });

  it('bridges pauses shorter than minSilenceMs and keeps a hovering probability inside speech', () => {
    // A 2-frame pause (64 ms) under a 100 ms minimum silence does not split; '~' (0.4) is above 0.5 - 0.15.
    expect(speechSegments(probs('##..##~~##....'), frame, 14 * frame, { ...none, minSilenceMs: 100 })).toEqual([{ start: 0, end: 0.32 }]);
  });

  it('drops speech shorter than minSpeechMs', () => {
    expect(speechSegments(probs('.#.....####..'), frame, 13 * frame, { ...none, minSpeechMs: 100 })).toEqual([{ start: 0.224, end: 0.352 }]);
  });

  it('pads within the clip and merges segments that then touch', () => {
    expect(padAndMerge([{ start: 0.05, end: 1 }, { start: 1.15, end: 2 }, { start: 3, end: 3.95 }], 0.1, 4)).toEqual([
      { start: 0, end: 2.1 },
      { start: 2.9, end: 4 },
    ]);
  });

  it('ends a segment still open at the end of the clip', () => {
    expect(speechSegments(probs('..####'), frame, 6 * frame, none)).toEqual([{ start: 0.064, end: 0.192 }]);
  });
});

describe('speechResult', () => {
  const config: LabelConfig = {
    fields: [{ name: 'audio', type: 'audio' }],
    controls: [
      { type: 'labels', name: 'seg', toName: 'audio', labels: [{ value: 'noise' }, { value: 'speech' }] },
      { type: 'textarea', name: 'text', toName: 'audio', perRegion: true },
    ],
  } as LabelConfig;

  it('labels segments "speech" and puts each transcript and its word confidences on its segment', () => {
    const words = [{ word: 'hello', start: 0.1, end: 0.5, confidence: 0.3 }];
    const { result, meta } = speechResult(config, 'audio', [
      { start: 0, end: 1, text: 'hello', words },
      { start: 2, end: 3, text: '' },
    ]);
    expect(result).toEqual([
      { id: 'seg-1', from_name: 'seg', to_name: 'audio', type: 'labels', value: { start: 0, end: 1, labels: ['speech'] } },
      { id: 'seg-1', from_name: 'text', to_name: 'audio', type: 'textarea', value: { text: ['hello'], start: 0, end: 1 } },
      { id: 'seg-2', from_name: 'seg', to_name: 'audio', type: 'labels', value: { start: 2, end: 3, labels: ['speech'] } },
    ]);
    expect(meta).toEqual({ transcriptWords: [{ control: 'text', region: 'seg-1', words }] });
  });

  it('joins the texts into a whole-clip text area when the project has no segments', () => {
    const whole = { fields: config.fields, controls: [{ type: 'textarea', name: 't', toName: 'audio' }] } as LabelConfig;
    expect(speechResult(whole, 'audio', [{ start: 0, end: 1, text: 'a b' }, { start: 2, end: 3, text: 'c' }]).result).toEqual([
      { id: 'seg-t', from_name: 't', to_name: 'audio', type: 'textarea', value: { text: ['a b c'] } },
    ]);
  });
});

describe('markLowConfidence', () => {
  it('marks the words under the threshold and lets edited words go unmarked', () => {
    const words = [
      { word: 'the', start: 0, end: 0.1, confidence: 0.9 },
      { word: 'cat', start: 0.1, end: 0.3, confidence: 0.2 },
      { word: 'sad', start: 0.3, end: 0.5, confidence: 0.1 },
    ];
    expect(markLowConfidence('the cat sat', words, 0.5)).toEqual([
      { text: 'the ', low: false },
      { text: 'cat', low: true, confidence: 0.2 },
      { text: ' sat', low: false },
    ]);
  });
});
