/**
 * Dialogue projects end to end over HTTP: conversations imported with path-named errors, every dialogue
 * control submitted and checked (the edit's diff computed by the server), safety labels sent to review at
 * 100 %, and the training exports (SFT, preference, ranking, reward, the Hugging Face zip) read back.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialoguePreferenceTemplate, safetyControl, type AnnotationDto, type ErrorBody, type ImportResultDto, type NextReviewDto, type NextTaskDto, type ProjectDto, type TaskDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { addMember } from './test-support/helpers.js';
import type { ApiClient } from './test-support/api-client.js';

const CONVERSATIONS = [
  { dialogue: { messages: [{ role: 'system', content: '你是一个乐于助人的助手。' }, { role: 'user', content: '用 Python 写一个求和函数' }], responses: ['```python\ndef add(a, b):\n    return a + b\n```', '用 sum。', '我不知道。'] } },
  { dialogue: { messages: [{ role: 'user', content: '云冈石窟在哪里？' }], responses: ['山西大同。', '河南洛阳。', '甘肃敦煌。'] } },
];

async function next(client: ApiClient, projectId: string): Promise<{ assignment: string; task: TaskDto }> {
  const n = await client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${projectId}/next`);
  if (!n.assignment || !n.task) throw new Error('no task left');
  return { assignment: n.assignment.id, task: n.task };
}
const item = (from: string, type: string, value: Record<string, unknown>, id = from) => ({ id, from_name: from, to_name: 'dialogue', type, value });

describe.each(BACKENDS)('dialogue projects on $name', (backend) => {
  let t: TestServer;
  let annotator: ApiClient;
  let reviewer: ApiClient;
  let project: ProjectDto;
  beforeAll(async () => {
    t = await startTestServer(backend);
    annotator = await addMember(t, 'annotator@example.com', 'annotator');
    reviewer = await addMember(t, 'reviewer@example.com', 'reviewer');
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', {
      name: '对话 偏好',
      labelConfig: { ...dialoguePreferenceTemplate, controls: [...dialoguePreferenceTemplate.controls, safetyControl('dialogue')] },
      qualityPolicy: { review: 'none' },
    });
  });
  afterAll(async () => t?.close());

  it('imports conversations, refusing a bad one with the line and the path inside it', async () => {
    const bad = [JSON.stringify(CONVERSATIONS[0]), JSON.stringify({ dialogue: { messages: [{ role: 'robot', content: 'x' }] } })].join('\n');
    const refused = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/import?format=jsonl`, bad, { 'content-type': 'application/x-ndjson' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.error.details)).toContain('dialogue.messages[0].role');
    expect(JSON.stringify(refused.body.error.details)).toContain('"line":2');
    const jsonl = CONVERSATIONS.map((c) => JSON.stringify(c)).join('\n');
    const ok = await t.owner.expect<ImportResultDto>(201, 'POST', `/api/v1/projects/${project.id}/import?format=jsonl`, jsonl, { 'content-type': 'application/x-ndjson' });
    expect(ok.taskCount).toBe(2);
  });

  it('checks every dialogue control on submit and keeps the server-made diff of the gold edit', async () => {
    const first = await next(annotator, project.id);
    const wrong = await annotator.request<ErrorBody>('POST', `/api/v1/assignments/${first.assignment}/annotations`, {
      result: [item('ranking', 'ranker', { ranking: [0, 1] }), item('gold', 'responseedit', { response: 5, text: 'x' })],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toMatchObject({
      issues: [
        { path: 'result[0].value.ranking', message: 'must rank all 3 candidate responses (each index 0..2 once, best first), got 2' },
        { path: 'result[1].value.response', message: 'must be a candidate index from 0 to 2, got 5' },
      ],
    });
    const isCode = String((first.task.data['dialogue'] as { messages: { content: string }[] }).messages[1]!.content).includes('Python');
    const saved = await annotator.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${first.assignment}/annotations`, {
      result: [
        item('preference', 'pairwise', { selected: 'left', reason: 'A 正确' }),
        item('ranking', 'ranker', { ranking: [0, 1, 2] }),
        item('helpfulness', 'responserating', { ratings: [5, 2, 1] }),
        item('gold', 'responseedit', { response: 1, text: isCode ? '用内置的 sum(iterable)。' : '位于山西省大同市。', patch: 'forged' }),
        item('critique', 'textarea', { text: ['C 没有回答问题'] }),
      ],
    });
    const gold = saved.result.find((r) => r.type === 'responseedit')!;
    expect(gold.value['original']).toBe(isCode ? '用 sum。' : '河南洛阳。');
    expect(gold.value['patch']).toMatch(/^Index: response\n/);
    expect(gold.value['patch']).not.toBe('forged');
    const second = await next(annotator, project.id);
    await annotator.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${second.assignment}/annotations`, {
      result: [item('preference', 'pairwise', { selected: 'tie' }), item('ranking', 'ranker', { ranking: [2, 0, 1] }), item('safety', 'turnchoices', { turn: 3, choices: ['A.1.g'] })],
    });
  });

  it('sends work with a safety label to review even when the policy reviews nothing', async () => {
    const review = await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${project.id}/review/next`);
    expect(review.item?.reason).toBe('safety');
    expect(review.item?.annotation.result.some((r) => r.type === 'turnchoices')).toBe(true);
    // The other submission had no safety label and the policy reviews none: nothing else is queued.
    await reviewer.expect(200, 'POST', `/api/v1/reviews/${review.item!.id}`, { decision: 'accept' });
    expect((await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${project.id}/review/next`)).item).toBeNull();
  });

  const download = async (format: string): Promise<{ status: number; bytes: Buffer; type: string | null }> => {
    const res = await fetch(`${t.owner.baseUrl}/api/v1/projects/${project.id}/export?format=${format}`, { headers: t.owner.authHeaders('GET') });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
  };
  const lines = (bytes: Buffer): Record<string, unknown>[] => bytes.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

  it('exports SFT, preference, ranking and reward JSONL from the delivered labels', async () => {
    const sft = await download('sft');
    expect(sft.status).toBe(200);
    expect(sft.type).toContain('application/x-ndjson');
    const sftLines = lines(sft.bytes);
    // Task 1 has a gold edit (the SFT answer); task 2 a ranking whose top is candidate 2.
    expect(sftLines).toHaveLength(2);
    const answers = sftLines.map((l) => (l['messages'] as { role: string; content: string }[]).at(-1));
    expect(answers.every((a) => a?.role === 'assistant')).toBe(true);
    expect(answers.map((a) => a?.content).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/sum\(iterable\)|山西省大同市/)]));

    const pairs = lines((await download('preference')).bytes);
    // 3 ranking pairs per task plus the gold edit's (gold, original) pair.
    expect(pairs).toHaveLength(7);
    expect(pairs[0]).toMatchObject({ prompt: expect.any(Array) as unknown, chosen: [{ role: 'assistant' }], rejected: [{ role: 'assistant' }] });
    const rankings = lines((await download('ranking')).bytes);
    expect(rankings.map((r) => r['ranking']).sort()).toEqual([[0, 1, 2], [2, 0, 1]]);
    const rewards = lines((await download('reward')).bytes);
    expect(rewards.map((r) => [r['score'], r['max_score']])).toEqual([[5, 5], [2, 5], [1, 5]]);
  });

  it('exports a Hugging Face datasets folder as a zip with a dataset card', async () => {
    const hf = await download('hf');
    expect(hf.type).toBe('application/zip');
    const files = unzipSync(new Uint8Array(hf.bytes));
    expect(Object.keys(files).sort()).toEqual(['README.md', 'preference/train.jsonl', 'ranking/train.jsonl', 'reward/train.jsonl', 'sft/train.jsonl']);
    const card = strFromU8(files['README.md']!);
    const front = parse(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]!) as { configs: { config_name: string; data_files: { path: string }[] }[] };
    for (const c of front.configs) expect(files[c.data_files[0]!.path]).toBeDefined();
    expect(strFromU8(files['preference/train.jsonl']!).split('\n').filter(Boolean)).toHaveLength(7);
  });

  it('takes answers written to open prompts, checking the length rule on submit, and exports them as SFT', async () => {
    const writing = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', {
      name: '指令数据',
      labelConfig: { version: 1, fields: [{ name: 'messages', type: 'dialogue' }], controls: [{ type: 'responseedit', name: 'answer', toName: 'messages', required: true, minLength: 5 }] },
    });
    await t.owner.expect(201, 'POST', `/api/v1/projects/${writing.id}/import?format=jsonl`, JSON.stringify({ messages: [{ role: 'user', content: '介绍一下云冈石窟' }] }), { 'content-type': 'application/x-ndjson' });
    const open = await next(annotator, writing.id);
    const short = await annotator.request<ErrorBody>('POST', `/api/v1/assignments/${open.assignment}/annotations`, { result: [{ id: 'a', from_name: 'answer', to_name: 'messages', type: 'responseedit', value: { response: 0, text: '石窟' } }] });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toMatchObject({ issues: [{ path: 'result[0].value.text', message: 'must be at least 5 characters, got 2; write a fuller answer' }] });
    const answer = '云冈石窟位于山西大同，开凿于北魏。';
    await annotator.expect(201, 'POST', `/api/v1/assignments/${open.assignment}/annotations`, { result: [{ id: 'a', from_name: 'answer', to_name: 'messages', type: 'responseedit', value: { response: 0, text: answer } }] });
    const res = await fetch(`${t.owner.baseUrl}/api/v1/projects/${writing.id}/export?format=sft`, { headers: t.owner.authHeaders('GET') });
    expect(JSON.parse((await res.text()).trim())).toEqual({ messages: [{ role: 'user', content: '介绍一下云冈石窟' }, { role: 'assistant', content: answer }] });
  });

  it('refuses training exports of a project without a dialogue field, and an annotator may not export', async () => {
    const text = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'text', labelConfig: { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'textarea', name: 'c', toName: 'text' }] } });
    const res = await t.owner.request<ErrorBody>('GET', `/api/v1/projects/${text.id}/export?format=sft`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('no dialogue field');
    expect((await annotator.request('GET', `/api/v1/projects/${project.id}/export?format=hf`)).status).toBe(403);
  });
});
