/**
 * The edit alignment a reviewer reads (docs/quality.md, transcripts): which words (English) or characters
 * (Chinese) of a transcript were substituted, deleted or inserted against a reference, with the WER or CER
 * that the same alignment gives (jiwer's counts, `alignTokens`).
 */
import { alignTokens } from './levenshtein-alignment.js';
import { characterTokens, normalizeText, wordTokens, type TextNormalization } from './tokenize.js';

/** One step of a transcript alignment, with the tokens themselves. */
export type TranscriptAlignmentOp =
  | { type: 'equal'; ref: string; hyp: string }
  | { type: 'substitute'; ref: string; hyp: string }
  | { type: 'delete'; ref: string }
  | { type: 'insert'; hyp: string };

export interface TranscriptAlignment {
  /** `word` → the rate is a WER; `char` → a CER. */
  unit: 'word' | 'char';
  /** (S + D + I) / N, N = reference tokens; with an empty reference, the number of insertions. */
  rate: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  hits: number;
  ops: TranscriptAlignmentOp[];
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

/** `char` when either text has Chinese, Japanese or Korean script (words are not separated there), else `word`. */
export function transcriptUnit(reference: string, hypothesis: string): 'word' | 'char' {
  return CJK.test(reference) || CJK.test(hypothesis) ? 'char' : 'word';
}

/**
 * Aligns `hypothesis` to `reference`. `unit` defaults to `transcriptUnit`; by character, whitespace is
 * dropped (a space typed between Chinese characters is not an error). `normalization` applies to both.
 *
 * @example alignTranscripts('the cat sat', 'the bat sat down').ops.map((o) => o.type) // ['equal', 'substitute', 'equal', 'insert']
 */
export function alignTranscripts(reference: string, hypothesis: string, options: { unit?: 'word' | 'char'; normalization?: TextNormalization } = {}): TranscriptAlignment {
  const unit = options.unit ?? transcriptUnit(reference, hypothesis);
  const norm: TextNormalization = unit === 'char' ? { ...options.normalization, removeWhitespace: true } : { ...options.normalization };
  const tokens = (text: string) => (unit === 'char' ? characterTokens(normalizeText(text, norm)) : wordTokens(normalizeText(text, norm)));
  const ref = tokens(reference);
  const hyp = tokens(hypothesis);
  const aligned = alignTokens(ref, hyp);
  const ops = aligned.ops.map((op): TranscriptAlignmentOp => {
    switch (op.type) {
      case 'equal':
      case 'substitute':
        return { type: op.type, ref: ref[op.ref]!, hyp: hyp[op.hyp]! };
      case 'delete':
        return { type: 'delete', ref: ref[op.ref]! };
      case 'insert':
        return { type: 'insert', hyp: hyp[op.hyp]! };
    }
  });
  const { substitutions: s, deletions: d, insertions: i, hits: h } = aligned;
  const n = s + d + h;
  return { unit, rate: n === 0 ? i : (s + d + i) / n, substitutions: s, deletions: d, insertions: i, hits: h, ops };
}
