import { describe, expect, it } from 'vitest';
import { readTranscription } from './transcription-response.js';

describe('readTranscription', () => {
  it('reads verbose_json segments and keeps the words that carry a probability (whisper.cpp)', () => {
    const body = {
      text: ' Hello there. General Kenobi.',
      segments: [
        { id: 0, start: 0, end: 1.2, text: ' Hello there.', words: [{ word: ' Hello', start: 0, end: 0.5, probability: 0.93 }, { word: ' there.', start: 0.5, end: 1.2, probability: 0.41 }] },
        { id: 1, start: 1.5, end: 3, text: ' General Kenobi.', words: [{ word: 'General', start: 1.5, end: 2 }] },
        { id: 2, start: 3, end: 3, text: '' },
      ],
    };
    expect(readTranscription(body)).toEqual({
      text: 'Hello there. General Kenobi.',
      segments: [
        { start: 0, end: 1.2, text: 'Hello there.', words: [{ word: 'Hello', start: 0, end: 0.5, confidence: 0.93 }, { word: 'there.', start: 0.5, end: 1.2, confidence: 0.41 }] },
        { start: 1.5, end: 3, text: 'General Kenobi.' },
      ],
    });
  });

  it('takes a plain json answer (text only) and refuses one without text', () => {
    expect(readTranscription({ text: '你好' })).toEqual({ text: '你好', segments: [] });
    expect(readTranscription({ segments: [] })).toBeNull();
  });
});
