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

describe('taskLabel for polygons and keypoints', () => {
  const shapes = {
    version: 1,
    fields: [{ name: 'image', type: 'image' }],
    controls: [
      { type: 'polygonlabels', name: 'regions', toName: 'image', labels: [{ value: 'niche', color: '#8e24aa' }] },
      { type: 'keypointlabels', name: 'pose', toName: 'image', labels: [{ value: 'head', color: '#e53935' }] },
    ],
  } as unknown as LabelConfig;
  const drawn = (dx: number): AnnotationResult => [
    { id: 'p', from_name: 'regions', to_name: 'image', type: 'polygonlabels', value: { points: [[dx, 0], [dx + 10, 0], [dx + 10, 10], [dx, 10]], polygonlabels: ['niche'] } },
    { id: 'k', from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x: 50 + dx, y: 50, keypointlabels: ['head'] } },
  ];

  it('keeps the medoid polygon and the mean point of a majority', () => {
    const label = taskLabel(shapes, { image: '/x.png' }, [input('w1', drawn(0)), input('w2', drawn(0.5)), input('w3', drawn(1))]);
    expect(label.result).toEqual([
      { id: 'regions-vote-0', from_name: 'regions', to_name: 'image', type: 'polygonlabels', value: { points: [[0.5, 0], [10.5, 0], [10.5, 10], [0.5, 10]], polygonlabels: ['niche'] } },
      { id: 'pose-vote-0', from_name: 'pose', to_name: 'image', type: 'keypointlabels', value: { x: 50.5, y: 50, keypointlabels: ['head'] } },
    ]);
    // Points 2 % apart do not match (complete link): of 50, 51 and 52, the closest pair wins.
    const spread = taskLabel(shapes, { image: '/x.png' }, [input('w1', drawn(0)), input('w2', drawn(1)), input('w3', drawn(2))]);
    expect(spread.result.find((r) => r.type === 'keypointlabels')?.value).toEqual({ x: 50.5, y: 50, keypointlabels: ['head'] });
  });
});

describe('taskLabel for ratings', () => {
  const rating = (aggregate?: 'mean' | 'median') =>
    ({ version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'rating', name: 'q', toName: 'text', maxRating: 5, ...(aggregate ? { aggregate } : {}) }] }) as unknown as LabelConfig;
  const scored = (n: number): AnnotationResult => [{ id: 'r', from_name: 'q', to_name: 'text', type: 'rating', value: { rating: n } }];

  it('takes the median by default (one rater far off cannot move it), the mean when asked', () => {
    const inputs = [input('w1', scored(4)), input('w2', scored(5)), input('w3', scored(1))];
    expect(taskLabel(rating(), data, inputs).result).toEqual([{ id: 'q-vote', from_name: 'q', to_name: 'text', type: 'rating', value: { rating: 4 } }]);
    expect(taskLabel(rating('mean'), data, inputs).result[0]?.value).toEqual({ rating: 10 / 3 });
  });
});
