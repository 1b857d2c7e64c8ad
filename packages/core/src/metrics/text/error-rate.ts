/**
 * Word and character error rates with jiwer's definitions (jiwer 4.x `process_words` / `process_characters`),
 * so numbers reported by Yungang can be compared with the Python tool most ASR papers use.
 */
import { alignTokens } from './levenshtein-alignment.js';
import type { EditCounts } from './levenshtein-alignment.js';
import { characterTokens, normalizeText, wordTokens } from './tokenize.js';
import type { TextNormalization } from './tokenize.js';

/** Result of an error-rate computation: `rate` = (S + D + I) / N, N = S + D + H (reference length). */
export interface ErrorRate extends EditCounts {
  rate: number;
}

/** WER plus Morris et al. (2004) measures: match error rate, word information lost / preserved. */
export interface WordErrorRate extends ErrorRate {
  mer: number;
  wil: number;
  wip: number;
}

/** Optional normalisation applied to both sides before tokenising; the default is none. */
export type ErrorRateOptions = TextNormalization;

/** One sentence, or a corpus of sentences paired by index (counts are summed over pairs). */
export type Transcripts = string | readonly string[];

/**
 * Word error rate: tokens are runs of non-whitespace, compared exactly.
 *
 * @example wordErrorRate('hello world', 'hello duck').rate // 0.5
 */
export function wordErrorRate(reference: Transcripts, hypothesis: Transcripts, options: ErrorRateOptions = {}): WordErrorRate {
  const { counts, hypothesisLength } = sumCounts(reference, hypothesis, (text) => wordTokens(normalizeText(text, options)));
  const { substitutions: s, deletions: d, insertions: i, hits: h } = counts;
  const n = h + s + d;
  if (n === 0) {
    // Empty reference (jiwer 4.0 convention): every hypothesis word is an insertion and the rate is their
    // count; predicting silence for silence is error-free and preserves all information.
    const silent = hypothesisLength === 0;
    return { ...counts, rate: i, mer: silent ? 0 : 1, wil: silent ? 0 : 1, wip: silent ? 1 : 0 };
  }
  const wip = hypothesisLength > 0 ? (h / n) * (h / hypothesisLength) : 0;
  return { ...counts, rate: (s + d + i) / n, mer: (s + d + i) / (h + s + d + i), wil: 1 - wip, wip };
}

/**
 * Character error rate over Unicode code points (so "中文" is 2 and "😀" is 1). Like jiwer's `cer`, leading and
 * trailing whitespace is stripped and every inner whitespace code point counts as a character.
 *
 * @example characterErrorRate('中文字幕', '中文子幕').rate // 0.25
 */
export function characterErrorRate(reference: Transcripts, hypothesis: Transcripts, options: ErrorRateOptions = {}): ErrorRate {
  const { counts } = sumCounts(reference, hypothesis, (text) => characterTokens(normalizeText(text, options)));
  const { substitutions: s, deletions: d, insertions: i, hits: h } = counts;
  const n = h + s + d;
  return { ...counts, rate: n === 0 ? i : (s + d + i) / n };
}

function sumCounts(
  reference: Transcripts,
  hypothesis: Transcripts,
  tokenize: (text: string) => string[],
): { counts: EditCounts; hypothesisLength: number } {
  const refs = typeof reference === 'string' ? [reference] : reference;
  const hyps = typeof hypothesis === 'string' ? [hypothesis] : hypothesis;
  if (refs.length !== hyps.length) {
    // jiwer raises ValueError here too: pairing sentences by index is meaningless when the lists differ.
    throw new RangeError(`reference has ${refs.length} sentences but hypothesis has ${hyps.length}`);
  }
  const counts: EditCounts = { substitutions: 0, deletions: 0, insertions: 0, hits: 0 };
  let hypothesisLength = 0;
  refs.forEach((ref, k) => {
    const hypTokens = tokenize(hyps[k] ?? '');
    const one = alignTokens(tokenize(ref), hypTokens);
    counts.substitutions += one.substitutions;
    counts.deletions += one.deletions;
    counts.insertions += one.insertions;
    counts.hits += one.hits;
    hypothesisLength += hypTokens.length;
  });
  return { counts, hypothesisLength };
}
