import { describe, expect, it } from 'vitest';
import type { AnnotationResult } from '../annotation/result.types.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { chineseNerTemplate, textClassificationTemplate, transcriptionTemplate } from '../label-config/templates.js';
import { scoreExam, scoreExamItem } from './exam-scoring.js';

const choice = (c: string): AnnotationResult => [{ id: 'c', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [c] } }];
const span = (start: number, end: number, label: string) => ({ id: `s${start}`, from_name: 'entities', to_name: 'text', type: 'labels' as const, value: { start, end, text: 'x'.repeat(end - start), labels: [label] } });
const boxes: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image' }],
  controls: [{ type: 'rectanglelabels', name: 'objects', toName: 'image', labels: [{ value: 'car', color: '#ff0000' }] }],
};
const box = (x: number): AnnotationResult[number] => ({ id: `b${x}`, from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x, y: 10, width: 20, height: 20, rectanglelabels: ['car'] } });

describe('scoreExamItem', () => {
  it('choices: exact match scores 1 and says correct', () => {
    expect(scoreExamItem(textClassificationTemplate, choice('positive'), choice('positive'))).toEqual({ score: 1, controls: [{ control: 'sentiment', type: 'choices', score: 1, correct: true }] });
    expect(scoreExamItem(textClassificationTemplate, choice('positive'), choice('negative')).controls[0]).toMatchObject({ score: 0, correct: false });
  });

  it('spans: strict F1 with precision and recall against the expected spans', () => {
    const control = chineseNerTemplate.controls[0]!.name;
    const expected = [span(0, 2, 'PER'), span(3, 5, 'LOC')].map((s) => ({ ...s, from_name: control }));
    const answer = [span(0, 2, 'PER'), span(3, 4, 'LOC')].map((s) => ({ ...s, from_name: control }));
    const scored = scoreExamItem(chineseNerTemplate, expected, answer);
    expect(scored.score).toBeCloseTo(0.5);
    expect(scored.controls[0]).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('boxes: F1 of boxes matched at IoU ≥ 0.5', () => {
    expect(scoreExamItem(boxes, [box(10), box(50)], [box(11)]).controls[0]).toMatchObject({ f1: 2 / 3 });
    expect(scoreExamItem(boxes, [box(10)], [box(40)]).score).toBe(0);
  });

  it('free text: 1 − edits/length as the score, CER against the expected text as detail', () => {
    const control = transcriptionTemplate.controls.find((c) => c.type === 'textarea')!;
    const text = (t: string): AnnotationResult => [{ id: 't', from_name: control.name, to_name: control.toName, type: 'textarea', value: { text: [t] } }];
    const config: LabelConfig = { ...transcriptionTemplate, controls: [control] };
    const scored = scoreExamItem(config, text('中文字幕'), text('中文子幕'));
    expect(scored.score).toBeCloseTo(0.75);
    expect(scored.controls[0]).toMatchObject({ type: 'textarea', cer: 0.25 });
  });
});

describe('scoreExam', () => {
  it('is the mean item score, unanswered items counting 0, passed at the mark', () => {
    expect(scoreExam([1, 0.5, null], 0.5)).toEqual({ score: 0.5, passed: true });
    expect(scoreExam([1, 0.4, null], 0.5).passed).toBe(false);
    expect(scoreExam([0.1 + 0.2, 0.3], 0.3).passed).toBe(true);
    expect(scoreExam([], 0)).toEqual({ score: 0, passed: false });
  });
});
