import { describe, expect, it } from 'vitest';
import { validateResult } from './validate-result.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import { ValidationError } from '../validation/validation-error.js';

const config = parseLabelConfig({
  version: 1,
  fields: [{ name: 'chat', type: 'dialogue' }],
  controls: [
    { type: 'pairwise', name: 'prefer', toName: 'chat', reason: 'required' },
    { type: 'ranker', name: 'rank', toName: 'chat' },
    { type: 'responserating', name: 'helpful', toName: 'chat', maxRating: 5, descriptions: ['1', '2', '3', '4', '5'] },
    { type: 'turnchoices', name: 'safety', toName: 'chat', choice: 'multiple', options: [{ value: 'A.1' }, { value: 'A.2' }], roles: ['user', 'assistant'], safety: true },
    { type: 'responseedit', name: 'gold', toName: 'chat', maxLength: 20 },
    { type: 'textarea', name: 'critique', toName: 'chat' },
  ],
});
const data = { chat: { messages: [{ role: 'system', content: '你是助手' }, { role: 'user', content: '1+1=?' }], responses: ['2', '3', '11'] } };
const item = (from: string, type: string, value: Record<string, unknown>, id = from): Record<string, unknown> => ({ id, from_name: from, to_name: 'chat', type, value });

function issuesOf(result: unknown, d: Record<string, unknown> = data): { path: string; message: string }[] {
  try {
    validateResult(config, d, result);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('validateResult on dialogue controls', () => {
  it('accepts every control and recomputes the edit\'s original and diff', () => {
    const out = validateResult(config, data, [
      item('prefer', 'pairwise', { selected: 'left', reason: '  正确  ' }),
      item('rank', 'ranker', { ranking: [0, 2, 1] }),
      item('helpful', 'responserating', { ratings: [5, 1, 2] }),
      item('safety', 'turnchoices', { turn: 1, choices: ['A.1'] }, 's1'),
      item('safety', 'turnchoices', { turn: 3, choices: ['A.1', 'A.2'] }, 's2'),
      item('gold', 'responseedit', { response: 1, text: '等于 2', original: 'forged', patch: 'forged' }),
      item('critique', 'textarea', { text: ['回答 B 错误'] }),
    ]);
    expect(out[0]!.value).toEqual({ selected: 'left', reason: '正确' });
    const edit = out.find((r) => r.type === 'responseedit');
    expect(edit?.value).toMatchObject({ response: 1, text: '等于 2', original: '3' });
    expect(edit?.type === 'responseedit' && edit.value.patch).toContain('-3\n\\ No newline at end of file\n+等于 2');
  });

  it('names the path and the fix of each wrong answer', () => {
    const issues = issuesOf([
      item('prefer', 'pairwise', { selected: 'left' }),
      item('rank', 'ranker', { ranking: [0, 0] }),
      item('helpful', 'responserating', { ratings: [6, 1] }),
      item('safety', 'turnchoices', { turn: 0, choices: ['B'] }),
      item('gold', 'responseedit', { response: 0, text: '2' }),
    ]);
    expect(issues).toEqual([
      { path: 'result[0].value.reason', message: 'control "prefer" requires a reason for the preference' },
      { path: 'result[1].value.ranking', message: 'must rank all 3 candidate responses (each index 0..2 once, best first), got 2' },
      { path: 'result[1].value.ranking[1]', message: 'candidate 0 is ranked twice' },
      { path: 'result[2].value.ratings', message: 'must hold one score per candidate response: 3, got 2' },
      { path: 'result[2].value.ratings[0]', message: 'must be a whole number from 1 to 5, got 6' },
      { path: 'result[3].value.turn', message: 'turn 0 is a system message; this control labels user, assistant turns only' },
      { path: 'result[3].value.choices[0]', message: '"B" is not an option of "safety" (options: A.1, A.2)' },
      { path: 'result[4].value.text', message: 'is the same as the original response; omit the item when nothing was edited' },
    ]);
  });

  it('refuses indices past the candidates, a second label of one turn, and pairwise without two responses', () => {
    expect(issuesOf([item('gold', 'responseedit', { response: 3, text: 'x' })])).toEqual([{ path: 'result[0].value.response', message: 'must be a candidate index from 0 to 2, got 3' }]);
    expect(issuesOf([item('safety', 'turnchoices', { turn: 1, choices: ['A.1'] }, 'a'), item('safety', 'turnchoices', { turn: 1, choices: ['A.2'] }, 'b')])[0]!.message).toContain('second turnchoices item for control "safety" on turn 1');
    expect(issuesOf([item('safety', 'turnchoices', { turn: 9, choices: ['A.1'] })])[0]!.message).toBe('must be a turn index from 0 to 4 (the messages, then the candidate responses), got 9');
    const single = { chat: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] };
    expect(issuesOf([item('prefer', 'pairwise', { selected: 'tie', reason: 'r' })], single)[0]!.message).toContain('pairwise needs two candidate responses and the task has 1');
    expect(issuesOf([item('gold', 'responseedit', { response: 0, text: 'x'.repeat(21) })], single)).toEqual([{ path: 'result[0].value.text', message: 'must be at most 20 characters, got 21' }]);
    expect(issuesOf([item('prefer', 'pairwise', { selected: 'A' })])[0]!.path).toBe('result[0].value.selected');
  });
});

describe('responseedit on a conversation without a response (instruction writing)', () => {
  const writing = parseLabelConfig({ version: 1, fields: [{ name: 'chat', type: 'dialogue' }], controls: [{ type: 'responseedit', name: 'answer', toName: 'chat', minLength: 4, maxLength: 10 }] });
  const prompt = { chat: [{ role: 'user', content: '写一句问候语' }] };
  const write = (text: string, response = 0) => [{ id: 'w', from_name: 'answer', to_name: 'chat', type: 'responseedit', value: { response, text } }];
  it('takes the answer as response 0 with an empty original, and checks the length rules on submit', () => {
    expect(validateResult(writing, prompt, write('早上好，朋友'))[0]!.value).toMatchObject({ response: 0, text: '早上好，朋友', original: '' });
    const issues = (text: string, response?: number) => {
      try {
        validateResult(writing, prompt, write(text, response));
      } catch (err) {
        return (err as ValidationError).issues;
      }
      return [];
    };
    expect(issues('你好')).toEqual([{ path: 'result[0].value.text', message: 'must be at least 4 characters, got 2; write a fuller answer' }]);
    expect(issues('你好你好你好你好你好你好')).toEqual([{ path: 'result[0].value.text', message: 'must be at most 10 characters, got 12' }]);
    expect(issues('早上好，朋友', 1)).toEqual([{ path: 'result[0].value.response', message: 'must be 0: the task has no response yet, so the answer is written as response 0' }]);
  });
});

describe('parseLabelConfig on dialogue controls', () => {
  it('checks targets, descriptions and turn-label options with paths', () => {
    try {
      parseLabelConfig({
        version: 1,
        fields: [{ name: 'text', type: 'text' }, { name: 'chat', type: 'dialogue' }],
        controls: [
          { type: 'ranker', name: 'rank', toName: 'text' },
          { type: 'responserating', name: 'r', toName: 'chat', maxRating: 3, descriptions: ['a'] },
          { type: 'turnchoices', name: 't', toName: 'chat', choice: 'single', options: [{ value: 'x', hotkey: '1' }, { value: 'x' }] },
        ],
      });
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).issues).toEqual([
        { path: 'controls[0].toName', message: 'a ranker control cannot annotate field "text" of type text (supported: dialogue)' },
        { path: 'controls[1].descriptions', message: 'must give one description per level: 3 (maxRating), got 1' },
        { path: 'controls[2].options[0].hotkey', message: 'turn labels take no hotkeys (a key cannot say which turn it labels); remove it' },
        { path: 'controls[2].options[1].value', message: 'duplicate value "x" (also options[0])' },
      ]);
    }
  });
});
