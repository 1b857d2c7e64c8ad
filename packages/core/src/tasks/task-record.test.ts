import { describe, it, expect } from 'vitest';
import { locateIssues, pathOfNul, taskDataFromRecord } from './task-record.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { ValidationError } from '../validation/validation-error.js';

const config: LabelConfig = {
  version: 1,
  fields: [
    { name: 'text', type: 'text' },
    { name: 'title', type: 'text' },
  ],
  controls: [{ type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER', color: '#e53935' }] }],
};

function issuesOf(raw: unknown, cfg: LabelConfig = config): { path: string; message: string }[] {
  try {
    taskDataFromRecord(raw, cfg);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('taskDataFromRecord', () => {
  it('takes data from a Label Studio record and ignores its other keys', () => {
    const raw = { id: 7, data: { text: '张三在北京', title: '新闻', meta: { src: 'x' } }, annotations: [{}], predictions: [] };
    expect(taskDataFromRecord(raw, config)).toEqual({ text: '张三在北京', title: '新闻', meta: { src: 'x' } });
  });

  it('takes a flat record as the data itself', () => {
    const raw = { text: '😀 hi', title: '👨‍👩‍👧', meta: 1 };
    const data = taskDataFromRecord(raw, config);
    expect(data).toEqual(raw);
    expect(data).not.toBe(raw);
  });

  it('keeps text exactly, combining marks included', () => {
    expect(taskDataFromRecord({ text: 'cafe\u0301', title: '' }, config).text).toBe('cafe\u0301');
  });

  it('allows empty strings', () => {
    expect(taskDataFromRecord({ data: { text: '', title: '' } }, config)).toEqual({ text: '', title: '' });
  });

  it('reports missing and non-string fields at data.<field> for Label Studio records', () => {
    expect(issuesOf({ data: { text: 42 } })).toEqual([
      { path: 'data.text', message: 'must be a string, got a number (42)' },
      { path: 'data.title', message: 'is required (field "title" of the label config)' },
    ]);
    expect(() => taskDataFromRecord({ data: { title: 'x' } }, config)).toThrow('at data.text: is required (field "text" of the label config)');
  });

  it('reports at <field> for flat records', () => {
    expect(issuesOf({ text: null, title: ['a'] })).toEqual([
      { path: 'text', message: 'must be a string, got null' },
      { path: 'title', message: 'must be a string, got an array' },
    ]);
  });

  it('treats a string "data" as a flat field, not a wrapper', () => {
    const cfg: LabelConfig = { ...config, fields: [{ name: 'data', type: 'text' }], controls: [{ type: 'labels', name: 'ner', toName: 'data', labels: [{ value: 'PER', color: '#e53935' }] }] };
    expect(taskDataFromRecord({ data: '数据' }, cfg)).toEqual({ data: '数据' });
  });

  it('rejects records that are not objects', () => {
    expect(issuesOf('text')).toEqual([{ path: '', message: 'must be a JSON object, got a string' }]);
    expect(issuesOf([])).toEqual([{ path: '', message: 'must be a JSON object, got an array' }]);
    expect(issuesOf(null)).toEqual([{ path: '', message: 'must be a JSON object, got null' }]);
    expect(issuesOf(true)).toEqual([{ path: '', message: 'must be a JSON object, got a boolean (true)' }]);
  });
});

describe('locateIssues', () => {
  it('tags each issue with the line', () => {
    const err = new ValidationError([
      { path: 'data.text', message: 'is required' },
      { path: 'data.title', message: 'must be a string' },
    ]);
    expect(locateIssues(err, 17)).toEqual([
      { path: 'data.text', message: 'is required', line: 17 },
      { path: 'data.title', message: 'must be a string', line: 17 },
    ]);
  });
});

describe('pathOfNul', () => {
  it('names the first string or key holding U+0000, and nothing when none does', () => {
    expect(pathOfNul({ text: 'ok', meta: { tags: ['a', 'b\u0000c'] } })).toBe('meta.tags[1]');
    expect(pathOfNul({ ['k\u0000']: 1 })).toBe('["k\\u0000"]');
    expect(pathOfNul({ text: '\\u0000 is only written here', n: 0, none: null })).toBeUndefined();
  });
});
