import { describe, expect, it } from 'vitest';
import { assemblePageText, hasTextLayer, pageAtOffset, pageOffsets } from './document-layout.js';

describe('assemblePageText', () => {
  it('joins Latin words with spaces, CJK characters without, lines with "\\n", offsets in code points', () => {
    const { text, items } = assemblePageText([
      { text: 'Issued', x: 10, y: 10, w: 5, h: 2 },
      { text: 'by:', x: 16, y: 10, w: 3, h: 2, lineEnd: true },
      { text: '国', x: 10, y: 20, w: 2, h: 2, conf: 91.4 },
      { text: '务', x: 12, y: 20, w: 2, h: 2, conf: 88 },
      { text: '𠀀院', x: 14, y: 20, w: 4, h: 2, lineEnd: true },
    ]);
    expect(text).toBe('Issued by:\n国务𠀀院');
    expect(items.map((i) => [i.start, i.end])).toEqual([
      [0, 6],
      [7, 10],
      [11, 12],
      [12, 13],
      [13, 15],
    ]);
    expect(items[2]!.conf).toBe(91);
  });

  it('drops empty words and counts a page with a few characters as having no text layer', () => {
    expect(assemblePageText([{ text: ' ', x: 0, y: 0, w: 0, h: 0 }]).text).toBe('');
    expect(hasTextLayer([{ text: '1', x: 0, y: 0, w: 1, h: 1 }])).toBe(false);
    expect(hasTextLayer([{ text: '关于开展数据安全检查', x: 0, y: 0, w: 1, h: 1 }])).toBe(true);
  });
});

describe('page offsets', () => {
  it('joins pages with one "\\n" and finds the page of an offset', () => {
    const { offsets, textLength } = pageOffsets([5, 0, 3]);
    expect(offsets).toEqual([0, 6, 7]);
    expect(textLength).toBe(10);
    const layout = { pages: offsets.map((offset) => ({ offset })) } as never;
    expect([0, 5, 6, 7, 9].map((o) => pageAtOffset(layout, o))).toEqual([1, 1, 2, 3, 3]);
  });
});
