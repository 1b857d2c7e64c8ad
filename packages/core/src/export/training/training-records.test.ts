/**
 * Round trips through the training exports on real files of other tools (/work/shared/fixtures/llm,
 * see its SOURCES.md): each file's conversations are imported as dialogue tasks, annotated where the
 * file states a judgement (a preference), exported, and the records compared with the source.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabelConfig } from '../../label-config/parse-label-config.js';
import { taskDataFromRecord } from '../../tasks/task-record.js';
import { validateResult } from '../../annotation/validate-result.js';
import { taskLabel } from '../../quality/task-label.js';
import type { AnnotationResult } from '../../annotation/result.types.js';
import { preferenceRecords, rankingRecord, rewardRecords, sftRecord, trainingLines, type TrainingTask } from './training-records.js';

const LLM = join(import.meta.dirname, '..', '..', '..', '..', '..', '..', 'shared', 'fixtures', 'llm');
const fixture = (name: string): string | null => {
  const path = join(LLM, name);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  console.warn(`skipping: ${path} is absent (shared LLM fixtures, see its SOURCES.md)`);
  return null;
};

const config = parseLabelConfig({
  version: 1,
  fields: [{ name: 'messages', type: 'dialogue' }],
  controls: [
    { type: 'pairwise', name: 'prefer', toName: 'messages' },
    { type: 'ranker', name: 'rank', toName: 'messages' },
    { type: 'responserating', name: 'score', toName: 'messages', maxRating: 5 },
    { type: 'rating', name: 'overall', toName: 'messages', maxRating: 5 },
    { type: 'responseedit', name: 'gold', toName: 'messages' },
  ],
});

/** Import → validated annotation → delivered label, as the server does. */
function annotated(record: unknown, result: unknown[] = []): TrainingTask {
  const data = taskDataFromRecord(record, config);
  const checked = validateResult(config, data, result);
  const label = taskLabel(config, data, checked.length === 0 ? [] : [{ annotationId: 'a', version: 1, worker: 'w', result: checked }]);
  return { id: 't', data, label: label.result };
}
const item = (from: string, type: string, value: Record<string, unknown>): Record<string, unknown> => ({ id: from, from_name: from, to_name: 'messages', type, value });

describe('SFT export round trip', () => {
  it('exports OpenAI chat lines (mistral-finetune test_data.jsonl) unchanged', () => {
    const text = fixture('mistral-finetune_test_data.jsonl');
    if (text === null) return;
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const out = trainingLines('sft', config, annotated(JSON.parse(line)));
      expect(out).toHaveLength(1);
      expect(JSON.parse(out[0]!)).toEqual(JSON.parse(line));
    }
  });

  it('exports ShareGPT conversations (torchtune chat_tiny.json) as the same turns, with a gold edit replacing the last answer', () => {
    const text = fixture('torchtune_chat_tiny.json');
    if (text === null) return;
    const ROLE: Record<string, 'system' | 'user' | 'assistant'> = { system: 'system', human: 'user', gpt: 'assistant' };
    for (const { conversations } of JSON.parse(text) as { conversations: { from: string; value: string }[] }[]) {
      const messages = conversations.map((c) => ({ role: ROLE[c.from]!, content: c.value }));
      expect(sftRecord(config, annotated({ messages }))).toEqual({ messages });
      const gold = annotated({ messages }, [item('gold', 'responseedit', { response: 0, text: '改正后的回答' })]);
      expect(sftRecord(config, gold)?.messages).toEqual([...messages.slice(0, -1), { role: 'assistant', content: '改正后的回答' }]);
      // The edit is also a preference: gold over the original.
      expect(preferenceRecords(config, gold)).toEqual([{ prompt: messages.slice(0, -1), chosen: [{ role: 'assistant', content: '改正后的回答' }], rejected: [messages[messages.length - 1]] }]);
    }
  });

  it('exports instruction/response pairs (torchtune instruct_tiny.json), imported whole or written by an annotator', () => {
    const text = fixture('torchtune_instruct_tiny.json');
    if (text === null) return;
    for (const { instruction, response } of JSON.parse(text) as { instruction: string; response: string }[]) {
      const pair = { messages: [{ role: 'user', content: instruction }, { role: 'assistant', content: response }] };
      expect(JSON.parse(trainingLines('sft', config, annotated(pair))[0]!)).toEqual(pair);
      // The instruction alone as the task; the annotator writes the response (responseedit on no candidate).
      const written = annotated({ messages: [{ role: 'user', content: instruction }] }, [item('gold', 'responseedit', { response: 0, text: response })]);
      expect(JSON.parse(trainingLines('sft', config, written)[0]!)).toEqual(pair);
    }
  });
});

describe('preference export round trip', () => {
  it('gives back TRL conversational pairs (torchtune hh_rlhf_tiny.json) from a pairwise choice', () => {
    const text = fixture('torchtune_hh_rlhf_tiny.json');
    if (text === null) return;
    type Msg = { role: string; content: string };
    for (const { chosen, rejected } of JSON.parse(text) as { chosen: Msg[]; rejected: Msg[] }[]) {
      // Implicit prompt: the shared prefix; the two last messages are the candidates, shown in swapped order.
      const prompt = chosen.slice(0, -1).map(({ role, content }) => ({ role, content }));
      const task = annotated({ messages: { messages: prompt, responses: [rejected.at(-1)!.content, chosen.at(-1)!.content] } }, [item('prefer', 'pairwise', { selected: 'right' })]);
      const pairs = trainingLines('preference', config, task).map((l) => JSON.parse(l) as { prompt: Msg[]; chosen: Msg[]; rejected: Msg[] });
      expect(pairs).toHaveLength(1);
      expect([...pairs[0]!.prompt, ...pairs[0]!.chosen]).toEqual(chosen.map(({ role, content }) => ({ role, content })));
      expect([...pairs[0]!.prompt, ...pairs[0]!.rejected]).toEqual(rejected.map(({ role, content }) => ({ role, content })));
      // A tie states no preference.
      expect(preferenceRecords(config, annotated({ messages: { messages: prompt, responses: ['a', 'b'] } }, [item('prefer', 'pairwise', { selected: 'tie' })]))).toEqual([]);
    }
  });

  it('gives back explicit-prompt pairs (torchtune stack_exchange_paired_tiny.json) from rankings, with ranking and reward records', () => {
    const text = fixture('torchtune_stack_exchange_paired_tiny.json');
    if (text === null) return;
    const rows = JSON.parse(text) as { question: string; response_j: string; response_k: string }[];
    expect(rows.length).toBeGreaterThan(20);
    for (const { question, response_j: preferred, response_k: other } of rows) {
      const task = annotated({ messages: { messages: [{ role: 'user', content: question }], responses: [other, preferred] } }, [
        item('rank', 'ranker', { ranking: [1, 0] }),
        item('score', 'responserating', { ratings: [2, 5] }),
      ]);
      const [pair, ...rest] = preferenceRecords(config, task);
      expect(rest).toEqual([]);
      expect(pair).toEqual({ prompt: [{ role: 'user', content: question }], chosen: [{ role: 'assistant', content: preferred }], rejected: [{ role: 'assistant', content: other }] });
      const ranking = rankingRecord(config, task)!;
      expect(ranking.ranking.map((n) => ranking.completions[n])).toEqual([preferred, other]);
      expect(rewardRecords(config, task).map((r) => [r.response, r.score])).toEqual([[other, 2], [preferred, 5]]);
      expect(sftRecord(config, task)?.messages.at(-1)?.content).toBe(preferred);
    }
  });
});

describe('training records without a judgement', () => {
  it('skips tasks whose candidates nobody chose, and rates a single answer with a plain rating', () => {
    const open = annotated({ messages: { messages: [{ role: 'user', content: 'q' }], responses: ['a', 'b', 'c'] } });
    expect(sftRecord(config, open)).toBeNull();
    expect(trainingLines('ranking', config, open)).toEqual([]);
    const ranked = annotated({ messages: { messages: [{ role: 'user', content: 'q' }], responses: ['a', 'b', 'c'] } }, [item('rank', 'ranker', { ranking: [2, 0, 1] })]);
    expect(preferenceRecords(config, ranked).map((p) => [p.chosen[0]!.content, p.rejected[0]!.content])).toEqual([['c', 'a'], ['c', 'b'], ['a', 'b']]);
    const rated = annotated({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] }, [item('overall', 'rating', { rating: 4 })]);
    expect(rewardRecords(config, rated)).toEqual([{ prompt: [{ role: 'user', content: 'q' }], response: 'a', score: 4, max_score: 5 }]);
    // An answer written to an open prompt is SFT data, but no preference pair (there is nothing it beats).
    const written = annotated({ messages: [{ role: 'user', content: '写一句问候语' }] }, [item('gold', 'responseedit', { response: 0, text: '早上好！' })]);
    expect(sftRecord(config, written)).toEqual({ messages: [{ role: 'user', content: '写一句问候语' }, { role: 'assistant', content: '早上好！' }] });
    expect(preferenceRecords(config, written)).toEqual([]);
    const label: AnnotationResult = [];
    expect(sftRecord({ ...config, fields: [{ name: 'text', type: 'text' }] }, { id: 'x', data: {}, label })).toBeNull();
  });
});
