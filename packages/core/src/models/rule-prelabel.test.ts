import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { validateResult } from '../annotation/validate-result.js';
import { findSpans, rulePrelabel, ruleSetIssues } from './rule-prelabel.js';

const ner: LabelConfig = {
  version: 1,
  fields: [{ name: 'text', type: 'text' }],
  controls: [
    { type: 'labels', name: 'entities', toName: 'text', labels: [{ value: 'ORG', color: '#1e88e5' }, { value: 'LOC', color: '#43a047' }, { value: 'PHONE', color: '#e53935' }] },
    { type: 'choices', name: 'topic', toName: 'text', choice: 'single', options: [{ value: '教育' }, { value: '体育' }] },
  ],
};

describe('rulePrelabel', () => {
  it('marks gazetteer terms and regex matches in code points, longest term first, as a valid result', () => {
    const text = '😀北京大学位于北京，电话13812345678。';
    const result = rulePrelabel(ner, { text }, {
      regex: [{ label: 'PHONE', pattern: '1[3-9]\\d{9}' }],
      gazetteer: [{ label: 'LOC', terms: ['北京'] }, { label: 'ORG', terms: ['北京大学'] }],
      keywords: [{ choice: '教育', keywords: ['大学'] }, { choice: '体育', keywords: ['足球'] }],
    });
    expect(result).toEqual([
      { id: 'rule-1-5', from_name: 'entities', to_name: 'text', type: 'labels', value: { start: 1, end: 5, text: '北京大学', labels: ['ORG'] } },
      { id: 'rule-7-9', from_name: 'entities', to_name: 'text', type: 'labels', value: { start: 7, end: 9, text: '北京', labels: ['LOC'] } },
      { id: 'rule-12-23', from_name: 'entities', to_name: 'text', type: 'labels', value: { start: 12, end: 23, text: '13812345678', labels: ['PHONE'] } },
      { id: 'rule-topic', from_name: 'topic', to_name: 'text', type: 'choices', value: { choices: ['教育'] } },
    ]);
    expect(() => validateResult(ner, { text }, result)).not.toThrow();
  });

  it('skips labels the project does not have and overlapping later matches', () => {
    expect(findSpans('上海浦东', { gazetteer: [{ label: 'LOC', terms: ['上海', '海浦'] }] })).toEqual([{ start: 0, end: 2, label: 'LOC' }]);
    expect(rulePrelabel(ner, { text: '上海' }, { gazetteer: [{ label: 'CITY', terms: ['上海'] }] })).toEqual([]);
  });

  it('names the broken pattern and how to fix it', () => {
    expect(ruleSetIssues({ regex: [{ label: 'X', pattern: 'ok' }, { label: 'Y', pattern: '(' }] })).toEqual([{ path: 'rules.regex[1].pattern', message: expect.stringContaining('escape special characters') }]);
  });
});
