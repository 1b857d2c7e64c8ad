import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { characterErrorRate, chineseNerTemplate, type ErrorBody, type JobDto, type MediaIntakeResultDto, type ModelAccuracyDto, type ModelBackendDto, type ModelHealthDto, type NextTaskDto, type ProjectDto, type SuggestionDto, type TaskDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { FakeLsBackend } from './test-support/fake-ls-backend.js';
import { addMember, createChoiceProject } from './test-support/helpers.js';
import { tesseractAvailable } from './test-support/tesseract.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/**
 * AI-assisted annotation over real HTTP (docs/models.md): the Label Studio ML backend protocol against a
 * small backend on loopback, timeouts and retries with a backend that hangs, secrets that never come
 * back, rule pre-annotation as a background job, per-model accuracy, and Tesseract OCR on rendered
 * Chinese and English images with known text.
 */
const OCR = tesseractAvailable();

/** A white PNG with `lines` of black text (a font with Chinese glyphs must be installed). */
async function textImage(lines: string[]): Promise<Buffer> {
  const height = 70 * lines.length + 40;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${height}"><rect width="100%" height="100%" fill="white"/>${lines
    .map((l, i) => `<text x="30" y="${70 * i + 75}" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="44" fill="black">${l}</text>`)
    .join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Polls a job until it ends (the server's runner works it in the background). */
async function finish(t: TestServer, job: JobDto): Promise<JobDto> {
  let current = job;
  for (let i = 0; i < 400 && current.status !== 'succeeded' && current.status !== 'failed' && current.status !== 'cancelled'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    current = await t.owner.expect<JobDto>(200, 'GET', `/api/v1/jobs/${job.id}`);
  }
  return current;
}

function upload(file: Buffer, name: string): FormData {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(file)]), name);
  return form;
}

describe.each(BACKENDS)('model backends on $name', (backend) => {
  let t: TestServer;
  let fake: FakeLsBackend;
  let project: ProjectDto;

  beforeAll(async () => {
    t = await startTestServer(backend);
    fake = await new FakeLsBackend((task) => ({
      result: [{ id: `p${task.id}`, from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [String(task.data['text']).includes('好') ? 'positive' : 'negative'] } }],
      score: String(task.data['text']).includes('好') ? 0.9 : 0.4,
    })).start();
    project = await createChoiceProject(t.owner, { name: 'assisted' });
    await t.owner.expect(201, 'POST', `/api/v1/projects/${project.id}/import?format=jsonl`, ['很好', '很差', '还好'].map((text) => JSON.stringify({ text })).join('\n'), { 'content-type': 'application/x-ndjson' });
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  it('speaks the Label Studio ML backend protocol: /health, /predict with the XML config, integer task ids and the interactive context', async () => {
    const created = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'ls', kind: 'label-studio', url: fake.url, apiKey: 'sk-secret-value', timeoutMs: 2000 });
    expect(created).toMatchObject({ kind: 'label-studio', url: fake.url, hasApiKey: true, retries: 2 });
    // The key goes in and never comes out.
    const listed = await t.owner.request('GET', '/api/v1/model-backends');
    expect(JSON.stringify(listed.body)).not.toContain('sk-secret-value');
    expect(JSON.stringify(created)).not.toContain('sk-secret-value');

    const health = await t.owner.expect<ModelHealthDto>(200, 'POST', `/api/v1/model-backends/${created.id}/health`);
    expect(health).toMatchObject({ ok: true, detail: 'UP FakeModel' });
    expect(fake.callsTo('/health')[0]!.headers.authorization).toBe('Token sk-secret-value');

    await t.owner.expect(200, 'PUT', `/api/v1/projects/${project.id}/model-settings`, { backendId: created.id });
    const tasks = await t.owner.expect<{ items: { id: string; data: { text: string } }[] }>(200, 'GET', `/api/v1/projects/${project.id}/tasks`);
    const good = tasks.items.find((x) => x.data.text === '很好')!;
    const suggestion = await t.owner.expect<SuggestionDto>(200, 'POST', `/api/v1/projects/${project.id}/tasks/${good.id}/suggest`, { context: { selection: { start: 0, end: 1 } } });
    expect(suggestion).toMatchObject({ backendId: created.id, score: 0.9, modelVersion: 'fake-1', result: [{ from_name: 'sentiment', type: 'choices', value: { choices: ['positive'] } }] });

    const call = fake.callsTo('/predict').at(-1)!.body as { tasks: { id: unknown; data: unknown }[]; project: string; label_config: string; params: { context: { result: { type: string; value: unknown }[] } } };
    expect(call.tasks).toEqual([{ id: Number(good.id), data: { text: '很好' } }]);
    expect(call.project).toMatch(new RegExp(`^${project.id}\\.\\d+$`));
    expect(call.label_config).toContain('<Choices name="sentiment" toName="text" choice="single">');
    expect(call.params.context.result).toEqual([{ type: 'labels', to_name: 'text', from_name: 'context', is_positive: true, value: { start: 0, end: 1, labels: [] } }]);
  });

  it('pre-annotation with a Label Studio backend: /setup with the XML schema first, then batches of /predict; predictions carry version and score', async () => {
    const ls = (await t.owner.expect<ModelBackendDto[]>(200, 'GET', '/api/v1/model-backends')).find((b) => b.name === 'ls')!;
    const predictsBefore = fake.callsTo('/predict').length;
    const job = await t.owner.expect<JobDto>(202, 'POST', `/api/v1/projects/${project.id}/preannotate`, { backendId: ls.id, batchSize: 2 });
    const finished = await finish(t, job);
    expect(finished).toMatchObject({ status: 'succeeded', done: 3, total: 3, summary: { stored: 3, invalid: 0 } });
    const setup = fake.callsTo('/setup').at(-1)!.body as { project: string; schema: string };
    expect(setup.project).toMatch(new RegExp(`^${project.id}\\.\\d+$`));
    expect(setup.schema).toContain('<Text name="text" value="$text"/>');
    const batches = fake.callsTo('/predict').slice(predictsBefore).map((c) => (c.body as { tasks: unknown[] }).tasks.length);
    expect(batches).toEqual([2, 1]);
    const tasks = await t.owner.expect<{ items: { id: string; data: { text: string } }[] }>(200, 'GET', `/api/v1/projects/${project.id}/tasks`);
    const bad = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${tasks.items.find((x) => x.data.text === '很差')!.id}`);
    expect(bad.predictions).toMatchObject([{ modelVersion: 'fake-1', score: 0.4, result: [{ value: { choices: ['negative'] } }] }]);

    // Active learning: with uncertainty order, an annotator gets the least confident prediction first.
    await t.owner.expect(200, 'PUT', `/api/v1/projects/${project.id}/model-settings`, { backendId: ls.id, queueOrder: 'uncertainty' });
    const learner = await addMember(t, 'learner@models.example.com', 'annotator');
    const first = await learner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    expect(first.task!.data['text']).toBe('很差');
    await learner.expect(204, 'POST', `/api/v1/assignments/${first.assignment!.id}/release`);
    await t.owner.expect(200, 'PUT', `/api/v1/projects/${project.id}/model-settings`, { backendId: ls.id, queueOrder: 'default' });
  });

  it('a hanging backend answers 504 within timeout × tries; a failing one 502; a result that does not fit 502 with the paths', async () => {
    const hanging = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'hangs', kind: 'label-studio', url: fake.url, timeoutMs: 300, retries: 1 });
    const tasks = await t.owner.expect<{ items: { id: string }[] }>(200, 'GET', `/api/v1/projects/${project.id}/tasks`);
    const taskId = tasks.items[0]!.id;
    fake.mode = 'hang';
    const before = fake.callsTo('/predict').length;
    const started = Date.now();
    const slow = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/tasks/${taskId}/suggest`, { backendId: hanging.id });
    expect(slow.status).toBe(504);
    expect(slow.body.error.code).toBe('gateway_timeout');
    expect(slow.body.error.message).toMatch(/took longer than 300 ms \(2 tries\)/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.callsTo('/predict').length - before).toBe(2);
    // Meanwhile the rest of the server (and the workbench's other calls) kept working.
    await t.owner.expect(200, 'GET', `/api/v1/projects/${project.id}`);

    fake.mode = 'fail';
    const failing = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/tasks/${taskId}/suggest`, { backendId: hanging.id });
    expect(failing.status).toBe(502);
    expect(failing.body.error.message).toMatch(/answered 500/);
    const health = await t.owner.expect<ModelHealthDto>(200, 'POST', `/api/v1/model-backends/${hanging.id}/health`);
    expect(health.ok).toBe(false);
    fake.mode = 'ok';

    const wrong = await (new FakeLsBackend(() => ({ result: [{ id: 'x', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['excellent'] } }] }))).start();
    try {
      const misfit = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'misfit', kind: 'label-studio', url: wrong.url });
      const res = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/tasks/${taskId}/suggest`, { backendId: misfit.id });
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(/does not fit this project.*result\[0\]/);
    } finally {
      await wrong.close();
    }
  });

  it('registry: names unique, settings checked with paths, only managers and above change backends, annotators suggest only on their tasks', async () => {
    const dup = await t.owner.request<ErrorBody>('POST', '/api/v1/model-backends', { name: 'ls', kind: 'label-studio', url: fake.url });
    expect(dup.status).toBe(409);
    const bad = await t.owner.request<ErrorBody>('POST', '/api/v1/model-backends', { name: 'bad rules', kind: 'rules', rules: { regex: [{ label: 'X', pattern: '(' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('rules.regex[0].pattern');
    const noUrl = await t.owner.request<ErrorBody>('POST', '/api/v1/model-backends', { name: 'no url', kind: 'openai', model: 'm' });
    expect(noUrl.body.error.message).toContain('url');

    const annotator = await addMember(t, 'annotator@models.example.com', 'annotator');
    expect((await annotator.request<ErrorBody>('POST', '/api/v1/model-backends', { name: 'mine', kind: 'rules', rules: {} })).status).toBe(403);
    const tasks = await t.owner.expect<{ items: { id: string }[] }>(200, 'GET', `/api/v1/projects/${project.id}/tasks`);
    const leased = await annotator.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    const other = tasks.items.find((x) => x.id !== leased.task!.id)!;
    expect((await annotator.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/tasks/${other.id}/suggest`, {})).status).toBe(403);
    const own = await annotator.expect<SuggestionDto>(200, 'POST', `/api/v1/projects/${project.id}/tasks/${leased.task!.id}/suggest`, {});
    expect(own.result).toHaveLength(1);
  });

  it('pre-annotates a project with rules as a background job, and tracks each model against the accepted labels', async () => {
    const ner = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'ner', labelConfig: chineseNerTemplate });
    const texts = ['张三在北京工作', '李四去了上海', '北京和上海', '没有实体'];
    await t.owner.expect(201, 'POST', `/api/v1/projects/${ner.id}/import?format=jsonl`, texts.map((text) => JSON.stringify({ text })).join('\n'), { 'content-type': 'application/x-ndjson' });
    const rules = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'gazetteer', kind: 'rules', rules: { gazetteer: [{ label: 'LOC', terms: ['北京', '上海'] }, { label: 'PER', terms: ['张三'] }] } });
    expect((await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${ner.id}/preannotate`, {})).status).toBe(409);
    await t.owner.expect(200, 'PUT', `/api/v1/projects/${ner.id}/model-settings`, { backendId: rules.id, trainEvery: 10, queueOrder: 'uncertainty' });

    const job = await t.owner.expect<JobDto>(202, 'POST', `/api/v1/projects/${ner.id}/preannotate`, { batchSize: 3 });
    const finished = await finish(t, job);
    expect(finished).toMatchObject({ status: 'succeeded', done: 4, total: 4, summary: { stored: 4, invalid: 0 } });

    // The annotator's task comes with the prediction; its spans are where the terms are, in code points.
    const annotator = await addMember(t, 'ner@models.example.com', 'annotator');
    const next = await annotator.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${ner.id}/next`);
    const prediction = next.predictions![0]!;
    expect(prediction.modelVersion).toMatch(/^rules-gazetteer@/);
    expect(prediction.score).toBe(1);
    const text = String(next.task!.data['text']);
    for (const item of prediction.result) expect([...text].slice(item.value['start'] as number, item.value['end'] as number).join('')).toBe(item.value['text']);

    // Accept the prediction as is for this task: the model agrees fully with that final label.
    await annotator.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: prediction.result, leadTimeMs: 1000 });
    const accuracy = await t.owner.expect<ModelAccuracyDto>(200, 'GET', `/api/v1/projects/${ner.id}/model-accuracy`);
    expect(accuracy.items).toEqual([{ modelVersion: prediction.modelVersion, predictions: 4, compared: 1, meanAgreement: 1, meanScore: 1 }]);

    // A second run finds nothing new to predict.
    const second = await finish(t, await t.owner.expect<JobDto>(202, 'POST', `/api/v1/projects/${ner.id}/preannotate`, {}));
    expect(second.status).toBe('succeeded');
    const task = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${next.task!.id}`);
    expect(task.predictions).toHaveLength(1);
  });

  it('after every N new labels a training event goes to a backend that trains (Label Studio /webhook)', async () => {
    const ls = (await t.owner.expect<ModelBackendDto[]>(200, 'GET', '/api/v1/model-backends')).find((b) => b.name === 'ls')!;
    const trained = await createChoiceProject(t.owner, { name: 'trains' });
    await t.owner.expect(201, 'POST', `/api/v1/projects/${trained.id}/import?format=jsonl`, ['一', '二', '三'].map((text) => JSON.stringify({ text })).join('\n'), { 'content-type': 'application/x-ndjson' });
    await t.owner.expect(200, 'PUT', `/api/v1/projects/${trained.id}/model-settings`, { backendId: ls.id, trainEvery: 2 });
    const before = fake.callsTo('/webhook').length;
    const submit = async (choice: string) => {
      const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${trained.id}/next`);
      await t.owner.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: [{ id: 'c', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } }] });
    };
    await submit('positive');
    await submit('negative');
    for (let i = 0; i < 200 && fake.callsTo('/webhook').length === before; i++) await new Promise((r) => setTimeout(r, 50));
    const hooks = fake.callsTo('/webhook').slice(before);
    expect(hooks).toHaveLength(1);
    const body = hooks[0]!.body as { action: string; project: { id: string; label_config: string }; annotation: { result: { value: { choices: string[] } }[] } };
    expect(body.action).toBe('START_TRAINING');
    expect(body.project.id).toBe(trained.id);
    expect(body.project.label_config).toContain('<Choices name="sentiment"');
    expect(body.annotation.result[0]!.value.choices).toEqual(['negative']);
    // The count starts again: one more label sends nothing.
    await submit('neutral');
    expect((await t.owner.expect<{ acceptedSinceTraining: number }>(200, 'GET', `/api/v1/projects/${trained.id}/model-settings`)).acceptedSinceTraining).toBe(1);
  });

  it.skipIf(!OCR)('reads rendered Chinese and English text with Tesseract into boxes and a transcript', async () => {
    const ocrProject = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', {
      name: 'ocr',
      labelConfig: { version: 1, fields: [{ name: 'image', type: 'image' }], controls: [{ type: 'rectanglelabels', name: 'region', toName: 'image', labels: [{ value: '文字', color: '#1e88e5' }] }, { type: 'textarea', name: 'transcript', toName: 'image' }] },
    });
    const lines = ['今天天气很好，我们去公园', 'Hello OCR 2026'];
    const intake = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${ocrProject.id}/media`, upload(await textImage(lines), 'lines.png'));
    expect(intake.status).toBe(200);
    const tesseract = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'ocr', kind: 'tesseract', timeoutMs: 30_000 });
    expect((await t.owner.expect<ModelHealthDto>(200, 'POST', `/api/v1/model-backends/${tesseract.id}/health`)).ok).toBe(true);
    const tasks = await t.owner.expect<{ items: { id: string }[] }>(200, 'GET', `/api/v1/projects/${ocrProject.id}/tasks`);
    const suggestion = await t.owner.expect<SuggestionDto>(200, 'POST', `/api/v1/projects/${ocrProject.id}/tasks/${tasks.items[0]!.id}/suggest`, { backendId: tesseract.id });
    const transcript = suggestion.result.find((r) => r.type === 'textarea')!.value['text'] as string[];
    expect(transcript).toHaveLength(2);
    expect(characterErrorRate(lines[0]!, transcript[0]!).rate).toBeLessThan(0.2);
    expect(characterErrorRate(lines[1]!, transcript[1]!).rate).toBeLessThan(0.2);
    const boxes = suggestion.result.filter((r) => r.type === 'rectanglelabels');
    expect(boxes).toHaveLength(2);
    // The first line's box is above the second's, inside the image, labelled 文字.
    expect(boxes[0]!.value['y'] as number).toBeLessThan(boxes[1]!.value['y'] as number);
    expect(boxes[0]!.value['rectanglelabels']).toEqual(['文字']);
    expect(suggestion.score).toBeGreaterThan(0.5);

    // Asked about a box around the second line only, it reads just that line, placed in the whole image.
    const second = boxes[1]!.value as { x: number; y: number; width: number; height: number };
    const region = await t.owner.expect<SuggestionDto>(200, 'POST', `/api/v1/projects/${ocrProject.id}/tasks/${tasks.items[0]!.id}/suggest`, {
      backendId: tesseract.id,
      context: { box: { x: 0, y: Math.max(0, second.y - 3), width: 100, height: Math.min(100 - second.y + 3, second.height + 6) } },
    });
    const regionText = region.result.find((r) => r.type === 'textarea')!.value['text'] as string[];
    expect(regionText).toHaveLength(1);
    expect(characterErrorRate(lines[1]!, regionText[0]!).rate).toBeLessThan(0.2);
    expect(Math.abs((region.result.find((r) => r.type === 'rectanglelabels')!.value['y'] as number) - second.y)).toBeLessThan(3);
  });
});
