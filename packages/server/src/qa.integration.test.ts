/**
 * Grounded QA and prompt–response writing end to end over HTTP (docs/llm-data.md): rules checked on
 * submit with the pair and the field in the path, the SQuAD-shaped `qa` export, and the Hugging Face zip
 * with Parquet files read back with hyparquet and compared with the JSON Lines records.
 */
import { strFromU8, unzipSync } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groundedQaTemplate, promptWritingTemplate, type ErrorBody, type NextTaskDto, type ProjectDto, type TaskDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { addMember } from './test-support/helpers.js';
import type { ApiClient } from './test-support/api-client.js';

// "😀" is one code point and two UTF-16 units: the exported offsets count code points.
const PASSAGES = ['😀云冈石窟位于山西省大同市，开凿于北魏。', '悬空寺建在恒山金龙峡的峭壁上，始建于北魏后期。'];

async function next(client: ApiClient, projectId: string): Promise<{ assignment: string; task: TaskDto }> {
  const n = await client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${projectId}/next`);
  if (!n.assignment || !n.task) throw new Error('no task left');
  return { assignment: n.assignment.id, task: n.task };
}

/** The evidence span of `text` in `passage`, in code points. */
function span(passage: string, text: string): { start: number; end: number; text: string } {
  const start = Array.from(passage.slice(0, passage.indexOf(text))).length;
  return { start, end: start + Array.from(text).length, text };
}

const lines = (text: string): Record<string, unknown>[] => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

/** The records of a Parquet file, as plain JSON values. */
async function parquetRecords(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  const file = bytes.slice().buffer;
  return JSON.parse(JSON.stringify(await parquetReadObjects({ file }), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as Record<string, unknown>[];
}

describe.each(BACKENDS)('grounded QA and prompt writing on $name', (backend) => {
  let t: TestServer;
  let annotator: ApiClient;
  let qa: ProjectDto;
  let writing: ProjectDto;
  const download = async (projectId: string, query: string): Promise<{ status: number; bytes: Uint8Array; type: string | null }> => {
    const res = await fetch(`${t.owner.baseUrl}/api/v1/projects/${projectId}/export?${query}`, { headers: t.owner.authHeaders('GET') });
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type') };
  };

  beforeAll(async () => {
    t = await startTestServer(backend);
    annotator = await addMember(t, 'annotator@example.com', 'annotator');
    qa = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '文档问答', labelConfig: groundedQaTemplate, qualityPolicy: { review: 'none' } });
    await t.owner.expect(201, 'POST', `/api/v1/projects/${qa.id}/import?format=jsonl`, PASSAGES.map((passage) => JSON.stringify({ passage })).join('\n'), { 'content-type': 'application/x-ndjson' });
    writing = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '指令撰写', labelConfig: promptWritingTemplate, qualityPolicy: { review: 'none' } });
    await t.owner.expect(201, 'POST', `/api/v1/projects/${writing.id}/import?format=jsonl`, JSON.stringify({ dialogue: [{ role: 'system', content: '你是旅游助手' }] }), { 'content-type': 'application/x-ndjson' });
  });
  afterAll(async () => t?.close());

  it('checks the QA rules on submit, naming the pair and the field', async () => {
    const { assignment, task } = await next(annotator, qa.id);
    const passage = task.data['passage'] as string;
    const wrong = await annotator.request<ErrorBody>('POST', `/api/v1/assignments/${assignment}/annotations`, {
      result: [{ id: 'q', from_name: 'qa', to_name: 'passage', type: 'groundedqa', value: { pairs: [{ question: '在哪里', answer: '不知道', evidence: [span(passage, '北魏')] }] } }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toMatchObject({
      issues: [
        { path: 'result[0].value.pairs[0].question', message: 'must be at least 4 characters, got 3' },
        { path: 'result[0].value.pairs[0].question', message: 'must end with "？" or "?"' },
        { path: 'result[0].value.pairs[0].answer', message: 'must be copied from the evidence (extractive QA): it does not occur in any of its evidence spans' },
      ],
    });
    const pairs = passage.includes('云冈')
      ? [
          { question: '云冈石窟位于哪里？', answer: '山西省大同市', evidence: [span(passage, '山西省大同市')] },
          { question: '云冈石窟开凿于哪个朝代？', answer: '北魏', evidence: [span(passage, '开凿于北魏')] },
        ]
      : [{ question: '悬空寺建在哪里？', answer: '恒山金龙峡的峭壁上', evidence: [span(passage, '建在恒山金龙峡的峭壁上')] }];
    await annotator.expect(201, 'POST', `/api/v1/assignments/${assignment}/annotations`, { result: [{ id: 'q', from_name: 'qa', to_name: 'passage', type: 'groundedqa', value: { pairs } }] });
    const second = await next(annotator, qa.id);
    const other = second.task.data['passage'] as string;
    const answer = other.includes('云冈') ? '山西省大同市' : '恒山金龙峡的峭壁上';
    await annotator.expect(201, 'POST', `/api/v1/assignments/${second.assignment}/annotations`, {
      result: [{ id: 'q', from_name: 'qa', to_name: 'passage', type: 'groundedqa', value: { pairs: [{ question: '它在哪里？', answer, evidence: [span(other, answer)] }] } }],
    });
  });

  it('exports SQuAD-shaped QA lines with answer_start in code points', async () => {
    const res = await download(qa.id, 'format=qa');
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/x-ndjson');
    const records = lines(strFromU8(res.bytes));
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const r of records) {
      const { text, answer_start } = r['answers'] as { text: string[]; answer_start: number[] };
      // What Python's context[answer_start:answer_start + len(answer)] gives.
      expect(Array.from(r['context'] as string).slice(answer_start[0], answer_start[0]! + Array.from(text[0]!).length).join('')).toBe(text[0]);
    }
    expect(records.find((r) => r['question'] === '云冈石窟位于哪里？')).toMatchObject({ answers: { text: ['山西省大同市'], answer_start: [7] } });
    // Conversations' formats need a dialogue field.
    expect((await t.owner.request<ErrorBody>('GET', `/api/v1/projects/${qa.id}/export?format=sft`)).status).toBe(400);
  });

  it('writes Parquet next to the JSON Lines in the hf zip, the card pointing at it, and the files agree', async () => {
    const res = await download(qa.id, 'format=hf&files=both');
    expect(res.status).toBe(200);
    const files = unzipSync(res.bytes);
    expect(Object.keys(files).sort()).toEqual(['README.md', 'qa/train.jsonl', 'qa/train.parquet']);
    const front = parse(/^---\n([\s\S]*?)\n---\n/.exec(strFromU8(files['README.md']!))![1]!) as { configs: { config_name: string; data_files: { path: string }[] }[] };
    expect(front.configs).toEqual([{ config_name: 'qa', data_files: [{ split: 'train', path: 'qa/train.parquet' }] }]);
    expect(await parquetRecords(files['qa/train.parquet']!)).toEqual(lines(strFromU8(files['qa/train.jsonl']!)));

    const only = unzipSync((await download(qa.id, 'format=hf&files=parquet')).bytes);
    expect(Object.keys(only).sort()).toEqual(['README.md', 'qa/train.parquet']);
    expect((await t.owner.request<ErrorBody>('GET', `/api/v1/projects/${qa.id}/export?format=qa&files=parquet`)).status).toBe(400);
  });

  it('takes a written prompt and answer, checks their rules, and exports them as SFT in JSONL and Parquet', async () => {
    const { assignment } = await next(annotator, writing.id);
    const edit = (value: Record<string, unknown>) => ({ result: [{ id: 'a', from_name: 'answer', to_name: 'dialogue', type: 'responseedit', value: { response: 0, ...value } }] });
    const wrong = await annotator.request<ErrorBody>('POST', `/api/v1/assignments/${assignment}/annotations`, edit({ text: '作为一个AI，我无法回答这个问题。' }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toMatchObject({
      issues: [
        { path: 'result[0].value.prompt', message: 'must hold the prompt: the task has no user message, so write the instruction the answer responds to' },
        { path: 'result[0].value.text', message: 'must not contain the forbidden phrase "作为一个AI"' },
      ],
    });
    await annotator.expect(201, 'POST', `/api/v1/assignments/${assignment}/annotations`, edit({ prompt: '云冈石窟几点开门？', text: '云冈石窟每天八点半开门，下午五点停止入园。' }));
    const sft = lines(strFromU8((await download(writing.id, 'format=sft')).bytes));
    const expected = { messages: [{ role: 'system', content: '你是旅游助手' }, { role: 'user', content: '云冈石窟几点开门？' }, { role: 'assistant', content: '云冈石窟每天八点半开门，下午五点停止入园。' }] };
    expect(sft).toEqual([expected]);
    const files = unzipSync((await download(writing.id, 'format=hf&files=parquet')).bytes);
    expect(Object.keys(files).sort()).toEqual(['README.md', 'sft/train.parquet']);
    expect(await parquetRecords(files['sft/train.parquet']!)).toEqual([expected]);
  });
});
