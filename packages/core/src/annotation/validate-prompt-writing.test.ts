import { describe, expect, it } from 'vitest';
import { validateResult } from './validate-result.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import { promptWritingTemplate } from '../label-config/templates.js';
import { ValidationError } from '../validation/validation-error.js';
import { preferenceRecords, sftRecord } from '../export/training/training-records.js';

// Prompt–response writing and format rules on `responseedit` (docs/llm-data.md, Writing instruction data).
const config = parseLabelConfig(structuredClone(promptWritingTemplate));
const jsonConfig = parseLabelConfig({
  version: 1,
  fields: [{ name: 'chat', type: 'dialogue' }],
  controls: [{ type: 'responseedit', name: 'gold', toName: 'chat', rules: { format: 'json', pattern: '"answer"', patternMessage: 'must hold an "answer" key' } }],
});
const systemOnly = { dialogue: [{ role: 'system', content: '你是旅游助手' }] };
const seeded = { dialogue: [{ role: 'user', content: '写一个关于大同的问题' }] };
const edit = (value: Record<string, unknown>, to = 'dialogue', from = 'answer') => [{ id: 'e', from_name: from, to_name: to, type: 'responseedit', value }];

function issuesOf(cfg: typeof config, data: Record<string, unknown>, result: unknown): { path: string; message: string }[] {
  try {
    validateResult(cfg, data, result);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('prompt–response writing (responseedit with editablePrompt)', () => {
  it('stores the written prompt and exports it as the user turn of the SFT record', () => {
    const label = validateResult(config, systemOnly, edit({ response: 0, text: '云冈石窟在大同市西郊，开放时间为每天八点半。', prompt: '云冈石窟在哪里，几点开门？' }));
    expect(label[0]).toMatchObject({ type: 'responseedit', value: { original: '', prompt: '云冈石窟在哪里，几点开门？' } });
    expect(sftRecord(config, { id: 't', data: systemOnly, label })).toEqual({
      messages: [
        { role: 'system', content: '你是旅游助手' },
        { role: 'user', content: '云冈石窟在哪里，几点开门？' },
        { role: 'assistant', content: '云冈石窟在大同市西郊，开放时间为每天八点半。' },
      ],
    });
    // A seed user message is replaced by the rewritten prompt, not kept beside it.
    const rewritten = validateResult(config, seeded, edit({ response: 0, text: '悬空寺建在恒山金龙峡的峭壁上。', prompt: '悬空寺建在什么地方？' }));
    expect(sftRecord(config, { id: 't', data: seeded, label: rewritten })?.messages.map((m) => m.content)).toEqual(['悬空寺建在什么地方？', '悬空寺建在恒山金龙峡的峭壁上。']);
    expect(preferenceRecords(config, { id: 't', data: seeded, label: rewritten })).toEqual([]);
  });

  it('requires a prompt when the task has no user message, and checks prompt and answer rules', () => {
    expect(issuesOf(config, systemOnly, edit({ response: 0, text: '作为一个AI，我不能回答这个问题。' }))).toEqual([
      { path: 'result[0].value.prompt', message: 'must hold the prompt: the task has no user message, so write the instruction the answer responds to' },
      { path: 'result[0].value.text', message: 'must not contain the forbidden phrase "作为一个AI"' },
    ]);
    expect(issuesOf(config, systemOnly, edit({ response: 0, text: '云冈石窟在大同市西郊。', prompt: '在哪' }))).toEqual([{ path: 'result[0].value.prompt', message: 'must be at least 5 characters, got 2' }]);
  });

  it('refuses a prompt on a control without editablePrompt', () => {
    const data = { chat: [{ role: 'user', content: 'q' }] };
    expect(issuesOf(jsonConfig, data, edit({ response: 0, text: '{"answer": 1}', prompt: 'other' }, 'chat', 'gold'))).toEqual([
      { path: 'result[0].value.prompt', message: 'control "gold" does not let the prompt be edited (set "editablePrompt": true); omit it' },
    ]);
  });

  it('checks format: json and a pattern on the answer', () => {
    const data = { chat: [{ role: 'user', content: 'q' }] };
    const issues = issuesOf(jsonConfig, data, edit({ response: 0, text: "{'a': 1}" }, 'chat', 'gold'));
    expect(issues.map((i) => [i.path, i.message.replace(/JSON: .*/, 'JSON: …')])).toEqual([
      ['result[0].value.text', 'must hold an "answer" key'],
      ['result[0].value.text', 'must be valid JSON: …'],
    ]);
    expect(validateResult(jsonConfig, data, edit({ response: 0, text: '{"answer": 1}' }, 'chat', 'gold'))).toHaveLength(1);
  });

  it('refuses promptRules without editablePrompt in the config', () => {
    expect(() => parseLabelConfig({ version: 1, fields: [{ name: 'chat', type: 'dialogue' }], controls: [{ type: 'responseedit', name: 'gold', toName: 'chat', promptRules: { minLength: 2 } }] })).toThrow(/controls\[0\]\.promptRules: apply to a written prompt/);
  });
});
