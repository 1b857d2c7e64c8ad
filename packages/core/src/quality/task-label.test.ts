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

describe('taskLabel for images and free text', () => {
  const media = {
    version: 1,
    fields: [{ name: 'image', type: 'image' }],
    controls: [
      { type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: [{ value: 'person', color: '#ff0000' }] },
      { type: 'textarea', name: 'ocr', toName: 'image', unit: 'char' },
    ],
  } as unknown as LabelConfig;
  const mediaResult = (x: number, text: string | null): AnnotationResult => [
    { id: 'b', from_name: 'boxes', to_name: 'image', type: 'rectanglelabels', value: { x, y: 10, width: 20, height: 20, rectanglelabels: ['person'] } },
    ...(text === null ? [] : [{ id: 't', from_name: 'ocr', to_name: 'image', type: 'textarea' as const, value: { text: [text] } }]),
  ];

  it('fuses the boxes most annotators drew and combines the texts by character ROVER', () => {
    const label = taskLabel(media, { image: '/x.png' }, [input('w1', mediaResult(10, '云冈石窟')), input('w2', mediaResult(12, '云岗石窟')), input('w3', mediaResult(11, '云冈石窟'))]);
    expect(label.method).toBe('majority');
    expect(label.result).toEqual([
      { id: 'boxes-vote-0', from_name: 'boxes', to_name: 'image', type: 'rectanglelabels', value: { x: 11, y: 10, width: 20, height: 20, rectanglelabels: ['person'] } },
      { id: 'ocr-vote', from_name: 'ocr', to_name: 'image', type: 'textarea', value: { text: ['云冈石窟'] } },
    ]);
  });

  it('lets only those who wrote something vote on the text', () => {
    const label = taskLabel(media, { image: '/x.png' }, [input('w1', mediaResult(10, null)), input('w2', mediaResult(10, '第二十窟'))]);
    expect(label.result.find((r) => r.type === 'textarea')).toEqual({ id: 'ocr-vote', from_name: 'ocr', to_name: 'image', type: 'textarea', value: { text: ['第二十窟'] } });
  });
});
