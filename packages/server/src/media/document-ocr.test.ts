import { describe, expect, it } from 'vitest';
import { assemblePageText } from '@yungang/core';
import { ocrWords } from './document-ocr.js';

const row = (level: number, line: number, left: number, top: number, w: number, h: number, conf: number, text: string) => [level, 1, 1, 1, line, 1, left, top, w, h, conf, text].join('\t');

describe('ocrWords', () => {
  it('reads TSV words in order, boxes in percent of the page, marking line ends; CJK joins without spaces', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      row(1, 0, 0, 0, 1000, 2000, -1, ''),
      row(4, 1, 100, 200, 300, 50, -1, ''),
      row(5, 1, 100, 200, 50, 50, 96.5, '关'),
      row(5, 1, 150, 200, 50, 50, 91, '于'),
      row(5, 1, 200, 200, 100, 50, 88, 'PDF'),
      row(5, 2, 100, 300, 80, 40, 90, 'No.'),
      row(5, 2, 190, 300, 20, 40, 85, '5'),
      row(5, 2, 220, 300, 20, 40, -1, ' '),
    ].join('\n');
    const { words, confidence } = ocrWords(tsv);
    expect(words.map((w) => [w.text, w.lineEnd])).toEqual([
      ['关', false],
      ['于', false],
      ['PDF', true],
      ['No.', false],
      ['5', true],
    ]);
    expect(words[0]).toMatchObject({ x: 10, y: 10, w: 5, h: 2.5, conf: 96.5 });
    expect(confidence).toBeCloseTo((96.5 + 91 + 88 + 90 + 85) / 5, 5);
    expect(assemblePageText(words).text).toBe('关于 PDF\nNo. 5');
  });

  it('gives nothing for an empty page', () => {
    expect(ocrWords('level\tpage_num\n')).toEqual({ words: [], confidence: null });
  });
});
