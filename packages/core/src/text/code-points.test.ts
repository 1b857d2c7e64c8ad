import { describe, it, expect } from 'vitest';
import { CodePointIndex, codePointLength, sliceCodePoints } from './code-points.js';
import { seededRandom } from '../random/seeded-random.js';

const FAMILY = '👨‍👩‍👧'; // 3 astral people + 2 ZWJ: 5 code points, 8 UTF-16 units
const E_ACUTE = 'e\u0301'; // e + combining acute: 2 code points

// Reference implementations: obviously right, slow.
function naiveToUtf16(text: string, cp: number): number {
  return [...text].slice(0, cp).join('').length;
}
function naiveToCodePoint(text: string, unit: number): number {
  let units = 0;
  let cp = 0;
  for (const ch of text) {
    if (units + ch.length > unit) return cp;
    units += ch.length;
    cp++;
  }
  return cp;
}

const PIECES = ['a', 'Z', ' ', '中', '文', '😀', '𠀀', FAMILY, E_ACUTE, '\u200d', '\ud800', '\udc00', '\n'];
function randomText(random: () => number, pieces: number): string {
  let s = '';
  for (let i = 0; i < pieces; i++) s += PIECES[Math.floor(random() * PIECES.length)];
  return s;
}

describe('codePointLength', () => {
  it('counts code points, not UTF-16 units or graphemes', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('中文文本')).toBe(4);
    expect(codePointLength('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(codePointLength(FAMILY)).toBe(5);
    expect(FAMILY.length).toBe(8);
    expect(codePointLength(E_ACUTE)).toBe(2);
    expect(codePointLength('\u00e9')).toBe(1);
  });

  it('counts a lone surrogate as one code point, like string iteration', () => {
    for (const s of ['\ud800', '\udc00', 'a\ud800b', '\udc00\ud800', '\ud800\ud800\udc00', '\ud83d\ude00\udc00']) {
      expect(codePointLength(s)).toBe([...s].length);
    }
  });

  it('agrees with [...s].length on random text', () => {
    const random = seededRandom(1);
    for (let n = 0; n < 300; n++) {
      const s = randomText(random, 30);
      expect(codePointLength(s)).toBe([...s].length);
    }
  });
});

describe('sliceCodePoints', () => {
  it('slices by code points', () => {
    expect(sliceCodePoints('张三在北京', 0, 2)).toBe('张三');
    expect(sliceCodePoints('😀张三', 1, 3)).toBe('张三');
    expect(sliceCodePoints(`${FAMILY}x`, 0, 5)).toBe(FAMILY);
    expect(sliceCodePoints(`${FAMILY}x`, 5)).toBe('x');
    expect(sliceCodePoints(`caf${E_ACUTE}!`, 3, 5)).toBe(E_ACUTE);
    expect(sliceCodePoints(`caf${E_ACUTE}!`, 3, 4)).toBe('e');
  });

  it('clamps to the text and returns "" for empty ranges', () => {
    expect(sliceCodePoints('abc', -5, 2)).toBe('ab');
    expect(sliceCodePoints('abc', 1, 99)).toBe('bc');
    expect(sliceCodePoints('abc', 3)).toBe('');
    expect(sliceCodePoints('abc', 5, 9)).toBe('');
    expect(sliceCodePoints('abc', 2, 1)).toBe('');
    expect(sliceCodePoints('abc', 1, 1)).toBe('');
    expect(sliceCodePoints('', 0)).toBe('');
  });

  it('agrees with slicing [...s] on random text', () => {
    const random = seededRandom(2);
    for (let n = 0; n < 300; n++) {
      const s = randomText(random, 20);
      const cps = [...s];
      const a = Math.floor(random() * (cps.length + 2));
      const b = Math.floor(random() * (cps.length + 2));
      expect(sliceCodePoints(s, a, b)).toBe(cps.slice(a, Math.max(a, b)).join(''));
    }
  });
});

describe('CodePointIndex', () => {
  it('converts around emoji, ZWJ sequences and combining marks', () => {
    const text = `a😀${FAMILY}中${E_ACUTE}`;
    const index = new CodePointIndex(text);
    expect(index.length).toBe(1 + 1 + 5 + 1 + 2);
    expect(index.utf16Length).toBe(text.length);
    expect(index.toUtf16(0)).toBe(0);
    expect(index.toUtf16(1)).toBe(1);
    expect(index.toUtf16(2)).toBe(3);
    expect(index.toUtf16(7)).toBe(11);
    expect(index.toUtf16(index.length)).toBe(text.length);
    expect(index.toCodePoint(3)).toBe(2);
    expect(index.toCodePoint(text.length)).toBe(index.length);
  });

  it('rounds a UTF-16 offset inside a surrogate pair down to the pair', () => {
    const index = new CodePointIndex('a😀b');
    expect(index.toCodePoint(1)).toBe(1);
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.toCodePoint(3)).toBe(2);
  });

  it('is the identity for text without astral characters', () => {
    const index = new CodePointIndex(`中文${E_ACUTE}`);
    for (let i = 0; i <= 4; i++) {
      expect(index.toUtf16(i)).toBe(i);
      expect(index.toCodePoint(i)).toBe(i);
    }
  });

  it('rejects offsets outside the text', () => {
    const index = new CodePointIndex('😀');
    expect(() => index.toUtf16(-1)).toThrow(RangeError);
    expect(() => index.toUtf16(2)).toThrow(RangeError);
    expect(() => index.toUtf16(0.5)).toThrow(RangeError);
    expect(() => index.toCodePoint(3)).toThrow(RangeError);
    expect(() => index.toCodePoint(Number.NaN)).toThrow(RangeError);
  });

  it('agrees with a naive implementation on random text with astral characters and lone surrogates', () => {
    const random = seededRandom(3);
    for (let n = 0; n < 200; n++) {
      const text = randomText(random, 25);
      const index = new CodePointIndex(text);
      expect(index.length).toBe([...text].length);
      for (let cp = 0; cp <= index.length; cp++) expect(index.toUtf16(cp)).toBe(naiveToUtf16(text, cp));
      for (let unit = 0; unit <= text.length; unit++) expect(index.toCodePoint(unit)).toBe(naiveToCodePoint(text, unit));
    }
  });

  it('round-trips code points', () => {
    const random = seededRandom(4);
    const text = randomText(random, 500);
    const index = new CodePointIndex(text);
    for (let cp = 0; cp <= index.length; cp++) expect(index.toCodePoint(index.toUtf16(cp))).toBe(cp);
  });

  it('is fast on a 100k-character text', () => {
    const random = seededRandom(5);
    let text = '';
    while (text.length < 100_000) text += randomText(random, 100);
    const started = performance.now();
    const index = new CodePointIndex(text);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const cp = Math.floor(random() * (index.length + 1));
      sum += index.toUtf16(cp);
      sum += index.toCodePoint(Math.floor(random() * (text.length + 1)));
    }
    const elapsed = performance.now() - started;
    expect(sum).toBeGreaterThan(0);
    // A naive O(n) conversion would take seconds here; generous bound for slow CI machines.
    expect(elapsed).toBeLessThan(500);
    // Spot-check correctness at scale against the naive version.
    for (const cp of [0, 1, 12_345, index.length]) expect(index.toUtf16(cp)).toBe(naiveToUtf16(text, cp));
  });
});
