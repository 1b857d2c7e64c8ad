import { describe, expect, it } from 'vitest';
import { indexTokens, queryTokens, tsQueryText } from './search-tokens.js';

describe('catalog search tokens', () => {
  it('indexes Chinese as unigrams and bigrams and other words whole, lower-cased', () => {
    expect(indexTokens('交通数据 Traffic-Cams 2024')).toEqual(['交', '交通', '通', '通数', '数', '数据', '据', 'traffic', 'cams', '2024']);
  });

  it('a Chinese query must match all its bigrams; a single character stays a unigram', () => {
    expect(queryTokens('交通数据')).toEqual({ exact: ['交通', '通数', '数据'], prefix: [] });
    expect(queryTokens('医')).toEqual({ exact: ['医'], prefix: [] });
    const doc = new Set(indexTokens('城市交通数据集'));
    expect(queryTokens('交通数据').exact.every((t) => doc.has(t))).toBe(true);
    expect(queryTokens('交通医疗').exact.every((t) => doc.has(t))).toBe(false);
  });

  it('makes a tsquery of letters and digits only, English words as prefixes', () => {
    expect(tsQueryText("医疗 x-ray'; DROP")).toBe("'医疗' & 'x':* & 'ray':* & 'drop':*");
    expect(tsQueryText('  ,.;  ')).toBeNull();
  });

  it('folds full-width forms (NFKC) so ＡＢＣ finds abc', () => {
    expect(indexTokens('ＡＢＣ')).toEqual(['abc']);
  });
});
