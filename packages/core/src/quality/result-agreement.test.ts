import { describe, expect, it } from 'vitest';
import { groupAgreement, resultAgreement } from './result-agreement.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import type { AnnotationResult } from '../annotation/result.types.js';

const config = {
  version: 1,
  fields: [{ name: 'text', type: 'text' }],
  controls: [
    { type: 'choices', name: 'sentiment', toName: 'text', choice: 'single', options: [{ value: 'pos' }, { value: 'neg' }] },
    { type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }, { value: 'LOC' }] },
  ],
} as unknown as LabelConfig;

const choice = (c: string): AnnotationResult => [{ id: 'c', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [c] } }];
const span = (start: number, end: number, label: string) => ({ id: `${start}`, from_name: 'ner', to_name: 'text', type: 'labels' as const, value: { start, end, text: '', labels: [label] } });

describe('resultAgreement', () => {
  it('is 1 for identical results and the mean of the controls otherwise', () => {
    const a = [...choice('pos'), span(0, 2, 'PER')];
    expect(resultAgreement(config, a, a)).toBe(1);
    // Same choice, spans: 1 of 1 vs 1 of 2 → P = 1/2, R = 1, F1 = 2/3; mean of (1, 2/3).
    const b = [...choice('pos'), span(0, 2, 'PER'), span(4, 6, 'LOC')];
    expect(resultAgreement(config, a, b)).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(resultAgreement(config, choice('pos'), choice('neg'))).toBe(0.5); // choices differ, no spans on either side
  });

  it('averages every pair of a group', () => {
    expect(groupAgreement(config, [choice('pos')])).toBe(1);
    // pos/pos agree fully (1); each pos/neg pair scores 0.5 (spans empty on both sides): (1 + 0.5 + 0.5) / 3.
    expect(groupAgreement(config, [choice('pos'), choice('pos'), choice('neg')])).toBeCloseTo(2 / 3, 12);
  });
});
