/**
 * A document's layout as media intake stores it (docs/documents.md): a small manifest naming each page's
 * picture, thumbnail and text layer (one blob per page, so a 300-page document opens without reading
 * them all), and the pure rules that turn positioned words into a page's text with offsets.
 *
 * Offsets are Unicode code points. The document's text is every page's text joined by one "\n"; page
 * `p` (1-based) occupies `[offset, offset + length)` of it, which is what span results point into.
 */

/** Where a page's text came from: the PDF's own text layer, OCR of its picture, or nowhere (blank page). */
export type PageTextSource = 'text' | 'ocr' | 'none';

export interface DocumentPageInfo {
  /** Page size in PDF points (1/72 inch), upright (after the page's own rotation). */
  width: number;
  height: number;
  /** The rendered picture (WebP) and its thumbnail, by blob SHA-256. */
  image: string;
  imageWidth: number;
  imageHeight: number;
  thumb: string;
  /** The page's text layer blob (`DocumentPageText` JSON). */
  text: string;
  /** Code-point offset of the page's text in the document's text, and its length. */
  offset: number;
  length: number;
  source: PageTextSource;
  /** Mean word confidence of OCR, 0..100 (OCR pages only). */
  confidence?: number;
}

export interface DocumentLayout {
  version: 1;
  pages: DocumentPageInfo[];
  /** Length of the document's text in code points (pages joined by "\n"). */
  textLength: number;
}

/** One positioned run of text (a PDF text item or an OCR word) on a page, in percent of the page. */
export interface PageTextItem {
  /** Code-point offsets into the page's text, end exclusive. */
  start: number;
  end: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** OCR confidence 0..100. */
  conf?: number;
}

export interface DocumentPageText {
  version: 1;
  page: number;
  source: PageTextSource;
  text: string;
  items: PageTextItem[];
}

/** A word as an extractor finds it: its text and box in percent of the page, in reading order. */
export interface PositionedWord {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  conf?: number;
  /** The word ends a line (a "\n" follows it in the page's text). */
  lineEnd?: boolean;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3ffff}]/u;
const cpLength = (s: string) => Array.from(s).length;

/**
 * The page's text and its items from words in reading order: words of a line are joined by a space,
 * except between two CJK characters (Chinese has none, and OCR gives one "word" per character); lines
 * are joined by "\n". Empty words are dropped.
 */
export function assemblePageText(words: readonly PositionedWord[]): { text: string; items: PageTextItem[] } {
  let text = '';
  let length = 0;
  const items: PageTextItem[] = [];
  let lineOpen = false;
  let last = '';
  for (const word of words) {
    const s = word.text.replace(/\s+/gu, ' ').trim();
    if (s === '') {
      if (word.lineEnd && lineOpen) {
        text += '\n';
        length += 1;
        lineOpen = false;
      }
      continue;
    }
    if (lineOpen && !(CJK.test(last) && CJK.test(String.fromCodePoint(s.codePointAt(0)!)))) {
      text += ' ';
      length += 1;
    }
    const start = length;
    text += s;
    length += cpLength(s);
    last = String.fromCodePoint(s.codePointAt(s.length - 1 - (s.length > 1 && /[\udc00-\udfff]/.test(s.slice(-1)) ? 1 : 0))!);
    items.push({ start, end: length, x: round(word.x), y: round(word.y), w: round(word.w), h: round(word.h), ...(word.conf !== undefined ? { conf: Math.round(word.conf) } : {}) });
    lineOpen = true;
    if (word.lineEnd) {
      text += '\n';
      length += 1;
      lineOpen = false;
    }
  }
  // A trailing line break carries nothing a span could want.
  if (text.endsWith('\n')) text = text.slice(0, -1);
  return { text, items };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Offsets of pages with these text lengths in the document's text (pages joined by one "\n"). */
export function pageOffsets(lengths: readonly number[]): { offsets: number[]; textLength: number } {
  const offsets: number[] = [];
  let at = 0;
  lengths.forEach((length, p) => {
    if (p > 0) at += 1;
    offsets.push(at);
    at += length;
  });
  return { offsets, textLength: at };
}

/** The 1-based page whose text holds document offset `offset` (the separator after a page counts to it). */
export function pageAtOffset(layout: Pick<DocumentLayout, 'pages'>, offset: number): number {
  let lo = 0;
  let hi = layout.pages.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.pages[mid]!.offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** A page counts as scanned when its text layer has fewer than this many non-space characters. */
export const MIN_TEXT_LAYER_CHARS = 8;

export function hasTextLayer(words: readonly PositionedWord[]): boolean {
  let n = 0;
  for (const w of words) n += cpLength(w.text.replace(/\s+/gu, ''));
  return n >= MIN_TEXT_LAYER_CHARS;
}
