import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textClassificationTemplate, type AnnotationDto, type ErrorBody, type JudgementsDto, type ModelBackendDto, type ModelHealthDto, type NextReviewDto, type NextTaskDto, type ProjectDto, type ProjectModelSettingsDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { FakeLsBackend } from './test-support/fake-ls-backend.js';
import { addMember, choiceResult } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import type { ApiClient } from './test-support/api-client.js';

/**
 * AI-assisted annotation, second part (docs/models.md): LLM-as-judge against a fake OpenAI-compatible
 * server on loopback, API keys encrypted at rest, the diversity queue order, and a training trigger
 * that counts only accepted labels.
 */

/** A chat-completions endpoint on loopback: answers `answer` and records what it was asked. */
class FakeChat {
  private server!: Server;
  url = '';
  answer = '';
  readonly asked: { path: string; auth: string | undefined; body: Record<string, unknown> }[] = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString('utf8')));
      req.on('end', () => {
        this.asked.push({ path: req.url ?? '', auth: req.headers.authorization, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url === '/v1/models') return res.end(JSON.stringify({ data: [{ id: 'judge-7b' }] }));
        res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: this.answer } }] }));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function submitNext(client: ApiClient, projectId: string, choice: 'positive' | 'negative' | 'neutral' = 'positive'): Promise<{ taskText: string; annotation: AnnotationDto }> {
  const next = await client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${projectId}/next`);
  const annotation = await client.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: choiceResult(choice) });
  return { taskText: String(next.task!.data['text']), annotation };
}

async function importLines(t: TestServer, projectId: string, texts: string[]): Promise<void> {
  await t.owner.expect(201, 'POST', `/api/v1/projects/${projectId}/import?format=jsonl`, texts.map((text) => JSON.stringify({ text })).join('\n'), { 'content-type': 'application/x-ndjson' });
}

describe.each(BACKENDS)('model assistance on $name', (backend) => {
  let t: TestServer;
  let chat: FakeChat;
  let judgeBackend: ModelBackendDto;

  beforeAll(async () => {
    t = await startTestServer(backend);
    chat = await new FakeChat().start();
  });
  afterAll(async () => {
    await chat?.close();
    await t?.close();
  });

  it('keeps API keys encrypted at rest (AES-256-GCM), reads old plaintext rows and seals them on the next write', async () => {
    judgeBackend = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'judge', kind: 'openai', url: chat.url, model: 'judge-7b', apiKey: 'sk-judge-secret', timeoutMs: 2000, retries: 0 });
    const stored = () => t.database.system((tx) => tx.selectFrom('model_backends').select('api_key').where('id', '=', judgeBackend.id).executeTakeFirstOrThrow());
    const sealed = (await stored()).api_key!;
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain('sk-judge-secret');
    expect(Buffer.from(sealed.slice(7), 'base64').toString('latin1')).not.toContain('sk-judge-secret');
    expect((await t.owner.expect<ModelHealthDto>(200, 'POST', `/api/v1/model-backends/${judgeBackend.id}/health`)).ok).toBe(true);
    expect(chat.asked.at(-1)!.auth).toBe('Bearer sk-judge-secret');

    // A row written before encryption existed: still used as it is, and sealed by the next change.
    await t.database.system((tx) => tx.updateTable('model_backends').set({ api_key: 'sk-legacy-plain' }).where('id', '=', judgeBackend.id).execute());
    await t.owner.expect(200, 'PATCH', `/api/v1/model-backends/${judgeBackend.id}`, { timeoutMs: 3000 });
    expect((await stored()).api_key).toMatch(/^enc:v1:/);
    await t.owner.expect(200, 'POST', `/api/v1/model-backends/${judgeBackend.id}/health`);
    expect(chat.asked.at(-1)!.auth).toBe('Bearer sk-legacy-plain');
    await t.owner.expect(200, 'PATCH', `/api/v1/model-backends/${judgeBackend.id}`, { apiKey: 'sk-judge-secret' });
    expect((await stored()).api_key).not.toBe(sealed); // a fresh IV each time
  });

  it("LLM-as-judge: scores a task's annotation against the project's rubric with a JSON-schema answer, stores the verdict for reviewers", async () => {
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'judged', labelConfig: textClassificationTemplate, overlap: 1 });
    await importLines(t, project.id, ['这家店的菜太难吃了']);
    const rubric = '请严格判断情感标注是否正确。\n任务：{{task}}\n标注：{{annotation}}';
    const settings = await t.owner.expect<ProjectModelSettingsDto>(200, 'PUT', `/api/v1/projects/${project.id}/model-settings`, { backendId: judgeBackend.id, judgeRubric: rubric });
    expect(settings.judgeRubric).toBe(rubric);
    const annotator = await addMember(t, 'judged@models.example.com', 'annotator');
    const { annotation } = await submitNext(annotator, project.id, 'positive');

    chat.answer = JSON.stringify({ score: 0.1, reasons: ['“太难吃了”是负面评价，标成了正面'] });
    const judged = await t.owner.expect<JudgementsDto>(200, 'POST', `/api/v1/projects/${project.id}/tasks/${annotation.taskId}/judge`, {});
    expect(judged.items).toHaveLength(1);
    expect(judged.items[0]).toMatchObject({ annotationId: annotation.id, annotationVersion: 1, backendId: judgeBackend.id, modelVersion: 'judge-7b', score: expect.closeTo(0.1, 5) as number, reasons: ['“太难吃了”是负面评价，标成了正面'], candidates: null });
    const call = chat.asked.at(-1)!;
    expect(call.path).toBe('/v1/chat/completions');
    const messages = call.body['messages'] as { role: string; content: string }[];
    expect(messages[1]!.content).toContain('请严格判断情感标注是否正确');
    expect(messages[1]!.content).toContain('这家店的菜太难吃了');
    expect(messages[1]!.content).toContain('"positive"');
    expect(call.body['response_format']).toMatchObject({ type: 'json_schema', json_schema: { name: 'verdict', schema: { required: ['score', 'reasons'] } } });

    const listed = await t.owner.expect<JudgementsDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks/${annotation.taskId}/judgements`);
    expect(listed.items.map((j) => j.id)).toEqual([judged.items[0]!.id]);

    // Reviewing is the reviewers' business; a verdict that breaks the schema is the model's fault (502, with paths).
    expect((await annotator.request('POST', `/api/v1/projects/${project.id}/tasks/${annotation.taskId}/judge`, {})).status).toBe(403);
    chat.answer = JSON.stringify({ score: 9, reasons: [] });
    const bad = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/tasks/${annotation.taskId}/judge`, {});
    expect(bad.status).toBe(502);
    expect(JSON.stringify(bad.body.error.details)).toContain('"path":"score"');
    // A backend that cannot judge says so.
    const rules = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'rules-no-judge', kind: 'rules', rules: { keywords: [{ choice: 'negative', keywords: ['难吃'] }] } });
    const cannot = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/tasks/${annotation.taskId}/judge`, { backendId: rules.id });
    expect(cannot.status).toBe(400);
    expect(cannot.body.error.message).toContain('cannot judge');
  });

  it('diversity order: the next task comes from the cluster of similar texts seen least, unlike the default order', async () => {
    const groups = [
      ['这款手机的电池非常耐用，充电一次能用两天，编号1', '这款手机的电池非常耐用，充电一次能用两天，编号2', '这款手机的电池非常耐用，充电一次能用两天，编号3'],
      ['酒店前台服务热情周到，房间干净整洁，早餐品种丰富，编号1', '酒店前台服务热情周到，房间干净整洁，早餐品种丰富，编号2', '酒店前台服务热情周到，房间干净整洁，早餐品种丰富，编号3'],
      ['快递三天才送到，包装也破了，客服一直不回消息，编号1', '快递三天才送到，包装也破了，客服一直不回消息，编号2', '快递三天才送到，包装也破了，客服一直不回消息，编号3'],
    ];
    const groupOf = (text: string) => groups.findIndex((g) => g.includes(text));
    const make = async (name: string, queueOrder: 'default' | 'diversity') => {
      const p = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name, labelConfig: textClassificationTemplate, overlap: 1 });
      await importLines(t, p.id, groups.flat());
      await t.owner.expect(200, 'PUT', `/api/v1/projects/${p.id}/model-settings`, { backendId: null, queueOrder });
      return p;
    };
    const plain = await make('diversity-default', 'default');
    const diverse = await make('diversity-on', 'diversity');
    const order = async (p: ProjectDto) => {
      const seen: number[] = [];
      for (let i = 0; i < 6; i++) seen.push(groupOf((await submitNext(t.owner, p.id)).taskText));
      return seen;
    };
    expect(await order(plain)).toEqual([0, 0, 0, 1, 1, 1]);
    const diverseOrder = await order(diverse);
    // Every cluster once before any twice.
    expect(new Set(diverseOrder.slice(0, 3)).size).toBe(3);
    expect(new Set(diverseOrder.slice(3, 6)).size).toBe(3);
    const clusters = await t.database.system((tx) => tx.selectFrom('task_clusters').select(['cluster', 'source']).where('project_id', '=', diverse.id).execute());
    expect(clusters).toHaveLength(9);
    expect(new Set(clusters.map((c) => c.cluster)).size).toBe(3);
    expect(clusters.every((c) => c.source === 'text')).toBe(true);
  });

  it('training counts only accepted labels: with review, a label counts when a reviewer accepts it, never when rejected', async () => {
    const fake = await new FakeLsBackend(() => ({ result: [] })).start();
    try {
      const ls = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'trainer', kind: 'label-studio', url: fake.url, timeoutMs: 2000 });
      const p = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'reviewed-training', labelConfig: textClassificationTemplate, overlap: 1, qualityPolicy: { review: 'all' } });
      await importLines(t, p.id, ['一', '二', '三']);
      await t.owner.expect(200, 'PUT', `/api/v1/projects/${p.id}/model-settings`, { backendId: ls.id, trainEvery: 2 });
      const annotator = await addMember(t, 'trainee@models.example.com', 'annotator');
      const reviewer = await addMember(t, 'trainer-reviewer@models.example.com', 'reviewer');
      const count = async () => (await t.owner.expect<ProjectModelSettingsDto>(200, 'GET', `/api/v1/projects/${p.id}/model-settings`)).acceptedSinceTraining;
      await submitNext(annotator, p.id, 'positive');
      await submitNext(annotator, p.id, 'negative');
      await submitNext(annotator, p.id, 'neutral');
      expect(await count()).toBe(0);
      const decide = async (decision: 'accept' | 'reject') => {
        const item = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!;
        await reviewer.expect(200, 'POST', `/api/v1/reviews/${item.id}`, decision === 'accept' ? { decision } : { decision, comment: '不对' });
      };
      await decide('accept');
      expect(await count()).toBe(1);
      await decide('reject');
      expect(await count()).toBe(1);
      const before = fake.callsTo('/webhook').length;
      await decide('accept');
      for (let i = 0; i < 200 && fake.callsTo('/webhook').length === before; i++) await new Promise((r) => setTimeout(r, 50));
      const hook = fake.callsTo('/webhook').at(-1)!.body as { action: string; annotation: { result: unknown[] } };
      expect(hook.action).toBe('START_TRAINING');
      expect(await count()).toBe(0);
    } finally {
      await fake.close();
    }
  });
});
