/**
 * One transcript from several, by NIST ROVER (the existing `rover`), plus provenance: how far each input is
 * from the consensus, as its WER (unit 'word') or CER (unit 'char') with the consensus as reference. A
 * reviewer sees at once which transcriber disagreed with the result, and by how much.
 */
import { characterErrorRate, wordErrorRate } from '../../metrics/text/error-rate.js';
import { rover } from '../../metrics/text/rover.js';

/** A transcript, optionally with its transcriber; bare strings are named by their position ('0', '1', …). */
export type TranscriptInput = string | { worker: string; text: string };

/** Options of {@link aggregateTranscripts}. */
export interface AggregateTranscriptsOptions {
  /** Vote over words (joined with one space) or over code points (joined with nothing, e.g. Chinese). */
  unit: 'word' | 'char';
}

/** The consensus transcript and each input's distance from it. */
export interface AggregatedTranscript {
  text: string;
  unit: 'word' | 'char';
  /** One entry per input, in input order. */
  contributors: {
    index: number;
    worker: string;
    /** WER or CER of this input against `text`; when `text` is empty it is the input's token count (jiwer's convention). */
    errorRate: number;
  }[];
}

/**
 * ROVER consensus of transcripts of the same audio or image. ROVER breaks ties toward the earliest
 * transcript, so the input order matters: put the most trusted transcriber first.
 *
 * @example aggregateTranscripts(['the cat sat', 'the cat sat down', 'a cat sat'], { unit: 'word' }).text // 'the cat sat'
 */
export function aggregateTranscripts(texts: readonly TranscriptInput[], options: AggregateTranscriptsOptions): AggregatedTranscript {
  if (!Array.isArray(texts) || texts.length === 0) throw new RangeError('aggregateTranscripts: texts must be a non-empty array');
  const unit = options?.unit;
  if (unit !== 'word' && unit !== 'char') throw new RangeError(`aggregateTranscripts: options.unit must be 'word' or 'char', got ${String(unit)}`);
  const inputs = texts.map((input, i) => {
    if (typeof input === 'string') return { worker: String(i), text: input };
    if (input === null || typeof input !== 'object' || typeof input.text !== 'string') {
      throw new TypeError(`aggregateTranscripts: texts[${i}] must be a string or { worker, text }`);
    }
    if (typeof input.worker !== 'string' || input.worker === '') throw new TypeError(`aggregateTranscripts: texts[${i}].worker must be a non-empty string`);
    return { worker: input.worker, text: input.text };
  });
  const text = rover(
    inputs.map((input) => input.text),
    { unit },
  );
  const distance = unit === 'word' ? wordErrorRate : characterErrorRate;
  return {
    text,
    unit,
    contributors: inputs.map((input, index) => ({ index, worker: input.worker, errorRate: distance(text, input.text).rate })),
  };
}
