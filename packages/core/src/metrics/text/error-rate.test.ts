import { describe, it, expect } from 'vitest';
import { characterErrorRate, wordErrorRate } from './error-rate.js';

// Sources (jitsi/jiwer @ c1b0d5e, read for expected numbers only):
//   README.md "Usage": wer("hello world", "hello duck"); "A note on empty references": the asserted values.
//   tests/test_measures.py test_known_values: values from Morris, Maier & Green (2004), "From WER and RIL to
//     MER and WIL: improved evaluation measures for connected speech recognition", as (wer, mer, wil).
//   tests/test_cer.py: CER known values; tests/test_empty_ref.py: empty-reference conventions.
//   tests/test_alignment.py test_show_measures: substitutions=3 deletions=5 insertions=0 hits=1,
//     mer=88.89% wil=97.22% wip=2.78% wer=88.89%.

describe('wordErrorRate', () => {
  it('README: "hello world" vs "hello duck" is 0.5', () => {
    expect(wordErrorRate('hello world', 'hello duck').rate).toBe(0.5);
  });

  it.each([
    // [reference, hypothesis, wer, mer, wil] from jiwer test_known_values (Morris et al. 2004)
    ['X', 'X', 0, 0, 0],
    ['X', 'X X Y Y', 3, 0.75, 0.75],
    ['X Y X', 'X Z', 2 / 3, 2 / 3, 5 / 6],
    ['X', 'Y', 1, 1, 1],
    ['X', 'Y Z', 2, 1, 1],
    // jiwer test_input_gt_string_h_string
    ['This is a test', 'This is a test', 0, 0, 0],
    ['This is a test', '', 1, 1, 1],
    ['This is a test', 'This test', 0.5, 0.5, 0.5],
    // jiwer test_different_sentence_length_equal_type, second case
    ['i am a short ground truth', 'i am a considerably longer and very much incorrect hypothesis', 7 / 6, 0.7, 0.85],
  ])('Morris et al. / jiwer known values: %j vs %j', (ref, hyp, wer, mer, wil) => {
    const result = wordErrorRate(ref, hyp);
    expect(result.rate).toBeCloseTo(wer, 12);
    expect(result.mer).toBeCloseTo(mer, 12);
    expect(result.wil).toBeCloseTo(wil, 12);
    expect(result.wip).toBeCloseTo(1 - wil, 12);
  });

  it('jiwer test_show_measures: counts and measures (double space in the reference is not a word)', () => {
    const result = wordErrorRate('this test will  have a high word error rate', 'no it will not');
    expect(result).toMatchObject({ substitutions: 3, deletions: 5, insertions: 0, hits: 1 });
    expect(result.rate).toBeCloseTo(0.8889, 4);
    expect(result.mer).toBeCloseTo(0.8889, 4);
    expect(result.wil).toBeCloseTo(0.9722, 4);
    expect(result.wip).toBeCloseTo(0.0278, 4);
  });

  it('jiwer test_permutations_variance: corpus counts are summed over sentence pairs', () => {
    const result = wordErrorRate(['am i good', 'i'], ['i good', 'i am']);
    expect(result.rate).toBeCloseTo(0.5, 12);
    expect(result.mer).toBeCloseTo(0.4, 12);
    expect(result.wil).toBeCloseTo(7 / 16, 12);
  });

  it('README "A note on empty references" and tests/test_empty_ref.py', () => {
    expect(wordErrorRate('', '')).toEqual({ substitutions: 0, deletions: 0, insertions: 0, hits: 0, rate: 0, mer: 0, wil: 0, wip: 1 });
    expect(wordErrorRate('', 'silence').rate).toBe(1);
    expect(wordErrorRate('', 'peaceful silence').rate).toBe(2);
    expect(wordErrorRate('', 'now defined behaviour').insertions).toBe(3);
    expect(wordErrorRate('', 'hello')).toMatchObject({ rate: 1, mer: 1, wip: 0, wil: 1 });
    expect(wordErrorRate('hello', '')).toMatchObject({ deletions: 1, rate: 1, mer: 1, wip: 0, wil: 1 });
    // test_multiple_one_empty_ref
    const mixed = wordErrorRate(['hello world', ''], ['hello world', 'done']);
    expect(mixed.insertions).toBe(1);
    expect(mixed.rate).toBeCloseTo(1 / 2, 12);
    expect(mixed.mer).toBeCloseTo(1 / 3, 12);
    expect(mixed.wil).toBeCloseTo(1 / 3, 12);
    expect(mixed.wip).toBeCloseTo(2 / 3, 12);
  });

  it('rejects corpora of different lengths, as jiwer does (test_fail_on_different_sentence_length)', () => {
    expect(() => wordErrorRate(['hello', 'this', 'sentence', 'is fractured'], ['this sentence'])).toThrow(RangeError);
  });

  it('does not normalise unless asked', () => {
    expect(wordErrorRate('Hello, World', 'hello world').rate).toBe(1); // 'Hello,' and 'World' both differ from the hypothesis words
    expect(wordErrorRate('Hello, World', 'hello world', { lowercase: true, removePunctuation: true }).rate).toBe(0);
    // NFKC folds full-width Latin letters, common in Chinese-keyboard input.
    expect(wordErrorRate('ＡＢＣ ok', 'ABC ok', { unicodeForm: 'NFKC' }).rate).toBe(0);
  });

  it('splits on any whitespace, including the ideographic space U+3000', () => {
    expect(wordErrorRate('你好\u3000世界', '你好 世界').rate).toBe(0);
  });
});

describe('characterErrorRate', () => {
  it.each([
    // jiwer tests/test_cer.py: spaces count as characters ("This is a test" has 14)
    ['This is a test', 'This is a test', 0],
    ['This is a test', '', 14 / 14],
    ['This is a test', 'This test', 5 / 14],
    ['X', 'X', 0],
    ['X', 'X X Y Y', 6],
    ['X Y X', 'X Z', 3 / 5],
    ['X', 'Y', 1],
    ['X', 'Y Z', 3],
  ])('jiwer test_cer known values: %j vs %j', (ref, hyp, cer) => {
    expect(characterErrorRate(ref, hyp).rate).toBeCloseTo(cer, 12);
  });

  it('jiwer test_permutations_invariance: 0.6 in both orders', () => {
    expect(characterErrorRate(['i', 'am i good'], ['i am', 'i good']).rate).toBeCloseTo(0.6, 12);
    expect(characterErrorRate(['am i good', 'i'], ['i good', 'i am']).rate).toBeCloseTo(0.6, 12);
  });

  it('jiwer test_show_measures (characters): cer=76.74%, S=4 D=29 I=0 H=10', () => {
    const result = characterErrorRate('this test will  have a high word error rate', 'no it will not');
    expect(result).toMatchObject({ substitutions: 4, deletions: 29, insertions: 0, hits: 10 });
    expect(result.rate).toBeCloseTo(0.7674, 4);
  });

  it('README: cer("", "") = 0, cer("", "a") = 1, cer("", "abcde") = 5', () => {
    expect(characterErrorRate('', '').rate).toBe(0);
    expect(characterErrorRate('', 'a').rate).toBe(1);
    expect(characterErrorRate('', 'abcde').rate).toBe(5);
  });

  it('Chinese: one substitution in four characters', () => {
    expect(characterErrorRate('中文字幕', '中文子幕')).toEqual({ substitutions: 1, deletions: 0, insertions: 0, hits: 3, rate: 0.25 });
  });

  it('Chinese: deletion and insertion counted per code point', () => {
    // 今天天气很好 (6) -> 今天气很好啊: one 天 deleted, 啊 inserted
    expect(characterErrorRate('今天天气很好', '今天气很好啊')).toMatchObject({ deletions: 1, insertions: 1, substitutions: 0, hits: 5 });
    expect(characterErrorRate('今天天气很好', '今天气很好啊').rate).toBeCloseTo(2 / 6, 12);
  });

  it('an astral emoji is one character, not two UTF-16 units', () => {
    expect(characterErrorRate('好😀', '好😁')).toEqual({ substitutions: 1, deletions: 0, insertions: 0, hits: 1, rate: 0.5 });
    expect(characterErrorRate('😀', '')).toMatchObject({ deletions: 1, rate: 1 });
    expect(characterErrorRate('𠀀中', '中').rate).toBe(0.5); // U+20000, a CJK Extension B ideograph
  });

  it('strips outer whitespace like jiwer; inner whitespace counts unless removeWhitespace is set', () => {
    expect(characterErrorRate('  你好 ', '你好').rate).toBe(0);
    expect(characterErrorRate('你 好', '你好')).toMatchObject({ deletions: 1, hits: 2 });
    expect(characterErrorRate('你 好', '你好', { removeWhitespace: true }).rate).toBe(0);
    expect(characterErrorRate('你好。', '你好', { removePunctuation: true }).rate).toBe(0);
  });
});

describe('error rates: properties', () => {
  const samples = ['', 'a', 'a b c', '中文 识别', '今天 天气 很好 😀', 'the cat sat on the mat', 'x y x y x'];

  it('identical strings give 0 and only hits; S + D + H = N', () => {
    for (const ref of samples) {
      for (const hyp of samples) {
        const wer = wordErrorRate(ref, hyp);
        const n = ref.split(/\s+/u).filter(Boolean).length;
        expect(wer.substitutions + wer.deletions + wer.hits).toBe(n);
        const cer = characterErrorRate(ref, hyp);
        expect(cer.substitutions + cer.deletions + cer.hits).toBe([...ref.trim()].length);
        if (ref === hyp) {
          expect(wer.rate).toBe(0);
          expect(cer.rate).toBe(0);
          expect(wer.wip).toBe(1);
        }
      }
    }
  });

  it('swapping sides swaps deletions and insertions and keeps the edit count', () => {
    for (const ref of samples) {
      for (const hyp of samples) {
        const forward = wordErrorRate(ref, hyp);
        const backward = wordErrorRate(hyp, ref);
        expect(backward.deletions + backward.substitutions + backward.insertions).toBe(
          forward.deletions + forward.substitutions + forward.insertions,
        );
        expect(backward.hits + backward.substitutions + backward.insertions).toBe(forward.hits + forward.substitutions + forward.deletions);
        // MER is symmetric in ref and hyp: (S+D+I)/(H+S+D+I).
        expect(backward.mer).toBeCloseTo(forward.mer, 12);
      }
    }
  });

  it('mer and wil lie in [0, 1] and wil = 1 - wip', () => {
    for (const ref of samples) {
      for (const hyp of samples) {
        const { mer, wil, wip } = wordErrorRate(ref, hyp);
        expect(mer).toBeGreaterThanOrEqual(0);
        expect(mer).toBeLessThanOrEqual(1);
        expect(wil).toBeGreaterThanOrEqual(0);
        expect(wil).toBeLessThanOrEqual(1);
        expect(wil + wip).toBeCloseTo(1, 12);
      }
    }
  });
});
