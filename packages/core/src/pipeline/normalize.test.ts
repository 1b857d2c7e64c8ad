import { describe, expect, it } from 'vitest';
import { collapseWhitespace, createNormalize, normalizeText, toHalfWidth, toSimplified } from './normalize.js';

describe('normalize', () => {
  it('folds full-width letters, digits and the ideographic space to half width', () => {
    expect(toHalfWidth('ＡＢＣ　１２３！')).toBe('ABC 123!');
    expect(toHalfWidth('中文不变')).toBe('中文不变');
  });

  it('applies NFKC by default (ligatures, circled digits, full-width comma) but keeps 。', () => {
    expect(normalizeText('ﬁ①，好。', {})).toBe('fi1,好。');
    expect(normalizeText('ﬁ，', { unicode: 'NFC', width: 'keep' })).toBe('ﬁ，');
  });

  it('converts traditional to simplified only when asked', () => {
    expect(toSimplified('這個軟體說話')).toBe('这个软体说话');
    expect(normalizeText('這個', {})).toBe('這個');
    expect(normalizeText('這個', { traditionalToSimplified: true })).toBe('这个');
  });

  it('collapses whitespace but keeps line breaks', () => {
    expect(collapseWhitespace('  a \t b \n  c  ')).toBe('a b\nc');
    expect(normalizeText('a\u00a0\u00a0b', {})).toBe('a b');
  });

  it('reports keep when nothing changes and change with the new text otherwise', () => {
    const op = createNormalize({ op: 'normalize' });
    expect(op.apply('hello 世界', 0)).toEqual({ kind: 'keep' });
    expect(op.apply('ｈｅｌｌｏ　世界', 0)).toEqual({ kind: 'change', text: 'hello 世界' });
  });
});
