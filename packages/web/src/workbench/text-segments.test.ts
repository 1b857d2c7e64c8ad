import { describe, expect, it } from 'vitest';
import { buildSegments, type SpanView } from './text-segments.ts';
import { TextModel } from './text-model.ts';

const view = (id: string, start: number, end: number): SpanView => ({ id, start, end, labels: [id], color: '#000000' });

describe('buildSegments', () => {
  it('splits only at span boundaries and cuts', () => {
    const m = new TextModel('李明在北京大学读书。');
    const segs = buildSegments(m, [view('PER', 0, 2), view('ORG', 3, 7)], [], null);
    expect(segs.map((s) => s.text)).toEqual(['李明', '在', '北京大学', '读书。']);
    expect(segs.map((s) => s.spans.map((x) => x.id))).toEqual([['PER'], [], ['ORG'], []]);
    expect(segs[2]?.closes.map((x) => x.id)).toEqual(['ORG']);
  });

  it('handles nested and overlapping spans, outer first', () => {
    const m = new TextModel('北京大学医学部');
    const segs = buildSegments(m, [view('LOC', 0, 2), view('ORG', 0, 4), view('X', 3, 7)], [], null);
    expect(segs.map((s) => [s.text, s.spans.map((x) => x.id).join('+')])).toEqual([
      ['北京', 'ORG+LOC'],
      ['大', 'ORG'],
      ['学', 'ORG+X'],
      ['医学部', 'X'],
    ]);
  });

  it('uses UTF-16 bounds for astral text and marks the selection', () => {
    const m = new TextModel('😀李明😀');
    const segs = buildSegments(m, [view('PER', 1, 3)], [4], { start: 0, end: 1 });
    expect(segs.map((s) => [s.text, s.u16Start, s.u16End, s.selected])).toEqual([
      ['😀', 0, 2, true],
      ['李明', 2, 4, false],
      ['😀', 4, 6, false],
    ]);
  });

  it('stays small for a long text with few spans', () => {
    const m = new TextModel('云冈'.repeat(50_000));
    const segs = buildSegments(m, [view('A', 10, 20), view('B', 99_000, 99_990)], [500], null);
    expect(segs).toHaveLength(6);
    expect(segs.reduce((n, s) => n + s.text.length, 0)).toBe(100_000);
  });

  it('ignores spans outside the text and returns nothing for an empty text', () => {
    expect(buildSegments(new TextModel(''), [view('A', 0, 1)], [0], null)).toEqual([]);
    const segs = buildSegments(new TextModel('ab'), [view('A', 5, 9)], [], null);
    expect(segs.map((s) => s.text)).toEqual(['ab']);
  });
});
