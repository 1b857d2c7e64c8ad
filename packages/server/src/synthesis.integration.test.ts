import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  imageCaptionTemplate,
  isSyntheticMark,
  textClassificationTemplate,
  type AugmentBody,
  type ErrorBody,
  type JobDto,
  type LabelConfig,
  type MediaIntakeResultDto,
  type ModelBackendDto,
  type NextTaskDto,
  type ProjectDto,
  type RectangleValue,
  type SynthesisRunDto,
  type TaskDto,
  type TaskPageDto,
} from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { ffmpegAvailable } from './test-support/test-video.js';
import { labelBounds, redBounds, redSquarePng } from './test-support/red-square.js';
import type { ApiClient } from './test-support/api-client.js';

/**
 * Synthetic data through HTTP (docs/augmentation.md): image augmentation with labels moved exactly, text
 * synthesis against a fake OpenAI-compatible chat endpoint on loopback (which repeats itself on purpose),
 * and speech from espeak-ng and from a fake TTS server, each item marked synthetic.
 */

async function waitFor(client: ApiClient, jobId: string): Promise<JobDto> {
  const end = Date.now() + 120_000;
  for (;;) {
    const job = await client.expect<JobDto>(200, 'GET', `/api/v1/jobs/${jobId}`);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > end) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function allTasks(client: ApiClient, projectId: string): Promise<TaskDto[]> {
  const page = await client.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${projectId}/tasks?limit=200`);
  return Promise.all(page.items.map((task) => client.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${task.id}`)));
}

async function getBytes(client: ApiClient, path: string): Promise<Buffer> {
  const res = await fetch(client.baseUrl + path, { headers: client.authHeaders('GET', {}) });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

interface FakeEndpoint {
  url: string;
  requests: { path: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

const POSITIVE = ['这家店的服务态度非常好，下次还会再来光顾。', '屏幕显示清晰，电池也很耐用，推荐大家购买。'];
const NEGATIVE = ['物流太慢了，包装也破了，很失望。', '客服回复很慢，问题一直没有解决。'];

/**
 * A deterministic OpenAI-compatible server on loopback: chat calls answer with records built from the call
 * number, among them on purpose a text already in the project, an exact repeat, a near repeat and one with
 * a label outside the schema; `/audio/speech` answers with a WAV of a tone.
 */
async function fakeOpenAi(existing: string): Promise<FakeEndpoint> {
  const requests: FakeEndpoint['requests'] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({ path: req.url ?? '', body });
      if (req.url === '/v1/models') return void res.end(JSON.stringify({ data: [{ id: 'fake-chat' }] }));
      if (req.url === '/v1/audio/speech') {
        res.setHeader('content-type', 'audio/wav');
        return void res.end(toneWav(0.6));
      }
      const n = calls++;
      const fresh = POSITIVE[n % POSITIVE.length]!;
      const records = [
        { text: fresh, label: 'positive' },
        { text: existing, label: 'negative' },
        { text: fresh, label: 'positive' },
        { text: `${fresh}！！`, label: 'positive' },
        { text: `${fresh.slice(0, -1)}，真的。`, label: 'positive' },
        { text: NEGATIVE[n % NEGATIVE.length]!, label: 'negative' },
        { text: '不知道说什么好。', label: 'sarcastic' },
      ];
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: JSON.stringify({ records }) } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A mono 16 kHz WAV of a 440 Hz tone. */
function toneWav(seconds: number): Buffer {
  const rate = 16_000;
  const samples = Math.round(seconds * rate);
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return buf;
}

function espeakAvailable(): boolean {
  if (spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).status === 0) return true;
  if (process.env['CI'] === 'true') throw new Error('espeak-ng is not installed, and CI=true forbids skipping the speech synthesis tests: apt-get install espeak-ng');
  console.warn('[yungang tests] espeak-ng is not installed: skipping the espeak-ng speech synthesis test (Debian: apt-get install espeak-ng).');
  return false;
}

const speechConfig: LabelConfig = {
  version: 1,
  fields: [{ name: 'audio', type: 'audio' }],
  controls: [{ type: 'textarea', name: 'transcript', toName: 'audio' }],
};

describe.each(BACKENDS)('synthetic data on $name', (backend) => {
  let t: TestServer;
  let fake: FakeEndpoint;
  const existing = '这个产品质量太差了，用了两天就坏了。';

  beforeAll(async () => {
    t = await startTestServer(backend);
    fake = await fakeOpenAi(existing);
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  it('augments a labelled image: every transform keeps the box on the red square, each copy marked synthetic', async () => {
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '红方块', labelConfig: imageCaptionTemplate });
    const data = new FormData();
    data.append('files', new Blob([new Uint8Array(await redSquarePng())]), 'red.png');
    expect((await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, data)).body.stored).toBe(1);
    const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    const box = { id: 'red', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['person'] } };
    await t.owner.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: [box] });

    const variants: AugmentBody['variants'] = [
      [{ kind: 'flip', axis: 'horizontal' }],
      [{ kind: 'flip', axis: 'vertical' }],
      [{ kind: 'rotate', degrees: 90 }],
      [{ kind: 'rotate', degrees: 30 }],
      [{ kind: 'crop', x: 0.05, y: 0.1, width: 0.6, height: 0.8 }],
      [{ kind: 'scale', factor: 0.5 }],
      [{ kind: 'colour', brightness: 1.1, contrast: 0.9 }, { kind: 'noise', sigma: 4 }],
      // A factor that gives whole pixels: a rounded scale would stretch a turned box by a fraction of a pixel, which is refused.
      [{ kind: 'rotate', degrees: -20 }, { kind: 'flip', axis: 'horizontal' }, { kind: 'scale', factor: 2 }],
    ];
    const bad = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/augment`, { variants: [[{ kind: 'crop', x: 0.6, y: 0, width: 0.6, height: 1 }]] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('variants[0][0].width');

    const started = await t.owner.expect<SynthesisRunDto>(202, 'POST', `/api/v1/projects/${project.id}/augment`, { variants, seed: 7, targetName: '增强' });
    const job = await waitFor(t.owner, started.job.id);
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ made: variants.length, skipped: 0 });
    const tasks = await allTasks(t.owner, started.targetProjectId);
    expect(tasks).toHaveLength(variants.length);
    const source = (await allTasks(t.owner, project.id))[0]!;
    for (const task of tasks) {
      const mark = task.data._synthetic;
      expect(isSyntheticMark(mark)).toBe(true);
      expect(mark).toMatchObject({ generator: 'image-augment@1', sourceTaskId: source.id });
      const params = (mark as { params: { variant: number; transforms: { kind: string; seed?: number }[]; sourceSha256: string } }).params;
      if (params.variant === 6) expect(params.transforms.find((x) => x.kind === 'noise')?.seed).toEqual(expect.any(Number));
      const png = await getBytes(t.owner, String(task.data.image));
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height]).toEqual([task.data.width, task.data.height]);
      const moved = task.predictions![0]!;
      expect(moved.modelVersion).toBe('image-augment@1');
      const value = moved.result[0]!.value as unknown as RectangleValue;
      const expected = labelBounds(value, meta.width, meta.height);
      const actual = await redBounds(png);
      // Interpolated edges may gain or lose a pixel, and an arbitrary turn sits up to half a pixel off (image-ops.ts); a later
      // doubling doubles that. A misplaced box would be off by far more.
      const tolerance = params.variant === 7 ? 3 : 1.5;
      actual.forEach((edge, i) => expect(Math.abs(edge - expected[i]!), `variant ${params.variant} edge ${i}`).toBeLessThanOrEqual(tolerance));
    }
    // The source task and its image are untouched.
    expect(source.data.image).not.toEqual(tasks[0]!.data.image);
    expect(await redBounds(await getBytes(t.owner, String(source.data.image)))).toEqual([20, 20, 80, 60]);
  }, 120_000);

  it('synthesizes text through the chat endpoint: schema-constrained, few-shot from accepted labels, deduplicated, marked', async () => {
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '评论', labelConfig: textClassificationTemplate });
    const texts = [existing, '快递很快，东西也不错。', '一般般吧，没什么特别的。'];
    await t.owner.expect(201, 'POST', `/api/v1/projects/${project.id}/import?format=jsonl`, texts.map((text) => JSON.stringify({ text })).join('\n'), { 'content-type': 'application/x-ndjson' });
    const labels = ['negative', 'positive', 'neutral'] as const;
    for (let i = 0; i < texts.length; i++) {
      const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
      const label = labels[texts.indexOf(String(next.task!.data.text))]!;
      await t.owner.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: [{ id: 'c', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [label] } }] });
    }
    // Accepted labels are preferred as examples: accept the first two below the API (the review flow has its own tests).
    const listed = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=10`);
    const acceptedIds = listed.items.filter((task) => task.data.text === texts[0] || task.data.text === texts[1]).map((task) => task.id);
    await t.database.tenant({ orgId: t.owner.orgId! }, (tx) => tx.updateTable('annotations').set({ review_status: 'accepted' }).where('task_id', 'in', acceptedIds).execute());

    const backendDto = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'fake chat', kind: 'openai', url: `${fake.url}/v1`, model: 'fake-chat' });
    const prompt = 'Write {{count}} short product reviews for "{{project}}", each labelled one of {{labels}}. Examples:\n{{examples}}';
    const started = await t.owner.expect<SynthesisRunDto>(202, 'POST', `/api/v1/projects/${project.id}/synthesize`, { backendId: backendDto.id, prompt, count: 4, fewShot: 2, perRequest: 6, temperature: 0.8, seed: 1 });
    const job = await waitFor(t.owner, started.job.id);
    expect(job.error).toBeNull();
    // Each call brings two new records; the existing text, the exact and near repeats and the unknown label are refused.
    expect(job.result).toMatchObject({ made: 4, calls: 2, duplicates: 8, invalid: 1 });
    const summary = job.summary as { examples: { reason: string }[] };
    expect(summary.examples.map((e) => e.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/near/i), 'does not match the record schema']));

    const chats = fake.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chats).toHaveLength(2);
    const first = chats[0]!.body as { model: string; temperature: number; messages: { role: string; content: string }[]; response_format: { type: string; json_schema: { schema: { properties: { records: { items: unknown } } } } } };
    expect(first).toMatchObject({ model: 'fake-chat', temperature: 0.8 });
    expect(first.response_format.type).toBe('json_schema');
    expect(first.response_format.json_schema.schema.properties.records.items).toEqual({
      type: 'object',
      properties: { text: { type: 'string', minLength: 1 }, label: { type: 'string', enum: ['positive', 'negative', 'neutral'] } },
      required: ['text', 'label'],
      additionalProperties: false,
    });
    const user = first.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain('Write 4 short product reviews for "评论", each labelled one of positive, negative, neutral');
    expect(user).toContain(JSON.stringify({ text: texts[0], label: 'negative' }));
    expect(user).toContain(JSON.stringify({ text: texts[1], label: 'positive' }));
    expect(user).not.toContain(texts[2]!);

    const made = await allTasks(t.owner, started.targetProjectId);
    expect(made.map((task) => task.data.text).sort()).toEqual([...POSITIVE, ...NEGATIVE].sort());
    for (const task of made) {
      expect(task.data._synthetic).toMatchObject({ synthetic: true, generator: 'chat-synthesis@1', sourceTaskId: null, params: { model: 'fake-chat', backendId: backendDto.id, temperature: 0.8, promptSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      expect(task.predictions![0]!.result[0]).toMatchObject({ from_name: 'sentiment', type: 'choices' });
    }
    // The source project is unchanged.
    expect((await allTasks(t.owner, project.id)).map((task) => task.data.text).sort()).toEqual([...texts].sort());
  }, 120_000);

  it('makes audio tasks with known transcripts from a TTS server', async () => {
    if (!ffmpegAvailable()) return;
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '合成语音', labelConfig: speechConfig });
    const backendDto = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'fake tts', kind: 'openai', url: `${fake.url}/v1`, model: 'fake-tts' });
    const started = await t.owner.expect<SynthesisRunDto>(202, 'POST', `/api/v1/projects/${project.id}/synthesize-speech`, { engine: 'tts-server', backendId: backendDto.id, voice: 'alloy', texts: ['hello there'] });
    expect(started.targetProjectId).toBe(project.id);
    const job = await waitFor(t.owner, started.job.id);
    expect(job.error).toBeNull();
    const [task] = await allTasks(t.owner, project.id);
    expect(task!.data.duration).toBeCloseTo(0.6, 1);
    expect(task!.data._synthetic).toMatchObject({ generator: 'speech-synthesis@1:tts-server:fake-tts', params: { engine: 'tts-server', voice: 'alloy', text: 'hello there' } });
    expect(task!.predictions![0]!.result[0]).toMatchObject({ from_name: 'transcript', value: { text: ['hello there'] } });
    expect(fake.requests.find((r) => r.path === '/v1/audio/speech')!.body).toEqual({ model: 'fake-tts', input: 'hello there', voice: 'alloy', response_format: 'wav' });
  }, 60_000);

  it('makes English and Mandarin recordings with espeak-ng, with peaks and loudness', async () => {
    if (!ffmpegAvailable() || !espeakAvailable()) return;
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'espeak', labelConfig: speechConfig });
    const english = await t.owner.expect<SynthesisRunDto>(202, 'POST', `/api/v1/projects/${project.id}/synthesize-speech`, { engine: 'espeak-ng', voice: 'en', texts: ['The quick brown fox jumps over the lazy dog.'] });
    expect((await waitFor(t.owner, english.job.id)).error).toBeNull();
    const mandarin = await t.owner.expect<SynthesisRunDto>(202, 'POST', `/api/v1/projects/${project.id}/synthesize-speech`, { engine: 'espeak-ng', voice: 'cmn-latn-pinyin', texts: ['你好，世界。', 'ni3 hao3 shi4 jie4'] });
    expect((await waitFor(t.owner, mandarin.job.id)).error).toBeNull();
    const tasks = await allTasks(t.owner, project.id);
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      expect(task.data.duration as number).toBeGreaterThan(0.5);
      expect(typeof task.data.loudness).toBe('number');
      const url = String(task.data.audio);
      expect((await getBytes(t.owner, `${url}/peaks`)).length).toBeGreaterThan(0);
      const mark = task.data._synthetic as { generator: string; params: { text: string; voice: string } };
      expect(mark.generator).toBe('speech-synthesis@1:espeak-ng');
      expect(task.predictions![0]!.result[0]!.value).toEqual({ text: [mark.params.text] });
    }
  }, 120_000);
});
