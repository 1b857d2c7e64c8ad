/**
 * Speech pre-annotation without I/O (docs/models.md, Speech): turning a voice-activity detector's
 * per-frame speech probabilities into segments, and segments plus transcripts into a result on an audio
 * field. The server's Silero VAD and pocketsphinx backends feed it; anything else that yields
 * probabilities can too.
 */
import type { LabelConfig } from '../label-config/label-config.types.js';
import type { ResultItem } from '../annotation/result.types.js';

/** How frames become segments. Times in milliseconds. */
export interface VadSegmentOptions {
  /** A frame at or above this probability is speech (Silero's default 0.5). */
  threshold: number;
  /** Shorter speech is dropped (a cough, a click). */
  minSpeechMs: number;
  /** Shorter pauses do not end a segment, so a breath between words stays inside it. */
  minSilenceMs: number;
  /** Added before and after each segment (clamped to the clip); padded segments that touch are merged. */
  padMs: number;
}

export const DEFAULT_VAD_OPTIONS: VadSegmentOptions = { threshold: 0.5, minSpeechMs: 250, minSilenceMs: 300, padMs: 100 };

export interface SpeechSpan {
  /** Seconds from the start of the clip. */
  start: number;
  end: number;
}

/**
 * Segments from per-frame speech probabilities, with Silero's hysteresis: speech starts at `threshold`
 * and only counts as ended below `threshold - 0.15`, for at least `minSilenceMs`, so a probability that
 * hovers near the threshold does not chop a sentence into pieces.
 *
 * @example speechSegments([0, 0.9, 0.9, 0], 0.5, 2, { threshold: 0.5, minSpeechMs: 0, minSilenceMs: 0, padMs: 0 }) // [{ start: 0.5, end: 1.5 }]
 */
export function speechSegments(probabilities: ArrayLike<number>, frameSeconds: number, duration: number, options: VadSegmentOptions = DEFAULT_VAD_OPTIONS): SpeechSpan[] {
  const low = Math.max(0.01, options.threshold - 0.15);
  const minSilenceFrames = Math.ceil(options.minSilenceMs / 1000 / frameSeconds);
  const raw: SpeechSpan[] = [];
  let start: number | null = null;
  let silentSince: number | null = null;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (start === null) {
      if (p >= options.threshold) start = i;
      continue;
    }
    if (p >= low) {
      silentSince = null;
      continue;
    }
    silentSince ??= i;
    if (i + 1 - silentSince >= minSilenceFrames) {
      raw.push({ start: start * frameSeconds, end: silentSince * frameSeconds });
      start = null;
      silentSince = null;
    }
  }
  if (start !== null) raw.push({ start: start * frameSeconds, end: (silentSince ?? probabilities.length) * frameSeconds });
  const long = raw.filter((s) => (s.end - s.start) * 1000 >= options.minSpeechMs);
  return padAndMerge(long, options.padMs / 1000, Math.max(duration, probabilities.length * frameSeconds));
}

/** Pads each segment by `pad` seconds within [0, duration] and merges segments that then overlap or touch. */
export function padAndMerge(segments: readonly SpeechSpan[], pad: number, duration: number): SpeechSpan[] {
  const out: SpeechSpan[] = [];
  for (const s of [...segments].sort((a, b) => a.start - b.start)) {
    const start = Math.max(0, s.start - pad);
    const end = Math.min(duration, s.end + pad);
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out.map((s) => ({ start: round3(s.start), end: round3(s.end) }));
}

/** One recognised word with its time (seconds from the start of the clip) and confidence (0..1). */
export interface TranscriptWord {
  word: string;
  start: number;
  end: number;
  confidence: number;
}

/**
 * Word confidences a speech recogniser gave, kept in a prediction's `meta` (results hold only text), so the
 * workbench can mark the words worth a second listen. `region` is the segment id for a per-region transcript.
 */
export interface TranscriptWordsMeta {
  control: string;
  region?: string;
  words: TranscriptWord[];
}

/** What a prediction carries beside its result. */
export interface PredictionMeta {
  transcriptWords?: TranscriptWordsMeta[];
}

/** A transcribed stretch of the clip (a segment, or the whole clip as one). */
export interface TranscribedSegment extends SpeechSpan {
  text: string;
  words?: TranscriptWord[];
}

/** The label a speech segment gets: `preferred` if the control has it, else one named like speech, else the first. */
export function speechLabelOf(labels: readonly string[], preferred?: string | null): string | undefined {
  if (preferred && labels.includes(preferred)) return preferred;
  return labels.find((l) => /^(speech|voice|语音|说话|人声|有效语音)$/iu.test(l)) ?? labels[0];
}

/**
 * Segments (and their transcripts) as a result on audio field `field`: a `labels` segment per entry on the
 * field's first labels control, and, when the project has a per-region text area, each segment's text in
 * it; without segments in the project but with a whole-clip text area, the texts joined there. Word
 * confidences go to the meta. Empty texts are left out (the annotator types them).
 */
export function speechResult(
  config: LabelConfig,
  field: string,
  segments: readonly (SpeechSpan & Partial<Pick<TranscribedSegment, 'text' | 'words'>>)[],
  options: { label?: string | null; idPrefix?: string } = {},
): { result: ResultItem[]; meta: PredictionMeta } {
  const prefix = options.idPrefix ?? 'seg';
  const labels = config.controls.find((c) => c.type === 'labels' && c.toName === field);
  const perRegion = config.controls.find((c) => c.type === 'textarea' && c.toName === field && c.perRegion === true);
  const whole = config.controls.find((c) => c.type === 'textarea' && c.toName === field && c.perRegion !== true);
  const result: ResultItem[] = [];
  const words: TranscriptWordsMeta[] = [];
  const label = labels?.type === 'labels' ? speechLabelOf(labels.labels.map((l) => l.value), options.label) : undefined;
  segments.forEach((s, i) => {
    const id = `${prefix}-${i + 1}`;
    const text = s.text?.trim() ?? '';
    if (labels && label !== undefined) {
      result.push({ id, from_name: labels.name, to_name: field, type: 'labels', value: { start: s.start, end: s.end, labels: [label] } } as ResultItem);
      if (perRegion && text !== '') {
        result.push({ id, from_name: perRegion.name, to_name: field, type: 'textarea', value: { text: [text], start: s.start, end: s.end } } as ResultItem);
        if (s.words && s.words.length > 0) words.push({ control: perRegion.name, region: id, words: s.words });
      }
    }
  });
  const useWhole = whole && (!labels || label === undefined || !perRegion);
  if (useWhole) {
    const texts = segments.map((s) => s.text?.trim() ?? '').filter((t) => t !== '');
    if (texts.length > 0) {
      result.push({ id: `${prefix}-${whole.name}`, from_name: whole.name, to_name: field, type: 'textarea', value: { text: [texts.join(' ')] } } as ResultItem);
      const all = segments.flatMap((s) => s.words ?? []);
      if (all.length > 0) words.push({ control: whole.name, words: all });
    }
  }
  return { result, meta: words.length > 0 ? { transcriptWords: words } : {} };
}

/**
 * Splits a transcript into runs for display, marking the words whose confidence is below `threshold`:
 * the recogniser's words are matched in order against the (possibly edited) text, so an edited word
 * simply loses its mark.
 *
 * @example markLowConfidence('a b', [{ word: 'a', start: 0, end: 1, confidence: 0.2 }, { word: 'b', start: 1, end: 2, confidence: 0.9 }], 0.5)
 * // [{ text: 'a', low: true, confidence: 0.2 }, { text: ' b', low: false }]
 */
export function markLowConfidence(text: string, words: readonly TranscriptWord[], threshold: number): { text: string; low: boolean; confidence?: number }[] {
  const runs: { text: string; low: boolean; confidence?: number }[] = [];
  let at = 0;
  const push = (piece: string, low: boolean, confidence?: number) => {
    if (piece === '') return;
    const last = runs[runs.length - 1];
    if (last && !last.low && !low) last.text += piece;
    else runs.push(confidence === undefined ? { text: piece, low } : { text: piece, low, confidence });
  };
  for (const w of words) {
    const found = w.word === '' ? -1 : text.indexOf(w.word, at);
    if (found < 0) continue;
    push(text.slice(at, found), false);
    push(w.word, w.confidence < threshold, w.confidence < threshold ? w.confidence : undefined);
    at = found + w.word.length;
  }
  push(text.slice(at), false);
  return runs;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
