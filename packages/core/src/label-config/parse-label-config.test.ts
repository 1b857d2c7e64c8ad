import { describe, it, expect } from 'vitest';
import { labelConfigHotkeys, parseLabelConfig } from './parse-label-config.js';
import { ValidationError } from '../validation/validation-error.js';

function base(): Record<string, unknown> & { fields: Record<string, unknown>[]; controls: Record<string, unknown>[] } {
  return {
    version: 1,
    fields: [{ name: 'text', type: 'text', title: '文本' }],
    controls: [
      {
        type: 'labels',
        name: 'ner',
        toName: 'text',
        labels: [
          { value: 'PER', title: '人名', color: '#e53935', hotkey: '1' },
          { value: 'LOC', title: '地名', color: '#1E88E5', hotkey: '2' },
        ],
      },
      {
        type: 'choices',
        name: 'sentiment',
        toName: 'text',
        choice: 'single',
        required: true,
        options: [
          { value: 'positive', title: '正面', hotkey: 'q' },
          { value: 'negative', title: '负面', hotkey: 'w' },
        ],
      },
    ],
  };
}

function issuesOf(json: unknown): { path: string; message: string }[] {
  try {
    parseLabelConfig(json);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('parseLabelConfig: shape', () => {
  it('accepts a valid config and returns it', () => {
    const json = base();
    expect(parseLabelConfig(json)).toEqual(json);
  });

  it('rejects non-objects at the root', () => {
    expect(issuesOf(null)).toEqual([{ path: '', message: 'must be object' }]);
    expect(issuesOf([])).toEqual([{ path: '', message: 'must be object' }]);
  });

  it('requires version 1', () => {
    expect(issuesOf({ ...base(), version: 2 })).toEqual([{ path: 'version', message: 'must be 1' }]);
    expect(issuesOf({ fields: [], controls: [] })).toEqual([{ path: 'version', message: 'is required' }]);
  });

  it('catches typos as unknown properties', () => {
    const json = base();
    (json.controls[0] as { labels: Record<string, unknown>[] }).labels[1] = { value: 'LOC', colour: '#000000' };
    expect(issuesOf(json)).toEqual([
      { path: 'controls[0].labels[1].color', message: 'is required' },
      { path: 'controls[0].labels[1].colour', message: 'is not an allowed property (allowed: value, title, color, hotkey)' },
    ]);
  });

  it('collapses the choice union into one message', () => {
    const json = base();
    json.controls[1] = { ...json.controls[1], choice: 'one' };
    expect(issuesOf(json)).toEqual([{ path: 'controls[1].choice', message: 'must be one of "single", "multiple"' }]);
  });

  it('reports an unknown control type once', () => {
    const json = base();
    json.controls[0] = { ...json.controls[0], type: 'rectangles' };
    // The list grows with every new control type; what matters is one issue, at the type, naming the choices.
    expect(issuesOf(json)).toEqual([{ path: 'controls[0].type', message: expect.stringMatching(/^must be one of "choices", "labels", "rectanglelabels", .*"videorectangle"/) as unknown as string }]);
  });

  it('reports mistakes inside a control against its own type', () => {
    const json = base();
    json.controls[1] = { ...json.controls[1], required: 'yes' };
    expect(issuesOf(json)).toEqual([{ path: 'controls[1].required', message: 'must be boolean' }]);
  });

  it('rejects unknown field types', () => {
    const json = base();
    json.fields[0] = { name: 'text', type: 'pdf' };
    expect(issuesOf(json)).toEqual([{ path: 'fields[0].type', message: expect.stringMatching(/^must be one of "text", "image", .*"video"/) as unknown as string }]);
  });
});

describe('parseLabelConfig: semantics', () => {
  it('needs at least one field and one control', () => {
    expect(issuesOf({ version: 1, fields: [], controls: [] })).toEqual([
      { path: 'fields', message: 'must list at least one data field' },
      { path: 'controls', message: 'must list at least one control' },
    ]);
  });

  it('checks names', () => {
    const json = base();
    json.fields[0] = { name: '文本', type: 'text' };
    json.controls[0] = { ...json.controls[0], name: '1ner', toName: '文本' };
    json.controls[1] = { ...json.controls[1], name: 'a'.repeat(65), toName: '文本' };
    const issues = issuesOf(json);
    expect(issues.map((i) => i.path)).toEqual(['fields[0].name', 'controls[0].name', 'controls[1].name']);
    expect(issues[0]?.message).toContain('"文本" is not a valid name');
  });

  it('accepts names with "_" and "-" up to 64 characters', () => {
    const json = base();
    json.fields[0] = { name: '_my-text_2', type: 'text' };
    json.controls[0] = { ...json.controls[0], name: 'n'.repeat(64), toName: '_my-text_2' };
    json.controls[1] = { ...json.controls[1], toName: '_my-text_2' };
    expect(() => parseLabelConfig(json)).not.toThrow();
  });

  it('rejects duplicate field names and control names, and controls named like fields', () => {
    const json = base();
    json.fields.push({ name: 'text', type: 'text' });
    json.controls[1] = { ...json.controls[1], name: 'ner' };
    json.controls.push({ ...json.controls[1], name: 'text', options: [{ value: 'x' }] });
    expect(issuesOf(json)).toEqual([
      { path: 'fields[1].name', message: 'duplicate field name "text" (also fields[0])' },
      { path: 'controls[1].name', message: 'duplicate control name "ner" (also controls[0])' },
      { path: 'controls[2].name', message: '"text" is already the name of fields[0]; controls and fields need distinct names' },
    ]);
  });

  it('requires toName to name an existing field', () => {
    const json = base();
    json.controls[1] = { ...json.controls[1], toName: 'txt' };
    expect(issuesOf(json)).toEqual([{ path: 'controls[1].toName', message: 'no data field named "txt" (fields: text)' }]);
    expect(() => parseLabelConfig(json)).toThrow('at controls[1].toName: no data field named "txt" (fields: text)');
  });

  it('needs options and labels', () => {
    const json = base();
    json.controls[0] = { ...json.controls[0], labels: [] };
    json.controls[1] = { ...json.controls[1], options: [] };
    expect(issuesOf(json)).toEqual([
      { path: 'controls[0].labels', message: 'must list at least one label' },
      { path: 'controls[1].options', message: 'must list at least one option' },
    ]);
  });

  it('allows a single option, even for single choice', () => {
    const json = base();
    json.controls[1] = { ...json.controls[1], options: [{ value: 'ok' }] };
    expect(() => parseLabelConfig(json)).not.toThrow();
  });

  it('requires non-empty, unpadded, unique values within a control', () => {
    const json = base();
    json.controls[1] = { ...json.controls[1], options: [{ value: '' }, { value: '  ' }, { value: ' a' }, { value: '正面' }, { value: '正面' }] };
    expect(issuesOf(json)).toEqual([
      { path: 'controls[1].options[0].value', message: 'must not be empty' },
      { path: 'controls[1].options[1].value', message: 'must not be empty' },
      { path: 'controls[1].options[2].value', message: 'must not start or end with whitespace' },
      { path: 'controls[1].options[4].value', message: 'duplicate value "正面" (also options[3])' },
    ]);
  });

  it('treats composed and decomposed accents as the same value', () => {
    const json = base();
    json.controls[1] = { ...json.controls[1], options: [{ value: 'caf\u00e9' }, { value: 'cafe\u0301' }] };
    expect(issuesOf(json).map((i) => i.path)).toEqual(['controls[1].options[1].value']);
  });

  it('accepts emoji and ZWJ sequences as values', () => {
    const json = base();
    json.controls[1] = { ...json.controls[1], options: [{ value: '😀' }, { value: '👨‍👩‍👧' }, { value: '👨' }] };
    expect(() => parseLabelConfig(json)).not.toThrow();
  });

  it('allows the same value in different controls', () => {
    const json = base();
    json.controls[1] = { ...json.controls[1], options: [{ value: 'PER' }] };
    expect(() => parseLabelConfig(json)).not.toThrow();
  });

  it('rejects "|" in choice values, which CSV export uses as a separator', () => {
    const json = base();
    json.controls[1] = { ...json.controls[1], options: [{ value: 'a|b' }] };
    expect(issuesOf(json)).toEqual([{ path: 'controls[1].options[0].value', message: 'must not contain "|" (it separates chosen values in CSV exports)' }]);
  });

  it('checks colours', () => {
    const json = base();
    const labels = (json.controls[0] as { labels: Record<string, unknown>[] }).labels;
    labels[0] = { ...labels[0], color: 'red' };
    labels[1] = { ...labels[1], color: '#12345' };
    expect(issuesOf(json)).toEqual([
      { path: 'controls[0].labels[0].color', message: 'must be a colour like "#1e88e5", got "red"' },
      { path: 'controls[0].labels[1].color', message: 'must be a colour like "#1e88e5", got "#12345"' },
    ]);
  });

  it('checks hotkeys are one letter or digit', () => {
    const json = base();
    const options = (json.controls[1] as { options: Record<string, unknown>[] }).options;
    options[0] = { ...options[0], hotkey: 'ctrl+q' };
    options[1] = { ...options[1], hotkey: '中' };
    json.controls.push({ type: 'choices', name: 'x', toName: 'text', choice: 'multiple', options: [{ value: 'a', hotkey: '😀' }, { value: 'b', hotkey: '' }] });
    expect(issuesOf(json)).toEqual([
      { path: 'controls[1].options[0].hotkey', message: 'must be a single letter or digit, got "ctrl+q"' },
      { path: 'controls[1].options[1].hotkey', message: 'must be a single letter or digit, got "中"' },
      { path: 'controls[2].options[0].hotkey', message: 'must be a single letter or digit, got "😀"' },
      { path: 'controls[2].options[1].hotkey', message: 'must be a single letter or digit, got ""' },
    ]);
  });

  it('requires hotkeys unique across the config, ignoring case', () => {
    const json = base();
    const options = (json.controls[1] as { options: Record<string, unknown>[] }).options;
    options[0] = { ...options[0], hotkey: '1' };
    options[1] = { ...options[1], hotkey: 'Q' };
    json.controls.push({ type: 'choices', name: 'x', toName: 'text', choice: 'multiple', options: [{ value: 'a', hotkey: 'q' }] });
    expect(issuesOf(json)).toEqual([
      { path: 'controls[1].options[0].hotkey', message: 'hotkey "1" is already used by controls[0].labels[0]' },
      { path: 'controls[2].options[0].hotkey', message: 'hotkey "q" is already used by controls[1].options[1]' },
    ]);
  });

  it('reports every problem at once', () => {
    const json = base();
    json.controls[0] = { ...json.controls[0], toName: 'nope', labels: [] };
    json.controls[1] = { ...json.controls[1], name: 'bad name' };
    expect(issuesOf(json)).toHaveLength(3);
    expect(() => parseLabelConfig(json)).toThrow(/\(and 2 more\)$/);
  });
});

describe('labelConfigHotkeys', () => {
  it('maps lower-cased hotkeys to control and value', () => {
    const json = base();
    const options = (json.controls[1] as { options: Record<string, unknown>[] }).options;
    options[1] = { ...options[1], hotkey: 'W' };
    const hotkeys = labelConfigHotkeys(parseLabelConfig(json));
    expect([...hotkeys.entries()]).toEqual([
      ['1', { control: 'ner', value: 'PER' }],
      ['2', { control: 'ner', value: 'LOC' }],
      ['q', { control: 'sentiment', value: 'positive' }],
      ['w', { control: 'sentiment', value: 'negative' }],
    ]);
  });

  it('is empty without hotkeys', () => {
    expect(labelConfigHotkeys({ version: 1, fields: [{ name: 't', type: 'text' }], controls: [{ type: 'labels', name: 'l', toName: 't', labels: [{ value: 'A', color: '#000000' }] }] }).size).toBe(0);
  });
});
