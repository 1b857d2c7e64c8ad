import { describe, expect, it } from 'vitest';
import { taskLabel } from './task-label.js';
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
const data = { text: '张三在北京' };
const result = (choice: string, spans: [number, number, string][]): AnnotationResult => [
  { id: 'c', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } },
  ...spans.map(([start, end, label], i) => ({ id: `s${i}`, from_name: 'ner', to_name: 'text', type: 'labels' as const, value: { start, end, text: '', labels: [label] } })),
];
const input = (worker: string, r: AnnotationResult) => ({ annotationId: `a-${worker}`, version: 1, worker, result: r });

describe('taskLabel', () => {
  it('votes per control: the majority choice and the spans most annotators marked, quoting the text', () => {
    const label = taskLabel(config, data, [
      input('w1', result('pos', [[0, 2, 'PER'], [3, 5, 'LOC']])),
      input('w2', result('pos', [[0, 2, 'PER']])),
      input('w3', result('neg', [[0, 2, 'PER'], [3, 5, 'LOC']])),
    ]);
    expect(label.method).toBe('majority');
    expect(label.inputs).toHaveLength(3);
    expect(label.result).toEqual([
      { id: 'sentiment-vote', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['pos'] } },
      { id: 'ner-vote-0', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } },
      { id: 'ner-vote-1', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 3, end: 5, text: '北京', labels: ['LOC'] } },
    ]);
  });

  it('prefers gold, then adjudication, and passes a single annotation through', () => {
    const one = result('neg', []);
    expect(taskLabel(config, data, [input('w1', one)]).method).toBe('single');
    expect(taskLabel(config, data, [input('w1', one)], { adjudicated: result('pos', []) })).toMatchObject({ method: 'adjudication', result: result('pos', []) });
    expect(taskLabel(config, data, [input('w1', one)], { gold: result('pos', []), adjudicated: one })).toMatchObject({ method: 'gold', inputs: [] });
    expect(taskLabel(config, data, [])).toEqual({ result: [], method: 'none', inputs: [] });
  });
});
