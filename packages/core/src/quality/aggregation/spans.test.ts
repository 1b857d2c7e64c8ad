import { describe, expect, it } from 'vitest';
import { aggregateSpans } from './spans.js';
import type { SpanAnnotation } from './spans.js';

const ann = (worker: string, ...spans: [number, number, string][]): SpanAnnotation => ({
  worker,
  spans: spans.map(([start, end, label]) => ({ start, end, label })),
});

describe('aggregateSpans', () => {
  it('keeps positions a strict majority marked; an annotator who marked nothing still counts', () => {
    // 3 annotators → 2 votes needed. Positions 0–3 have a and b, position 4 only a.
    expect(aggregateSpans([ann('a', [0, 5, 'PER']), ann('b', [0, 4, 'PER']), ann('c')])).toEqual([
      { start: 0, end: 4, label: 'PER', workers: ['a', 'b'], minSupport: 2, maxSupport: 2 },
    ]);
  });

  it('takes the boundary most annotators drew', () => {
    // Position 0: a only; 1–4: a, b, c; 5: c only.
    expect(aggregateSpans([ann('a', [0, 5, 'PER']), ann('b', [1, 5, 'PER']), ann('c', [1, 6, 'PER'])])).toEqual([
      { start: 1, end: 5, label: 'PER', workers: ['a', 'b', 'c'], minSupport: 3, maxSupport: 3 },
    ]);
  });

  it('votes between labels and reports only the supporters of the winning label', () => {
    expect(aggregateSpans([ann('a', [0, 3, 'PER']), ann('b', [0, 3, 'ORG']), ann('c', [0, 3, 'PER'])])).toEqual([
      { start: 0, end: 3, label: 'PER', workers: ['a', 'c'], minSupport: 2, maxSupport: 2 },
    ]);
  });

  it('needs a strict majority: 2 of 4 is not enough by default, but is with minVotes 2', () => {
    const four = [ann('a', [0, 3, 'X']), ann('b', [0, 3, 'X']), ann('c'), ann('d')];
    expect(aggregateSpans(four)).toEqual([]);
    expect(aggregateSpans(four, { minVotes: 2 })).toHaveLength(1);
  });

  it('splits adjacent same-label spans where a majority drew a boundary, merges them otherwise', () => {
    const split = aggregateSpans([ann('a', [0, 3, 'PER'], [3, 6, 'PER']), ann('b', [0, 3, 'PER'], [3, 6, 'PER']), ann('c', [0, 6, 'PER'])]);
    expect(split.map(({ start, end }) => [start, end])).toEqual([[0, 3], [3, 6]]);
    const merged = aggregateSpans([ann('a', [0, 3, 'PER'], [3, 6, 'PER']), ann('b', [0, 6, 'PER']), ann('c', [0, 6, 'PER'])]);
    expect(merged.map(({ start, end }) => [start, end])).toEqual([[0, 6]]);
  });

  it('counts one vote per annotator even where their own spans overlap', () => {
    const result = aggregateSpans([ann('a', [0, 5, 'X'], [3, 8, 'X']), ann('b', [0, 8, 'X'])], { minVotes: 2 });
    expect(result).toEqual([{ start: 0, end: 8, label: 'X', workers: ['a', 'b'], minSupport: 2, maxSupport: 2 }]);
  });

  it('reports the weakest and strongest support inside a span', () => {
    const result = aggregateSpans([ann('a', [0, 10, 'X']), ann('b', [0, 10, 'X']), ann('c', [2, 4, 'X'])]);
    expect(result).toEqual([{ start: 0, end: 10, label: 'X', workers: ['a', 'b', 'c'], minSupport: 2, maxSupport: 3 }]);
  });

  it('breaks a tie between labels at a position by code point', () => {
    const result = aggregateSpans([ann('a', [0, 2, 'B'], [0, 2, 'A']), ann('b', [0, 2, 'A'], [0, 2, 'B'])]);
    expect(result.map((s) => s.label)).toEqual(['A']);
  });

  it('does not depend on the order of annotators or spans', () => {
    const input = [ann('a', [4, 9, 'ORG'], [0, 3, 'PER']), ann('b', [0, 3, 'PER'], [5, 9, 'ORG']), ann('c', [0, 2, 'PER'], [5, 8, 'ORG'])];
    const expected = aggregateSpans(input);
    expect(expected.map(({ start, end, label }) => [start, end, label])).toEqual([[0, 3, 'PER'], [5, 9, 'ORG']]);
    expect(aggregateSpans([...input].reverse().map((a) => ({ ...a, spans: [...a.spans].reverse() })))).toEqual(expected);
  });

  it('returns nothing for no annotators', () => {
    expect(aggregateSpans([])).toEqual([]);
  });

  it('rejects malformed input, naming it', () => {
    expect(() => aggregateSpans([ann('a', [3, 3, 'X'])])).toThrow(/annotations\[0\]\.spans\[0\] must have integer code-point offsets 0 ≤ start < end, got \[3, 3\)/);
    expect(() => aggregateSpans([ann('a', [-1, 3, 'X'])])).toThrow(RangeError);
    expect(() => aggregateSpans([ann('a'), ann('a')])).toThrow(/annotations\[1\]\.worker 'a' appears twice/);
    expect(() => aggregateSpans([ann('a')], { minVotes: 0 })).toThrow(/options\.minVotes must be an integer ≥ 1, got 0/);
    expect(() => aggregateSpans([{ worker: 'a', spans: [{ start: 0, end: 1, label: 2 }] } as never])).toThrow(/spans\[0\]\.label must be a string/);
  });
});
