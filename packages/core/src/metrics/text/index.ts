// Public surface of the text quality metrics; the package index re-exports this file.
export { wordErrorRate, characterErrorRate } from './error-rate.js';
export type { ErrorRate, WordErrorRate, ErrorRateOptions, Transcripts } from './error-rate.js';
export { alignTokens } from './levenshtein-alignment.js';
export type { Alignment, AlignmentOp, EditCounts } from './levenshtein-alignment.js';
export { normalizeText, wordTokens, characterTokens } from './tokenize.js';
export type { TextNormalization } from './tokenize.js';
export { spanF1 } from './span-f1.js';
export type { Span, SpanF1, SpanF1Options, LabelScore } from './span-f1.js';
export { rover } from './rover.js';
export type { RoverOptions } from './rover.js';
export { alignTranscripts, transcriptUnit } from './transcript-alignment.js';
export type { TranscriptAlignment, TranscriptAlignmentOp } from './transcript-alignment.js';
