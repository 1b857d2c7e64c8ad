/**
 * Tokenisation and opt-in normalisation shared by the text metrics. Defaults change nothing, so that a
 * metric measures exactly what annotators typed; callers who want case- or punctuation-blind scores ask.
 */

/** Opt-in normalisation, applied in the order listed. Every option defaults to off. */
export interface TextNormalization {
  /** Unicode normal form, e.g. 'NFKC' to fold full-width Latin letters and digits. */
  unicodeForm?: 'NFC' | 'NFD' | 'NFKC' | 'NFKD';
  /** Lower-case with `toLowerCase()` (locale-independent). */
  lowercase?: boolean;
  /** Drop Unicode punctuation (`\p{P}`), e.g. "，" and "。" as well as "," and ".". */
  removePunctuation?: boolean;
  /** Drop all whitespace before tokenising (CER on Chinese often ignores spaces). Words then become one. */
  removeWhitespace?: boolean;
}

/**
 * Applies the requested normalisation steps.
 *
 * @example normalizeText('Hello, World', { lowercase: true, removePunctuation: true }) // 'hello world'
 */
export function normalizeText(text: string, options: TextNormalization = {}): string {
  let out = text;
  if (options.unicodeForm) out = out.normalize(options.unicodeForm);
  if (options.lowercase) out = out.toLowerCase();
  if (options.removePunctuation) out = out.replace(/\p{P}/gu, '');
  if (options.removeWhitespace) out = out.replace(/\s/gu, '');
  return out;
}

/**
 * Words: maximal runs of non-whitespace (JavaScript `\s`, which includes U+3000 IDEOGRAPHIC SPACE).
 *
 * @example wordTokens('  a  b\tc ') // ['a', 'b', 'c']
 */
export function wordTokens(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word !== '');
}

/**
 * Characters: the code points of `text` with outer whitespace stripped, as jiwer's default CER transform
 * (`Strip` then one token per Python `str` element, i.e. per code point) does.
 *
 * @example characterTokens(' 中 😀 ') // ['中', ' ', '😀']
 */
export function characterTokens(text: string): string[] {
  return [...text.trim()];
}
