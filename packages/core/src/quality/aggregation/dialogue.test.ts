import { describe, expect, it } from 'vitest';
import { aggregatePairwise, aggregateTurnChoices, bordaRanking, goldEdit, rankingAgreement } from './dialogue.js';
import { taskLabel } from '../task-label.js';
import { resultAgreement } from '../result-agreement.js';
import { parseLabelConfig } from '../../label-config/parse-label-config.js';
import type { AnnotationResult } from '../../annotation/result.types.js';

describe('dialogue aggregation rules', () => {
  it('pairwise: plurality, and a tie between the leaders delivers "tie"', () => {
    expect(aggregatePairwise(['left', 'right', 'left'])).toBe('left');
    expect(aggregatePairwise(['left', 'right'])).toBe('tie');
    expect(aggregatePairwise(['tie', 'tie', 'right'])).toBe('tie');
    expect(aggregatePairwise([])).toBeNull();
  });

  it('ranking: Borda count with ties broken by index', () => {
    // Scores: 0 → 2+1+2 = 5, 1 → 0+2+0 = 2, 2 → 1+0+1 = 2.
    expect(bordaRanking([[0, 2, 1], [1, 0, 2], [0, 2, 1]], 3)).toEqual([0, 1, 2]);
    expect(bordaRanking([[2, 1, 0]], 3)).toEqual([2, 1, 0]);
  });

  it('ranking agreement is Kendall tau mapped to 0..1', () => {
    expect(rankingAgreement([0, 1, 2], [0, 1, 2])).toBe(1);
    expect(rankingAgreement([0, 1, 2], [2, 1, 0])).toBe(0);
    // One discordant pair of three: tau = 1/3 → 2/3.
    expect(rankingAgreement([0, 1, 2], [1, 0, 2])).toBeCloseTo(2 / 3, 10);
    expect(rankingAgreement([0, 1], [0, 1, 2])).toBe(0);
  });

  it('turn labels: kept when a strict majority of all annotators gave them', () => {
    const a = new Map([[1, ['A.1']], [3, ['A.2']]]);
    const b = new Map([[1, ['A.1', 'A.2']]]);
    const c = new Map<number, string[]>();
    expect([...aggregateTurnChoices([a, b, c], 3)]).toEqual([[1, ['A.1']]]);
  });

  it('gold edit: the most edited candidate, then the medoid text', () => {
    const edits = [
      { response: 1, text: '答案是二。', who: 'a' },
      { response: 0, text: '完全不同', who: 'b' },
      { response: 1, text: '答案是 2。', who: 'c' },
      { response: 1, text: '答案是二', who: 'd' },
    ];
    expect(goldEdit(edits)?.who).toBe('a');
    expect(goldEdit([])).toBeNull();
  });
});

const config = parseLabelConfig({
  version: 1,
  fields: [{ name: 'chat', type: 'dialogue' }],
  controls: [
    { type: 'pairwise', name: 'prefer', toName: 'chat' },
    { type: 'ranker', name: 'rank', toName: 'chat' },
    { type: 'responserating', name: 'score', toName: 'chat', maxRating: 5 },
    { type: 'turnchoices', name: 'safety', toName: 'chat', choice: 'multiple', options: [{ value: 'A.1' }, { value: 'A.2' }] },
    { type: 'responseedit', name: 'gold', toName: 'chat' },
  ],
});
const data = { chat: { messages: [{ role: 'user', content: 'q' }], responses: ['x', 'y', 'z'] } };
const answer = (selected: 'left' | 'right' | 'tie', ranking: number[], ratings: number[], turns: [number, string[]][], edit?: string): AnnotationResult => [
  { id: 'p', from_name: 'prefer', to_name: 'chat', type: 'pairwise', value: { selected, reason: selected } },
  { id: 'r', from_name: 'rank', to_name: 'chat', type: 'ranker', value: { ranking } },
  { id: 's', from_name: 'score', to_name: 'chat', type: 'responserating', value: { ratings } },
  ...turns.map(([turn, choices]): AnnotationResult[number] => ({ id: `t${turn}`, from_name: 'safety', to_name: 'chat', type: 'turnchoices', value: { turn, choices } })),
  ...(edit === undefined ? [] : [{ id: 'g', from_name: 'gold', to_name: 'chat', type: 'responseedit' as const, value: { response: 0, text: edit, original: 'x', patch: '' } }]),
];

describe('taskLabel and resultAgreement on dialogue controls', () => {
  it('delivers the combined judgement of three annotators', () => {
    const inputs = [
      answer('left', [0, 1, 2], [5, 3, 1], [[1, ['A.1']]], 'x!'),
      answer('left', [1, 0, 2], [4, 2, 2], [[1, ['A.1']], [2, ['A.2']]]),
      answer('right', [0, 2, 1], [3, 1, 3], []),
    ].map((result, n) => ({ annotationId: `a${n}`, version: 1, worker: `w${n}`, result }));
    const label = taskLabel(config, data, inputs);
    expect(label.method).toBe('majority');
    expect(label.result.map((r) => [r.from_name, r.value])).toEqual([
      ['prefer', { selected: 'left', reason: 'left\nleft' }],
      ['rank', { ranking: [0, 1, 2] }],
      ['score', { ratings: [4, 2, 2] }],
      ['safety', { turn: 1, choices: ['A.1'] }],
      ['gold', { response: 0, text: 'x!', original: 'x', patch: '' }],
    ]);
  });

  it('agreement: equal answers 1, opposite answers 0, partial in between', () => {
    const a = answer('left', [0, 1, 2], [5, 5, 5], [[1, ['A.1']]], 'x!');
    expect(resultAgreement(config, a, a)).toBe(1);
    const b = answer('right', [2, 1, 0], [1, 1, 1], [[2, ['A.1']]]);
    expect(resultAgreement(config, a, b)).toBe(0);
    const c = answer('left', [1, 0, 2], [5, 5, 4], [[1, ['A.1']]], 'x!');
    // pairwise 1, ranking 2/3, ratings (1 + 1 + 0.75) / 3, turns 1, edit 1 → mean over 5 controls.
    expect(resultAgreement(config, a, c)).toBeCloseTo((1 + 2 / 3 + 2.75 / 3 + 1 + 1) / 5, 10);
  });
});
