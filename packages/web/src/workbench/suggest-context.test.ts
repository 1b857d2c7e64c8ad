import { describe, expect, it } from 'vitest';
import type { AnnotationResult, LabelConfig } from '@yungang/core';
import { describeContext, suggestContextOf } from './suggest-context.ts';

const config = {
  version: 1,
  fields: [
    { name: 'image', type: 'image' },
    { name: 'text', type: 'text' },
    { name: 'audio', type: 'audio' },
  ],
  controls: [],
} as unknown as LabelConfig;

const result = [
  { id: 'box', from_name: 'region', to_name: 'image', type: 'rectanglelabels', value: { x: 10.123, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['文字'] } },
  { id: 'kp', from_name: 'kp', to_name: 'image', type: 'keypointlabels', value: { x: 5, y: 6, width: 0.5, keypointlabels: ['eye'] } },
  { id: 'span', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 8, text: '北京大学', labels: ['ORG'] } },
  { id: 'seg', from_name: 'speaker', to_name: 'audio', type: 'labels', value: { start: 1.5, end: 3.25, labels: ['A'] } },
  { id: 'choice', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } },
] as unknown as AnnotationResult;

const none = { selectedId: null, textRange: null, point: null };

describe('suggestContextOf (what Alt+M asks about)', () => {
  it('sends the selected box, keypoint, text span or audio segment', () => {
    expect(suggestContextOf(config, result, { ...none, selectedId: 'box' })).toEqual({ box: { x: 10.12, y: 20, width: 30, height: 40 } });
    expect(suggestContextOf(config, result, { ...none, selectedId: 'kp' })).toEqual({ point: { x: 5, y: 6 } });
    expect(suggestContextOf(config, result, { ...none, selectedId: 'span' })).toEqual({ selection: { start: 4, end: 8 } });
    expect(suggestContextOf(config, result, { ...none, selectedId: 'seg' })).toEqual({ segment: { start: 1.5, end: 3.25 } });
  });

  it('an assist point wins; a plain text selection counts; otherwise the whole task', () => {
    expect(suggestContextOf(config, result, { selectedId: 'box', textRange: null, point: { x: 33.333, y: 50 } })).toEqual({ point: { x: 33.33, y: 50 } });
    expect(suggestContextOf(config, result, { ...none, textRange: { field: 'text', start: 2, end: 9 } })).toEqual({ selection: { start: 2, end: 9 } });
    expect(suggestContextOf(config, result, { ...none, textRange: { field: 'text', start: 3, end: 3 } })).toBeUndefined();
    expect(suggestContextOf(config, result, { ...none, selectedId: 'choice' })).toBeUndefined();
    expect(suggestContextOf(config, result, { ...none, selectedId: 'gone' })).toBeUndefined();
  });

  it('describes the context for the workbench', () => {
    expect(describeContext({ segment: { start: 1.5, end: 3.25 } })).toBe('1.50–3.25 s');
    expect(describeContext({ box: { x: 1, y: 2, width: 3, height: 4 } })).toBe('1,2 3×4%');
    expect(describeContext(undefined)).toBeNull();
  });
});
