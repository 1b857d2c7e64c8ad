/**
 * The text that dedup compares: NFKC, lower case, without whitespace and punctuation, so copies that
 * differ only in width (ＡＢＣ/ABC), case, spacing or punctuation (，/,) are the same text.
 */
export function dedupKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}
