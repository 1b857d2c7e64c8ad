import { describe, it, expect } from 'vitest';
import { assertLabel, compareCodePoints, compareLabels, uniqueSortedLabels } from './label.js';

describe('compareCodePoints', () => {
  it('orders by code point like Python, not by UTF-16 unit like JavaScript <', () => {
    const astral = '😀'; // U+1F600, stored as surrogates D83D DE00
    const bmpHigh = '\uffee'; // U+FFEE
    expect(astral < bmpHigh).toBe(true); // JavaScript's UTF-16 order
    expect(compareCodePoints(astral, bmpHigh)).toBeGreaterThan(0); // code-point order
    expect(compareCodePoints('a', 'b')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('x', 'x')).toBe(0);
    expect(compareCodePoints('B', 'a')).toBeLessThan(0); // uppercase first, no locale folding
  });
});

describe('compareLabels / uniqueSortedLabels', () => {
  it('sorts numbers numerically (not as strings) and puts them before strings', () => {
    expect(uniqueSortedLabels([10, 9, 'b', 1, 'a', 9])).toEqual([1, 9, 10, 'a', 'b']);
    expect([2, 'x', 1].sort(compareLabels)).toEqual([1, 2, 'x']);
  });
  it('keeps 1 and "1" apart', () => {
    expect(uniqueSortedLabels([1, '1'])).toEqual([1, '1']);
  });
});

describe('assertLabel', () => {
  it('rejects NaN and non-labels', () => {
    expect(() => assertLabel(Number.NaN, 'x')).toThrow(/NaN/);
    expect(() => assertLabel(true, 'x')).toThrow(/string or a number/);
    expect(() => assertLabel('ok', 'x')).not.toThrow();
  });
});
