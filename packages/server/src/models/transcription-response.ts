import type { TranscribedSegment, TranscriptWord } from '@yungang/core';
import { isRecord } from './http-json.js';

/**
 * The answer of an OpenAI-compatible `/audio/transcriptions` endpoint (OpenAI, whisper.cpp server,
 * FunASR, vLLM) read into the same shape as the built-in recogniser's: the text, and with
 * `response_format=verbose_json` its timed segments. Words come with a confidence only when the server
 * gives one (whisper.cpp's `probability`); OpenAI's word timestamps have none, and a word without a
 * confidence is not kept (there is nothing to highlight).
 */
export function readTranscription(body: unknown): { text: string; segments: TranscribedSegment[] } | null {
  if (!isRecord(body) || typeof body['text'] !== 'string') return null;
  const segments: TranscribedSegment[] = [];
  if (Array.isArray(body['segments'])) {
    for (const s of body['segments']) {
      if (!isRecord(s) || typeof s['start'] !== 'number' || typeof s['end'] !== 'number' || typeof s['text'] !== 'string') continue;
      const words: TranscriptWord[] = [];
      if (Array.isArray(s['words'])) {
        for (const w of s['words']) {
          if (!isRecord(w) || typeof w['word'] !== 'string' || typeof w['start'] !== 'number' || typeof w['end'] !== 'number' || typeof w['probability'] !== 'number') continue;
          words.push({ word: w['word'].trim(), start: w['start'], end: w['end'], confidence: Math.min(1, Math.max(0, w['probability'])) });
        }
      }
      if (s['end'] > s['start']) segments.push({ start: round3(s['start']), end: round3(s['end']), text: s['text'].trim(), ...(words.length > 0 ? { words } : {}) });
    }
  }
  return { text: body['text'].trim(), segments };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
