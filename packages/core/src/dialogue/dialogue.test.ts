import { describe, expect, it } from 'vitest';
import { dialogueCandidates, dialogueTurns, readDialogue } from './dialogue.js';
import { taskDataFromRecord } from '../tasks/task-record.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import type { ValidationError } from '../validation/validation-error.js';

const config = parseLabelConfig({ version: 1, fields: [{ name: 'messages', type: 'dialogue' }], controls: [{ type: 'ranker', name: 'rank', toName: 'messages' }] });

describe('readDialogue', () => {
  it('accepts a bare message list and the {messages, responses} form', () => {
    expect(readDialogue([{ role: 'user', content: '你好' }, { role: 'assistant', content: '您好！' }], ['d']).dialogue).toEqual({
      messages: [{ role: 'user', content: '你好' }, { role: 'assistant', content: '您好！' }],
      responses: [],
    });
    const d = readDialogue({ messages: [{ role: 'user', content: 'q' }], responses: ['a', { content: 'b', model: 'm2' }] }, ['d']).dialogue;
    expect(d?.responses).toEqual([{ content: 'a' }, { content: 'b', model: 'm2' }]);
  });

  it('names the path, the problem and the fix of each bad part', () => {
    const { issues, dialogue } = readDialogue({ messages: [{ role: 'bot', content: 1 }, { role: 'system', content: 's', name: 'x' }], responses: ['only one'], extra: 1 }, ['data', 'd']);
    expect(dialogue).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual(['data.d.extra', 'data.d.messages[0].role', 'data.d.messages[0].content', 'data.d.messages[1].name', 'data.d.messages[1].role', 'data.d.responses']);
    expect(issues[1]!.message).toContain('system, user, assistant');
    expect(readDialogue('hello', ['d']).issues[0]).toMatchObject({ path: 'd', message: expect.stringContaining('array of {role, content}') as unknown });
    expect(readDialogue([], ['d']).issues[0]!.message).toBe('must hold at least one message');
  });
});

describe('dialogueCandidates', () => {
  it('uses the responses when there are some, else the final assistant message', () => {
    const withResponses = readDialogue({ messages: [{ role: 'user', content: 'q' }], responses: ['a', 'b'] }, []).dialogue!;
    expect(dialogueCandidates(withResponses)).toEqual({ prompt: [{ role: 'user', content: 'q' }], candidates: ['a', 'b'], fromResponses: true });
    expect(dialogueTurns(withResponses).map((t) => t.role)).toEqual(['user', 'assistant', 'assistant']);
    const plain = readDialogue([{ role: 'system', content: 's' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }], []).dialogue!;
    expect(dialogueCandidates(plain)).toEqual({ prompt: plain.messages.slice(0, 2), candidates: ['a'], fromResponses: false });
    const open = readDialogue([{ role: 'user', content: 'q' }], []).dialogue!;
    expect(dialogueCandidates(open).candidates).toEqual([]);
  });
});

describe('taskDataFromRecord with a dialogue field', () => {
  it('imports an OpenAI chat line as is and reports bad messages with their record path', () => {
    const line = { messages: [{ role: 'user', content: 'What is Python?' }, { role: 'assistant', content: 'A language.' }] };
    expect(taskDataFromRecord(line, config)).toEqual(line);
    try {
      taskDataFromRecord({ data: { messages: [{ role: 'user' }] } }, config);
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).issues).toEqual([{ path: 'data.messages[0].content', message: 'must be a string (the message text; markdown allowed)' }]);
    }
  });
});
