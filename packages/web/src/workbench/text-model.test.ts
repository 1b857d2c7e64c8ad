import { describe, expect, it } from 'vitest';
import { TextModel } from './text-model.ts';
import { cursorRange, moveCursor, type TextCursor } from './text-cursor.ts';

const family = '👨‍👩‍👧'; // 5 code points, 8 UTF-16 units, 1 grapheme
const accented = 'e\u0301'; // 2 code points, 1 grapheme

describe('TextModel', () => {
  it('converts between code points and UTF-16 with Chinese, emoji and combining marks', () => {
    const m = new TextModel(`李明😀${family}${accented}x`);
    expect(m.length).toBe(2 + 1 + 5 + 2 + 1);
    expect(m.toUtf16(2)).toBe(2);
    expect(m.toUtf16(3)).toBe(4); // after 😀
    expect(m.toUtf16(8)).toBe(12); // after the family
    expect(m.toCodePoint(12)).toBe(8);
    expect(m.slice(3, 8)).toBe(family);
    expect(m.slice(8, 10)).toBe(accented);
  });

  it('moves by grapheme: an emoji sequence or an accented letter is one step', () => {
    const m = new TextModel(`a${family}${accented}😀b`);
    const stops: number[] = [0];
    let cp = 0;
    while (cp < m.length) stops.push((cp = m.next(cp)));
    expect(stops).toEqual([0, 1, 6, 8, 9, 10]);
    const back: number[] = [m.length];
    while (cp > 0) back.push((cp = m.prev(cp)));
    expect(back).toEqual([10, 9, 8, 6, 1, 0]);
  });

  it('snaps UTF-16 positions to grapheme boundaries', () => {
    const m = new TextModel(`a${family}b`);
    // 3 is inside the family (after the first person's surrogate pair).
    expect(m.snapStartUtf16(3)).toBe(1);
    expect(m.snapEndUtf16(3)).toBe(9);
    expect(m.snapStartUtf16(1)).toBe(1);
    expect(m.snapEndUtf16(9)).toBe(9);
    expect(m.snapEndUtf16(0)).toBe(0);
    expect(m.snapStartUtf16(m.text.length)).toBe(m.text.length);
  });

  it('finds line starts and ends', () => {
    const m = new TextModel('第一行\n😀二行\n三');
    expect(m.lineStart(6)).toBe(4);
    expect(m.lineEnd(4)).toBe(7);
    expect(m.lineEnd(8)).toBe(9);
    expect(m.lineStart(2)).toBe(0);
  });
});

describe('moveCursor', () => {
  const m = new TextModel(`北京${family}大学`);
  const at = (n: number): TextCursor => ({ anchor: n, focus: n });

  it('moves and extends by grapheme', () => {
    expect(moveCursor(m, at(0), 'right', false)).toEqual(at(1));
    let c = moveCursor(m, at(2), 'right', true);
    expect(c).toEqual({ anchor: 2, focus: 7 });
    c = moveCursor(m, c, 'right', true);
    expect(cursorRange(c)).toEqual({ start: 2, end: 8 });
    expect(moveCursor(m, at(7), 'left', false)).toEqual(at(2));
  });

  it('collapses a selection to the edge in the direction of travel', () => {
    expect(moveCursor(m, { anchor: 5, focus: 2 }, 'right', false)).toEqual(at(5));
    expect(moveCursor(m, { anchor: 2, focus: 5 }, 'left', false)).toEqual(at(2));
  });

  it('stops at the ends and jumps with Home/End', () => {
    expect(moveCursor(m, at(0), 'left', false)).toEqual(at(0));
    expect(moveCursor(m, at(m.length), 'right', false)).toEqual(at(m.length));
    expect(moveCursor(m, at(3), 'lineEnd', true)).toEqual({ anchor: 3, focus: m.length });
    expect(moveCursor(m, at(3), 'lineStart', false)).toEqual(at(0));
  });
});
