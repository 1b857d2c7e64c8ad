import { describe, it, expect } from 'vitest';
import { spanF1 } from './span-f1.js';
import type { Span } from './span-f1.js';

/** BIO (IOB2) tags to spans over token positions, end exclusive; the tests treat one token as one offset unit. */
function bio(tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let open: Span | undefined;
  tags.forEach((tag, k) => {
    const [prefix, label = ''] = tag.split('-', 2) as [string, string?];
    if (open && (prefix !== 'I' || label !== open.label)) {
      spans.push(open);
      open = undefined;
    }
    if (prefix === 'B' || (prefix === 'I' && !open)) open = { start: k, end: k + 1, label };
    else if (prefix === 'I' && open) open.end = k + 1;
  });
  if (open) spans.push(open);
  return spans;
}

describe('spanF1 strict (seqeval entity-level)', () => {
  // seqeval README "Usage" (chakki-works/seqeval @ cd01b52): f1_score(y_true, y_pred) is 0.50 and
  // classification_report gives MISC 0.00/0.00/0.00 support 1, PER 1.00/1.00/1.00 support 1, micro avg 0.50.
  const yTrue = [
    ['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'],
    ['B-PER', 'I-PER', 'O'],
  ];
  const yPred = [
    ['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'],
    ['B-PER', 'I-PER', 'O'],
  ];

  it('seqeval README example: micro P = R = F1 = 0.5, per type as classification_report', () => {
    const result = spanF1(yTrue.map(bio), yPred.map(bio), { mode: 'strict' });
    expect(result.precision).toBe(0.5);
    expect(result.recall).toBe(0.5);
    expect(result.f1).toBe(0.5);
    expect(result.perLabel).toEqual({
      MISC: { precision: 0, recall: 0, f1: 0, support: 1 },
      PER: { precision: 1, recall: 1, f1: 1, support: 1 },
    });
  });

  it('the BIO helper yields the spans the example implies', () => {
    expect(yTrue.map(bio)).toEqual([[{ start: 3, end: 6, label: 'MISC' }], [{ start: 0, end: 2, label: 'PER' }]]);
  });

  it('a wrong label is a miss and a false positive', () => {
    const result = spanF1([[{ start: 0, end: 2, label: 'PER' }]], [[{ start: 0, end: 2, label: 'ORG' }]], { mode: 'strict' });
    expect(result).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(result.perLabel['ORG']).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('no gold and no predictions scores 0 (seqeval zero_division -> 0), not 1', () => {
    expect(spanF1([[]], [[]], { mode: 'strict' })).toEqual({ precision: 0, recall: 0, f1: 0, perLabel: {} });
    expect(spanF1([], [], { mode: 'partial' })).toEqual({ precision: 0, recall: 0, f1: 0, perLabel: {} });
  });

  it('documents are kept apart and duplicate spans count once (seqeval uses sets)', () => {
    const span = { start: 0, end: 1, label: 'X' };
    const result = spanF1([[span], []], [[], [span, span]], { mode: 'strict' });
    expect(result).toMatchObject({ precision: 0, recall: 0 });
    expect(spanF1([[span]], [[span, span]], { mode: 'strict' }).precision).toBe(1);
  });

  it('rejects different document counts', () => {
    expect(() => spanF1([[]], [], { mode: 'strict' })).toThrow(RangeError);
  });

  it('code-point offsets: Chinese entities', () => {
    // "马云在杭州创立了阿里巴巴": 马云 [0,2) PER, 杭州 [3,5) LOC, 阿里巴巴 [8,12) ORG
    const gold = [[{ start: 0, end: 2, label: 'PER' }, { start: 3, end: 5, label: 'LOC' }, { start: 8, end: 12, label: 'ORG' }]];
    const pred = [[{ start: 0, end: 2, label: 'PER' }, { start: 3, end: 5, label: 'LOC' }, { start: 8, end: 10, label: 'ORG' }]];
    const result = spanF1(gold, pred, { mode: 'strict' });
    expect(result.f1).toBeCloseTo(2 / 3, 12);
    expect(spanF1(gold, pred, { mode: 'partial' }).f1).toBeCloseTo(2.5 / 3, 12);
  });
});

describe('spanF1 partial (SemEval-2013 9.1 / nervaluate)', () => {
  // nervaluate README "Putting all together" (MantisAI/nervaluate @ fce0139): for the six scenarios of the
  // table above it (III missed, II spurious, V boundary, IV type, I exact, VI boundary + type), the Partial
  // column reads Correct 3, Incorrect 0, Partial 2, Missed 1, Spurious 1, Precision = Recall = F1 = 0.66.
  // The six rows alone give COR 2 (IV and I), not 3, so the totals imply one more exact match: we add a second
  // scenario-I entity to reproduce the published totals, and check the six rows alone give (2 + 1) / 5 = 0.6.
  // Scenario strings become one-document spans (words as offsets): "of warfarin" overlaps "warfarin" etc.
  const gold: Span[] = [
    { start: 0, end: 1, label: 'BRAND' }, // III tikosyn, missed
    { start: 11, end: 12, label: 'DRUG' }, // V warfarin
    { start: 20, end: 21, label: 'DRUG' }, // IV propranolol
    { start: 30, end: 31, label: 'DRUG' }, // I phenytoin
    { start: 41, end: 42, label: 'GROUP' }, // VI contraceptives
  ];
  const pred: Span[] = [
    { start: 5, end: 6, label: 'BRAND' }, // II healthy, spurious
    { start: 10, end: 12, label: 'DRUG' }, // V "of warfarin"
    { start: 20, end: 21, label: 'BRAND' }, // IV
    { start: 30, end: 31, label: 'DRUG' }, // I
    { start: 40, end: 42, label: 'DRUG' }, // VI "oral contraceptives"
  ];

  const extra: Span = { start: 50, end: 51, label: 'DRUG' };

  it('the six scenario rows alone: COR 2, PAR 2, MIS 1, SPU 1 -> (2 + 0.5 x 2) / 5 = 0.6', () => {
    const result = spanF1([gold], [pred], { mode: 'partial' });
    expect(result.precision).toBeCloseTo(0.6, 12);
    expect(result.recall).toBeCloseTo(0.6, 12);
  });

  it('README table totals: P = R = F1 = (3 + 0.5 x 2) / 6 = 0.666...', () => {
    const result = spanF1([[...gold, extra]], [[...pred, extra]], { mode: 'partial' });
    expect(result.precision).toBeCloseTo(4 / 6, 12);
    expect(result.recall).toBeCloseTo(4 / 6, 12);
    expect(result.f1).toBeCloseTo(4 / 6, 12);
  });

  it('per label: matches credit the gold label, spurious predictions their own label', () => {
    const { perLabel } = spanF1([[...gold, extra]], [[...pred, extra]], { mode: 'partial' });
    expect(perLabel['DRUG']).toEqual({ precision: 3.5 / 4, recall: 3.5 / 4, f1: 3.5 / 4, support: 4 });
    expect(perLabel['BRAND']).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 }); // 1 missed, 1 spurious
    expect(perLabel['GROUP']).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 1 });
  });

  // nervaluate tests/test_strategies.py TestPartialEvaluation, base_sequence
  // ["O","B-PER","I-PER","O","O","O","B-ORG","I-ORG"] ("The John Smith who works at Google Inc").
  const base = ['O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'B-ORG', 'I-ORG'];
  it.each([
    // [case, predicted tags, COR, PAR, MIS, SPU]
    ['test_perfect_match', base, 2, 0, 0, 0],
    ['test_missed_entity', ['O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'O', 'O'], 1, 0, 1, 0],
    ['test_wrong_label', ['O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'B-LOC', 'I-LOC'], 2, 0, 0, 0],
    ['test_wrong_boundary', ['O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'B-LOC', 'O'], 1, 1, 0, 0],
    ['test_shifted_boundary', ['O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'O', 'B-LOC'], 1, 1, 0, 0],
    ['test_extra_entity', ['O', 'B-PER', 'I-PER', 'O', 'B-PER', 'O', 'B-LOC', 'I-LOC'], 2, 0, 0, 1],
  ] as const)('nervaluate %s', (_name, tags, cor, par, mis, spu) => {
    const result = spanF1([bio(base)], [bio(tags)], { mode: 'partial' });
    const actual = cor + par + spu;
    const possible = cor + par + mis;
    const precision = (cor + 0.5 * par) / actual;
    const recall = (cor + 0.5 * par) / possible;
    expect(result.precision).toBeCloseTo(precision, 12);
    expect(result.recall).toBeCloseTo(recall, 12);
    expect(result.f1).toBeCloseTo((2 * precision * recall) / (precision + recall), 12);
  });

  it('matching is one-to-one: a second prediction over the same gold span is spurious', () => {
    const result = spanF1([[{ start: 0, end: 10, label: 'X' }]], [[{ start: 0, end: 4, label: 'X' }, { start: 5, end: 10, label: 'X' }]], {
      mode: 'partial',
    });
    expect(result.precision).toBeCloseTo(0.25, 12);
    expect(result.recall).toBeCloseTo(0.5, 12);
  });

  it('touching half-open spans do not overlap', () => {
    const result = spanF1([[{ start: 0, end: 3, label: 'X' }]], [[{ start: 3, end: 5, label: 'X' }]], { mode: 'partial' });
    expect(result).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('input order does not change the score', () => {
    const forward = spanF1([gold], [pred], { mode: 'partial' });
    const backward = spanF1([[...gold].reverse()], [[...pred].reverse()], { mode: 'partial' });
    expect(backward).toEqual(forward);
  });
});
