import { CodePointIndex, codePointLength } from '@yungang/core';

// Grapheme clusters are found in a window around a position, so a move costs the same in a 100 KB text
// as in a short one. No real cluster (emoji ZWJ sequences, stacked combining marks) comes near this size.
const WINDOW = 64;

let segmenter: Intl.Segmenter | null = null;
function graphemes(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

/**
 * One data field's text, addressed in Unicode code points (the unit of span offsets) with conversions to
 * UTF-16 (the unit of the DOM) and grapheme-aware caret movement, so a caret never lands inside 👨‍👩‍👧 or
 * between a letter and its combining accent.
 */
export class TextModel {
  readonly text: string;
  /** Length in code points. */
  readonly length: number;
  private readonly index: CodePointIndex;

  constructor(text: string) {
    this.text = text;
    this.length = codePointLength(text);
    this.index = new CodePointIndex(text);
  }

  toUtf16(cp: number): number {
    return this.index.toUtf16(Math.max(0, Math.min(this.length, cp)));
  }

  toCodePoint(u16: number): number {
    return this.index.toCodePoint(Math.max(0, Math.min(this.text.length, u16)));
  }

  /** Text between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }

  /** UTF-16 bounds of the grapheme cluster that contains UTF-16 position `u16` (0 <= u16 < text.length). */
  private clusterAt(u16: number): [number, number] {
    const from = Math.max(0, u16 - WINDOW);
    const to = Math.min(this.text.length, u16 + WINDOW);
    for (const { index, segment } of graphemes().segment(this.text.slice(from, to))) {
      const start = from + index;
      const end = start + segment.length;
      if (u16 >= start && u16 < end) return [start, end];
    }
    return [u16, u16 + 1];
  }

  /** The grapheme boundary at or before UTF-16 position `u16`. */
  snapStartUtf16(u16: number): number {
    const u = Math.max(0, Math.min(this.text.length, u16));
    return u >= this.text.length ? this.text.length : this.clusterAt(u)[0];
  }

  /** The grapheme boundary at or after UTF-16 position `u16`. */
  snapEndUtf16(u16: number): number {
    const u = Math.max(0, Math.min(this.text.length, u16));
    if (u === 0) return 0;
    const [start, end] = this.clusterAt(u - 1);
    return u === start ? u : end;
  }

  /** Caret position one grapheme after `cp` (code points). */
  next(cp: number): number {
    const u = this.toUtf16(cp);
    if (u >= this.text.length) return this.length;
    return this.toCodePoint(this.clusterAt(u)[1]);
  }

  /** Caret position one grapheme before `cp` (code points). */
  prev(cp: number): number {
    const u = this.toUtf16(cp);
    if (u <= 0) return 0;
    return this.toCodePoint(this.clusterAt(u - 1)[0]);
  }

  /** Start of the line containing `cp`. */
  lineStart(cp: number): number {
    const u = this.toUtf16(cp);
    return this.toCodePoint(this.text.lastIndexOf('\n', u - 1) + 1);
  }

  /** End of the line containing `cp` (before its newline). */
  lineEnd(cp: number): number {
    const u = this.toUtf16(cp);
    const nl = this.text.indexOf('\n', u);
    return nl === -1 ? this.length : this.toCodePoint(nl);
  }
}
