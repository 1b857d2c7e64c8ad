import { describe, expect, it } from 'vitest';
import { chineseNerTemplate, type LabelConfig } from '@yungang/core';
import { resultIssues } from './result-check.ts';

const data = { text: '李明在北京大学读书。' };
const required = (name: string) => `need ${name}`;

describe('resultIssues', () => {
  it('accepts a valid result', () => {
    const result = [{ id: 'a', from_name: 'ner', to_name: 'text', type: 'labels' as const, value: { start: 0, end: 2, text: '李明', labels: ['PER'] } }];
    expect(resultIssues(chineseNerTemplate, data, result, required)).toEqual([]);
  });

  it('names missing required controls first', () => {
    const config: LabelConfig = { ...chineseNerTemplate, controls: chineseNerTemplate.controls.map((c) => ({ ...c, required: true, title: '实体' })) };
    expect(resultIssues(config, data, [], required)).toEqual([{ path: '', message: 'need 实体' }]);
  });

  it("reports core's issues, e.g. a span whose text does not match", () => {
    const result = [{ id: 'a', from_name: 'ner', to_name: 'text', type: 'labels' as const, value: { start: 0, end: 2, text: '王芳', labels: ['PER'] } }];
    expect(resultIssues(chineseNerTemplate, data, result, required).length).toBeGreaterThan(0);
  });
});
