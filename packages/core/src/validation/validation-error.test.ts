import { describe, it, expect } from 'vitest';
import { ValidationError, formatIssue, formatPath, isValidationError, joinPath, summarizeIssues, withLocation } from './validation-error.js';

describe('formatPath', () => {
  it('renders the root as the empty string', () => {
    expect(formatPath([])).toBe('');
  });

  it('uses dots for keys and brackets for indexes', () => {
    expect(formatPath(['controls', 1, 'labels', 0, 'color'])).toBe('controls[1].labels[0].color');
    expect(formatPath([2, 'value', 'end'])).toBe('[2].value.end');
  });

  it('keeps hyphenated and underscored names readable', () => {
    expect(formatPath(['data', 'my-field', '_x'])).toBe('data.my-field._x');
  });

  it('quotes keys that are not plain names, including Chinese, emoji and combining marks', () => {
    expect(formatPath(['data', '文本'])).toBe('data["文本"]');
    expect(formatPath(['data', '😀'])).toBe('data["😀"]');
    expect(formatPath(['data', '👨‍👩‍👧'])).toBe('data["👨‍👩‍👧"]');
    expect(formatPath(['data', 'e\u0301'])).toBe('data["e\u0301"]');
    expect(formatPath(['a b', 'x"y', '1abc', ''])).toBe('["a b"]["x\\"y"]["1abc"][""]');
  });
});

describe('joinPath', () => {
  it('joins with a dot or directly before a bracket', () => {
    expect(joinPath('data', 'text')).toBe('data.text');
    expect(joinPath('result', '[2].value')).toBe('result[2].value');
    expect(joinPath('', 'text')).toBe('text');
    expect(joinPath('data', '')).toBe('data');
  });
});

describe('ValidationError', () => {
  it('carries issues and a message naming the first one', () => {
    const err = new ValidationError([{ path: 'controls[1].toName', message: 'no data field named "txt" (fields: text)' }]);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ValidationError');
    expect(err.message).toBe('at controls[1].toName: no data field named "txt" (fields: text)');
    expect(err.issues).toHaveLength(1);
  });

  it('counts the other issues', () => {
    const err = new ValidationError([
      { path: 'a', message: 'x' },
      { path: 'b', message: 'y' },
      { path: 'c', message: 'z' },
    ]);
    expect(err.message).toBe('at a: x (and 2 more)');
  });

  it('omits "at" for an issue about the value itself', () => {
    expect(new ValidationError([{ path: '', message: 'must be an object' }]).message).toBe('must be an object');
  });

  it('never has an empty issue list', () => {
    const err = new ValidationError([]);
    expect(err.issues).toEqual([{ path: '', message: 'is invalid' }]);
  });

  it('keeps Unicode in messages intact', () => {
    const err = new ValidationError([{ path: 'data["文本"]', message: '值 "😀👨‍👩‍👧e\u0301" 无效' }]);
    expect(err.message).toBe('at data["文本"]: 值 "😀👨‍👩‍👧e\u0301" 无效');
  });

  it('is recognised by isValidationError', () => {
    expect(isValidationError(new ValidationError([{ path: '', message: 'x' }]))).toBe(true);
    expect(isValidationError(new Error('x'))).toBe(false);
    expect(isValidationError({ name: 'ValidationError', issues: [] })).toBe(false);
  });
});

describe('formatIssue / summarizeIssues', () => {
  it('formats single issues and summaries', () => {
    expect(formatIssue({ path: 'x', message: 'm' })).toBe('at x: m');
    expect(summarizeIssues([])).toBe('validation failed');
    expect(summarizeIssues([{ path: '', message: 'm' }, { path: 'y', message: 'n' }])).toBe('m (and 1 more)');
  });
});

describe('withLocation', () => {
  it('prefixes every path and rebuilds the message', () => {
    const err = new ValidationError([
      { path: 'data.text', message: 'is required' },
      { path: '', message: 'must be an object' },
      { path: '[0]', message: 'bad' },
    ]);
    const located = withLocation(err, 'tasks[16]');
    expect(located.issues.map((i) => i.path)).toEqual(['tasks[16].data.text', 'tasks[16]', 'tasks[16][0]']);
    expect(located.message).toBe('at tasks[16].data.text: is required (and 2 more)');
    expect(err.issues[0]?.path).toBe('data.text');
  });
});
