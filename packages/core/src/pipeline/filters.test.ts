import { describe, expect, it } from 'vitest';
import { countCharClasses } from './char-classes.js';
import { codePointLength, createCharRatioFilter, createLengthFilter } from './filters.js';

describe('length filter', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('𠀀😀中a')).toBe(4);
  });

  it('keeps texts within inclusive bounds and says why it drops the others', () => {
    const op = createLengthFilter({ op: 'length-filter', min: 2, max: 4 });
    expect(op.apply('ab', 0).kind).toBe('keep');
    expect(op.apply('abcd', 0).kind).toBe('keep');
    expect(op.apply('a', 0)).toEqual({ kind: 'drop', reason: '1 characters, fewer than 2' });
    expect(op.apply('你好世界啊', 0)).toEqual({ kind: 'drop', reason: '5 characters, more than 4' });
  });
});

describe('character-ratio filter', () => {
  it('classifies Han, kana, Latin, digits, whitespace and punctuation', () => {
    const c = countCharClasses('中文かなAb 12，!é😀');
    expect({ cjk: c.cjk, han: c.han, latin: c.latin, digit: c.digit, whitespace: c.whitespace, punctuation: c.punctuation, total: c.total }).toEqual({
      cjk: 4, han: 2, latin: 3, digit: 2, whitespace: 1, punctuation: 3, total: 13,
    });
  });

  it('drops texts whose share of a class is out of bounds', () => {
    const digits = createCharRatioFilter({ op: 'char-ratio-filter', chars: 'digit', max: 0.5 });
    expect(digits.apply('电话 123', 0).kind).toBe('keep');
    expect(digits.apply('1234567 号', 0)).toEqual({ kind: 'drop', reason: 'digit ratio 0.78 above 0.5' });
    const cjk = createCharRatioFilter({ op: 'char-ratio-filter', chars: 'cjk', min: 0.3 });
    expect(cjk.apply('hello', 0).kind).toBe('drop');
    expect(cjk.apply('', 0).kind).toBe('drop');
    expect(cjk.apply('你好 hi', 0).kind).toBe('keep');
  });
});
