import { describe, expect, it } from 'vitest';
import type { AnnotationResult } from '@yungang/core';
import { acceptSuggestion } from './suggestion-merge.ts';

const ids = () => {
  let n = 0;
  return () => `new-${++n}`;
};

describe('acceptSuggestion', () => {
  it('replaces whole-task answers of the controls it answers and adds new regions with fresh ids', () => {
    const present: AnnotationResult = [
      { id: 'c', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['negative'] } },
      { id: 's1', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } },
    ];
    const suggestion: AnnotationResult = [
      { id: 'x', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } },
      { id: 'y', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } },
      { id: 'z', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 3, end: 5, text: '北京', labels: ['LOC'] } },
    ];
    expect(acceptSuggestion(present, suggestion, ids())).toEqual([
      present[1],
      { id: 'new-1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } },
      { id: 'new-2', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 3, end: 5, text: '北京', labels: ['LOC'] } },
    ]);
  });

  it('an empty suggestion changes nothing', () => {
    const present: AnnotationResult = [{ id: 't', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: ['旧'] } }];
    expect(acceptSuggestion(present, [], ids())).toEqual(present);
  });
});
