import { describe, expect, it } from 'vitest';
import { createLanguageFilter, identifyLanguage } from './language-id.js';

describe('language identification', () => {
  it('tells Chinese, English and other languages apart', () => {
    expect(identifyLanguage('今天天气很好，我们去公园散步吧。').language).toBe('zh');
    expect(identifyLanguage('這是一個繁體中文的句子').language).toBe('zh');
    expect(identifyLanguage('The weather is nice today and we are going to the park.').language).toBe('en');
    expect(identifyLanguage('Le chat mange la souris dans la cuisine ce soir.').language).toBe('other');
    expect(identifyLanguage('今日はとても良い天気ですね').language).toBe('other');
    expect(identifyLanguage('안녕하세요 반갑습니다').language).toBe('other');
    expect(identifyLanguage('Привет, как дела?').language).toBe('other');
    expect(identifyLanguage('12345 !!!').language).toBe('other');
  });

  it('sends mixed text to the dominant script', () => {
    expect(identifyLanguage('我在用 iPhone 拍照，效果很好').language).toBe('zh');
    expect(identifyLanguage('I visited 北京 last summer with my family and it was great').language).toBe('en');
  });

  it('filters by allowed languages and confidence', () => {
    const zh = createLanguageFilter({ op: 'language-filter', languages: ['zh'] });
    expect(zh.apply('你好世界', 0).kind).toBe('keep');
    expect(zh.apply('hello world', 0)).toMatchObject({ kind: 'drop', reason: expect.stringContaining('language en') });
    const strict = createLanguageFilter({ op: 'language-filter', languages: ['zh'], minConfidence: 0.95 });
    expect(strict.apply('我在用 iPhone 拍照', 0).kind).toBe('drop');
  });
});
