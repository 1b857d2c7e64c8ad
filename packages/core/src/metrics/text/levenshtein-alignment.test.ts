import { describe, it, expect } from 'vitest';
import { alignTokens } from './levenshtein-alignment.js';
import type { AlignmentOp } from './levenshtein-alignment.js';
import { seededRandom } from '../../random/seeded-random.js';

const MARK: Record<AlignmentOp['type'], string> = { equal: ' ', substitute: 'S', delete: 'D', insert: 'I' };
const marks = (ref: string, hyp: string): string =>
  alignTokens([...ref], [...hyp])
    .ops.map((op) => MARK[op.type])
    .join('');

// Plain O(nm) distance, the obviously-right reference for the property tests.
function distance<T>(a: readonly T[], b: readonly T[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1), (prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

describe('alignTokens: tie-breaking matches jiwer (rapidfuzz opcodes)', () => {
  // Expected mark rows are copied from jiwer's tests/test_alignment.py (jitsi/jiwer @ c1b0d5e,
  // class TestAlignmentVisualizationCharacters), which prints one S/I/D mark (or a blank for a hit) per
  // aligned character. Equal-cost alignments differ exactly in these rows, so they pin the tie-breaking.
  it('test_all_three: "this is a test of skill" vs "this was a messy test"', () => {
    expect(marks('this is a test of skill', 'this was a messy test')).toBe('     IS    S  IS SSD SDDD');
  });

  it('test_show_measures: S=4 D=29 I=0 H=10 and its mark row', () => {
    const ref = 'this test will  have a high word error rate';
    const hyp = 'no it will not';
    expect(marks(ref, hyp)).toBe('SSDD SDD       SDDDDDDDDDDDDD DDDDDDDDDDD D');
    const { substitutions, deletions, insertions, hits } = alignTokens([...ref], [...hyp]);
    expect({ substitutions, deletions, insertions, hits }).toEqual({ substitutions: 4, deletions: 29, insertions: 0, hits: 10 });
  });

  it('test_multiple_sentences: "one" vs "1" is S then D D, not D D then S', () => {
    expect(marks('one', '1')).toBe('SDD');
    expect(marks('two', '2')).toBe('SDD');
  });

  it('test_line_width: "this sentence could be split" vs "this sentence will be split by ai"', () => {
    expect(marks('this sentence could be split', 'this sentence will be split by ai')).toBe(
      '              SSS D         IIIIII',
    );
  });

  it('test_insertion / test_deletion / test_substitution / test_empty_*', () => {
    expect(marks('this is a', 'this is a test')).toBe('         IIIII');
    expect(marks('this is a test', 'this is a')).toBe('         DDDDD');
    expect(marks('this is a test', 'this iz a test')).toBe('      S       ');
    expect(marks('empty', '')).toBe('DDDDD');
    expect(marks('', 'inserted')).toBe('IIIIIIII');
  });

  it('word level, jiwer TestAlignmentVisualizationWords.test_all_three: S, I, D, D', () => {
    const ops = alignTokens('this is a test of skill'.split(' '), 'this was a messy test'.split(' ')).ops;
    expect(ops.map((op) => MARK[op.type]).join('')).toBe(' S I DD');
  });
});

describe('alignTokens: properties', () => {
  it('S + D + I is the Levenshtein distance; S + D + H = |ref|; S + I + H = |hyp|; ops are in order', () => {
    const random = seededRandom(7);
    const alphabet = ['a', 'b', 'c', '中', '😀'];
    for (let run = 0; run < 400; run++) {
      const pick = (): string[] =>
        Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)] ?? 'a');
      const ref = pick();
      const hyp = pick();
      const result = alignTokens(ref, hyp);
      expect(result.substitutions + result.deletions + result.insertions).toBe(distance(ref, hyp));
      expect(result.substitutions + result.deletions + result.hits).toBe(ref.length);
      expect(result.substitutions + result.insertions + result.hits).toBe(hyp.length);
      const refIndices = result.ops.flatMap((op) => ('ref' in op ? [op.ref] : []));
      const hypIndices = result.ops.flatMap((op) => ('hyp' in op ? [op.hyp] : []));
      expect(refIndices).toEqual(ref.map((_, k) => k));
      expect(hypIndices).toEqual(hyp.map((_, k) => k));
      for (const op of result.ops) {
        if (op.type === 'equal') expect(ref[op.ref]).toBe(hyp[op.hyp]);
        if (op.type === 'substitute') expect(ref[op.ref]).not.toBe(hyp[op.hyp]);
      }
    }
  });

  it('handles more than 32 and 64 reference tokens (bit rows span several words)', () => {
    const ref = Array.from({ length: 100 }, (_, k) => String(k % 7));
    const hyp = Array.from({ length: 90 }, (_, k) => String((k * 3) % 7));
    const result = alignTokens(ref, hyp);
    expect(result.substitutions + result.deletions + result.insertions).toBe(distance(ref, hyp));
  });
});
