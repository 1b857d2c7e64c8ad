import { describe, it, expect } from 'vitest';
import { rover } from './rover.js';

// Source: J. G. Fiscus (1997), "A post-processing system to yield reduced word error rates: Recognizer Output
// Voting Error Reduction (ROVER)", IEEE ASRU, section 2.1 (iterative DP alignment into a word transition
// network, null arcs '@') and 2.2 (voting; with alpha = 1 the score is the word's frequency of occurrence
// N(w)/Ns, and '@' is a candidate like any word). The paper's figures show network shapes, not numbers we
// could check, so the expectations below are worked out by hand from those two sections.

describe('rover (word unit)', () => {
  it('majority vote per slot', () => {
    expect(rover(['the cat sat', 'the bat sat', 'the cat sat'], { unit: 'word' })).toBe('the cat sat');
  });

  it('a null arc can win and drop the slot; a word inserted by one transcript of three is dropped', () => {
    expect(rover(['the cat sat', 'the cat sat down', 'a cat sat'], { unit: 'word' })).toBe('the cat sat');
  });

  it('a word deleted by a minority survives; one deleted by the majority goes', () => {
    expect(rover(['a b c', 'a c', 'a b c'], { unit: 'word' })).toBe('a b c');
    expect(rover(['a b c', 'a c', 'a c'], { unit: 'word' })).toBe('a c');
  });

  it('ties go to the earliest transcript', () => {
    expect(rover(['alpha', 'beta'], { unit: 'word' })).toBe('alpha');
    expect(rover(['beta', 'alpha'], { unit: 'word' })).toBe('beta');
    // 1 vote for "down" vs 1 null arc: the first transcript has the word, so it stays.
    expect(rover(['sit down', 'sit'], { unit: 'word' })).toBe('sit down');
    expect(rover(['sit', 'sit down'], { unit: 'word' })).toBe('sit');
  });

  it('slots opened by a later transcript give earlier transcripts null arcs', () => {
    // "big" is inserted by transcripts 2 and 3: 2 votes against 1 null arc from transcript 1.
    expect(rover(['the dog', 'the big dog', 'the big dog'], { unit: 'word' })).toBe('the big dog');
  });

  it('edge cases: no transcripts, one transcript, empty transcripts, extra whitespace', () => {
    expect(rover([], { unit: 'word' })).toBe('');
    expect(rover(['  only   one  '], { unit: 'word' })).toBe('only one');
    expect(rover(['', '', 'noise'], { unit: 'word' })).toBe('');
  });

  it('is idempotent on identical transcripts', () => {
    expect(rover(['x y z', 'x y z', 'x y z'], { unit: 'word' })).toBe('x y z');
  });
});

describe('rover (char unit, code points)', () => {
  it('Chinese: per-character majority, joined without spaces', () => {
    expect(rover(['今天天气很好', '今天天汽很好', '今天天气真好'], { unit: 'char' })).toBe('今天天气很好');
  });

  it('Chinese: an inserted character from one of three transcripts is dropped, a deleted one restored', () => {
    expect(rover(['我爱北京', '我爱北京啊', '我北京'], { unit: 'char' })).toBe('我爱北京');
  });

  it('astral characters are single tokens', () => {
    expect(rover(['好😀', '好😁', '好😀'], { unit: 'char' })).toBe('好😀');
  });
});
