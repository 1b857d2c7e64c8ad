import { describe, it, expect } from 'vitest';
import { spanText, validateResult } from './validate-result.js';
import { nerWithClassificationTemplate } from '../label-config/templates.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { ValidationError } from '../validation/validation-error.js';

const FAMILY = '👨‍👩‍👧';
// 0..1 张三, 2 在, 3..4 北京, 5 😀, 6..10 family, 11 c, 12 a, 13 f, 14 e, 15 U+0301, 16 。
const TEXT = `张三在北京😀${FAMILY}cafe\u0301。`;
const data = { text: TEXT };

const config: LabelConfig = {
  version: 1,
  fields: [{ name: 'text', type: 'text' }],
  controls: [
    ...structuredClone(nerWithClassificationTemplate.controls),
    { type: 'choices', name: 'topics', toName: 'text', choice: 'multiple', options: [{ value: 'news' }, { value: 'sports' }, { value: '体育' }] },
  ],
};

const sentiment = (choices: unknown[], id = 's1'): Record<string, unknown> => ({ id, from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices } });
const span = (start: number, end: number, text: string, labels: unknown[] = ['PER'], id = `sp${start}-${end}`): Record<string, unknown> => ({
  id,
  from_name: 'ner',
  to_name: 'text',
  type: 'labels',
  value: { start, end, text, labels },
});

function issuesOf(result: unknown, cfg: LabelConfig = config, d: Record<string, unknown> = data): { path: string; message: string }[] {
  try {
    validateResult(cfg, d, result);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('spanText', () => {
  it('slices by code points', () => {
    expect(spanText(TEXT, 0, 2)).toBe('张三');
    expect(spanText(TEXT, 5, 6)).toBe('😀');
    expect(spanText(TEXT, 6, 11)).toBe(FAMILY);
    expect(spanText(TEXT, 11, 16)).toBe('cafe\u0301');
  });
});

describe('validateResult: valid results', () => {
  it('accepts spans in Chinese, emoji, ZWJ sequences and combining marks', () => {
    const result = [
      sentiment(['positive']),
      span(0, 2, '张三'),
      span(3, 5, '北京', ['LOC']),
      span(5, 6, '😀', ['ORG']),
      span(6, 11, FAMILY, ['PER', 'ORG']),
      span(11, 16, 'cafe\u0301', ['LOC']),
      span(14, 16, 'e\u0301', ['LOC']),
    ];
    expect(validateResult(config, data, result)).toEqual(result);
  });

  it('allows multiple values for a multiple-choice control', () => {
    expect(() => validateResult(config, data, [sentiment(['neutral']), { ...sentiment(['news', '体育'], 't1'), from_name: 'topics' }])).not.toThrow();
  });

  it('accepts an empty result when nothing is required', () => {
    const cfg = structuredClone(config);
    for (const c of cfg.controls) c.required = false;
    expect(validateResult(cfg, data, [])).toEqual([]);
  });

  it('returns a normalised copy without Label Studio extras', () => {
    const item = { ...sentiment(['positive']), origin: 'manual', value: { choices: ['positive'], extra: 1 } };
    const [out] = validateResult(config, data, [item]);
    expect(out).toEqual({ id: 's1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } });
    expect(out).not.toBe(item);
  });

  it('allows overlapping and nested spans', () => {
    expect(() => validateResult(config, data, [sentiment(['positive']), span(0, 5, '张三在北京', ['ORG']), span(0, 2, '张三')])).not.toThrow();
  });
});

describe('validateResult: shape', () => {
  it('requires an array of items', () => {
    expect(issuesOf({})).toEqual([{ path: 'result', message: 'must be array' }]);
    expect(issuesOf(null)).toEqual([{ path: 'result', message: 'must be array' }]);
  });

  it('requires string id, from_name, to_name, type and an object value', () => {
    expect(issuesOf([{ id: 1, from_name: 'ner', to_name: 'text', type: 'labels', value: [] }])).toEqual([
      { path: 'result[0].id', message: 'must be string' },
      { path: 'result[0].value', message: 'must be object' },
    ]);
    expect(issuesOf([{}]).map((i) => i.path)).toEqual(['result[0].id', 'result[0].from_name', 'result[0].to_name', 'result[0].type', 'result[0].value']);
  });

  it('checks value shapes per type', () => {
    expect(issuesOf([sentiment(['positive']), { ...span(0, 2, '张三'), value: { start: 0.5, end: '2', text: '张三', labels: 'PER' } }])).toEqual([
      { path: 'result[1].value.start', message: 'must be integer' },
      { path: 'result[1].value.end', message: 'must be integer' },
      { path: 'result[1].value.labels', message: 'must be array' },
    ]);
    expect(issuesOf([{ ...sentiment([]), value: { choices: [1] } }])).toEqual([{ path: 'result[0].value.choices[0]', message: 'must be string' }]);
  });
});

describe('validateResult: items against the config', () => {
  it('requires from_name to name a control', () => {
    expect(issuesOf([sentiment(['positive']), { ...span(0, 2, '张三'), from_name: 'ners' }])).toEqual([
      { path: 'result[1].from_name', message: 'no control named "ners" (controls: ner, sentiment, topics)' },
    ]);
  });

  it('requires to_name and type to match the control', () => {
    expect(issuesOf([sentiment(['positive']), { ...span(0, 2, '张三'), to_name: 'title' }, { ...span(2, 3, '在'), type: 'choices' }])).toEqual([
      { path: 'result[1].to_name', message: 'must be "text", the field control "ner" annotates' },
      { path: 'result[2].type', message: 'must be "labels", the type of control "ner"' },
    ]);
  });

  it('requires unique, non-empty ids', () => {
    expect(issuesOf([sentiment(['positive'], 'x'), span(0, 2, '张三', ['PER'], 'x'), span(3, 5, '北京', ['LOC'], '')])).toEqual([
      { path: 'result[1].id', message: 'duplicate id "x" (also result[0])' },
      { path: 'result[2].id', message: 'must not be empty' },
    ]);
  });
});

describe('validateResult: choices', () => {
  it('requires every value to be an option', () => {
    expect(issuesOf([sentiment(['happy'])])).toEqual([{ path: 'result[0].value.choices[0]', message: '"happy" is not an option of "sentiment" (options: positive, negative, neutral)' }]);
  });

  it('allows at most one value for single choice', () => {
    expect(issuesOf([sentiment(['positive', 'negative'])])).toEqual([{ path: 'result[0].value.choices', message: 'control "sentiment" is single-choice, got 2 values' }]);
  });

  it('rejects duplicate values and empty choices', () => {
    expect(issuesOf([sentiment(['positive']), { ...sentiment(['体育', '体育'], 't'), from_name: 'topics' }])).toEqual([{ path: 'result[1].value.choices[1]', message: 'duplicate value "体育"' }]);
    expect(issuesOf([sentiment([])])).toEqual([{ path: 'result[0].value.choices', message: 'must hold at least one value; omit the item when nothing is chosen' }]);
  });

  it('matches values exactly, so a decomposed accent is not the composed option', () => {
    const cfg: LabelConfig = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'choices', name: 'c', toName: 'text', choice: 'single', options: [{ value: 'caf\u00e9' }] }] };
    const item = { id: '1', from_name: 'c', to_name: 'text', type: 'choices', value: { choices: ['cafe\u0301'] } };
    expect(issuesOf([item], cfg).map((i) => i.path)).toEqual(['result[0].value.choices[0]']);
    expect(() => validateResult(cfg, data, [{ ...item, value: { choices: ['caf\u00e9'] } }])).not.toThrow();
  });

  it('allows one choices item per control', () => {
    expect(issuesOf([sentiment(['positive']), sentiment(['negative'], 's2')])).toEqual([
      { path: 'result[1]', message: 'second choices item for control "sentiment" (first is result[0]); put all chosen values in one item' },
    ]);
  });
});

describe('validateResult: spans', () => {
  it('checks the range in code points', () => {
    const length = [...TEXT].length;
    expect(length).toBe(17);
    expect(issuesOf([sentiment(['positive']), span(-1, 2, '张三'), span(3, 3, ''), span(16, 18, '。'), span(17, 18, '')])).toEqual([
      { path: 'result[1].value.start', message: 'must be ≥ 0, got -1' },
      { path: 'result[2].value.end', message: 'must be greater than start (3), got 3' },
      { path: 'result[3].value.end', message: 'must be ≤ 17, the length of "text" in code points, got 18' },
      { path: 'result[4].value.start', message: 'must be < 17, the length of "text" in code points, got 17' },
      { path: 'result[4].value.end', message: 'must be ≤ 17, the length of "text" in code points, got 18' },
    ]);
    // The last code point is addressable; UTF-16 length (21) would be wrong.
    expect(() => validateResult(config, data, [sentiment(['positive']), span(16, 17, '。')])).not.toThrow();
  });

  it('says expected vs got when the text does not match the data', () => {
    expect(issuesOf([sentiment(['positive']), span(0, 2, '张')])).toEqual([{ path: 'result[1].value.text', message: 'does not match the data at 0..2: expected "张三", got "张"' }]);
    // UTF-16 offsets for the family emoji would cut it in half.
    expect(issuesOf([sentiment(['positive']), span(6, 14, FAMILY)])[0]?.path).toBe('result[1].value.text');
    expect(issuesOf([sentiment(['positive']), span(11, 15, 'cafe\u0301')])).toEqual([
      { path: 'result[1].value.text', message: 'does not match the data at 11..15: expected "cafe", got "cafe\u0301"' },
    ]);
  });

  it('requires known, unique, at least one label', () => {
    expect(issuesOf([sentiment(['positive']), span(0, 2, '张三', []), span(3, 5, '北京', ['CITY', 'LOC', 'LOC'])])).toEqual([
      { path: 'result[1].value.labels', message: 'must hold at least one label' },
      { path: 'result[2].value.labels[0]', message: '"CITY" is not a label of "ner" (labels: PER, LOC, ORG)' },
      { path: 'result[2].value.labels[2]', message: 'duplicate label "LOC"' },
    ]);
  });

  it('needs the task to have the text', () => {
    expect(issuesOf([sentiment(['positive']), span(0, 2, '张三')], config, { text: 42 })).toEqual([{ path: 'result[1].to_name', message: 'task data has no text in field "text"' }]);
  });
});

describe('validateResult: required controls', () => {
  it('requires an item for a required control', () => {
    expect(issuesOf([span(0, 2, '张三')])).toEqual([{ path: 'result', message: 'control "sentiment" is required but has no result item' }]);
    expect(() => validateResult(config, data, [span(0, 2, '张三')])).toThrow('at result: control "sentiment" is required but has no result item');
  });

  it('does not add "required" noise for an invalid item of that control', () => {
    expect(issuesOf([sentiment(['happy'])])).toHaveLength(1);
  });
});
