import { describe, expect, it } from 'vitest';
import { groupAgreement, ratingAgreement, resultAgreement, textAgreement } from './result-agreement.js';
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

describe('resultAgreement for boxes and free text', () => {
  const media = {
    version: 1,
    fields: [{ name: 'image', type: 'image' }],
    controls: [
      { type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: [{ value: 'person', color: '#ff0000' }] },
      { type: 'textarea', name: 'ocr', toName: 'image' },
    ],
  } as unknown as LabelConfig;
  const r = (x: number, text: string): AnnotationResult => [
    { id: 'b', from_name: 'boxes', to_name: 'image', type: 'rectanglelabels', value: { x, y: 0, width: 10, height: 10, rectanglelabels: ['person'] } },
    { id: 't', from_name: 'ocr', to_name: 'image', type: 'textarea', value: { text: [text] } },
  ];

  it('matches boxes at IoU ≥ 0.5 and compares texts by symmetric character edits', () => {
    expect(resultAgreement(media, r(0, '云冈石窟'), r(0, '云冈石窟'))).toBe(1);
    // Boxes: IoU 90/110 ≥ 0.5 → 1. Text: one substitution in four characters → 0.75. Mean 0.875.
    expect(resultAgreement(media, r(0, '云冈石窟'), r(1, '云岗石窟'))).toBeCloseTo(0.875, 12);
    // Boxes shifted by 6: IoU 40/160 → 0. Text: "云冈" vs "云冈石窟": 2 edits / 4 → 0.5.
    expect(resultAgreement(media, r(0, '云冈'), r(6, '云冈石窟'))).toBeCloseTo(0.25, 12);
  });

  it('textAgreement counts words when asked and is 1 for two empty texts', () => {
    expect(textAgreement('', '', 'char')).toBe(1);
    expect(textAgreement('the cat sat', 'the cat', 'word')).toBeCloseTo(2 / 3, 12);
    expect(textAgreement('abc', '', 'char')).toBe(0);
  });
});

describe('ratingAgreement', () => {
  it('is 1 − distance over the scale, 0 when one side is unanswered', () => {
    expect(ratingAgreement(4, 4, 5)).toBe(1);
    expect(ratingAgreement(1, 5, 5)).toBe(0);
    expect(ratingAgreement(2, 3, 5)).toBe(0.75);
    expect(ratingAgreement(null, 3, 5)).toBe(0);
    expect(ratingAgreement(null, null, 5)).toBe(1);
  });
});
