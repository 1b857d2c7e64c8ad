// The preprocessing pipeline: spec parsing, the operators and the runner. Pure: no I/O.
export * from './pipeline-spec.js';
export * from './run-operators.js';
export * from './image-operator-spec.js';
export * from './audio-operator-spec.js';
export * from './audio-stats.js';
export * from './split-run.js';
export type { DropReason, OperatorOutcome, TextOperator } from './operator.js';
export { toHalfWidth, toSimplified } from './normalize.js';
export { stripHtml, stripControlChars } from './strip.js';
export { identifyLanguage, type LanguageGuess } from './language-id.js';
export { dedupKey } from './dedup-key.js';
export { AhoCorasick, type KeywordMatch } from './aho-corasick.js';
export { parseWordList } from './keyword-filter.js';
export { detectPii, PII_DETECTORS } from './pii/detect-pii.js';
export type { PiiMatch } from './pii/pii-match.js';
export { PII_MASK_TAGS } from './pii/pii-operator.js';
export { isValidIdCard } from './pii/id-card.js';
export { luhnValid } from './pii/bank-card.js';
