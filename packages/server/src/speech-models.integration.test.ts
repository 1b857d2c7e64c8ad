import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignTranscripts, audioSegmentsOf, speechSegmentsTemplate, wordErrorRate, type JobDto, type MediaIntakeResultDto, type ModelBackendDto, type ModelHealthDto, type ProjectDto, type ResultItem, type TaskDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { speechToolsAvailable } from './test-support/speech.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/**
 * Speech pre-annotation as background jobs (docs/models.md, Speech): real speech in, Silero VAD segments
 * and pocketsphinx transcripts out. The English clip is two LibriVox utterances from Debian's
 * pocketsphinx-testdata with 1.5 s of silence between them (test-fixtures/speech/SOURCES.md); the
 * Mandarin one is spoken by espeak-ng when the test runs.
 */
const run = promisify(execFile);
const FIXTURES = resolve(import.meta.dirname, 'test-fixtures/speech');
/** Where the English clip has speech (seconds), from the two source files' lengths. */
const EN_SPEECH = [
  { start: 0, end: 2.99 },
  { start: 4.49, end: 7.78 },
];

async function finish(t: TestServer, job: JobDto): Promise<JobDto> {
  let current = job;
  for (let i = 0; i < 3000 && !['succeeded', 'failed', 'cancelled'].includes(current.status); i++) {
    await new Promise((r) => setTimeout(r, 100));
    current = await t.owner.expect<JobDto>(200, 'GET', `/api/v1/jobs/${job.id}`);
  }
  return current;
}

/** Two Mandarin phrases spoken by espeak-ng with 1.5 s of silence between them; answers the file and where the speech is. */
async function mandarinClip(dir: string): Promise<{ bytes: Buffer; speech: { start: number; end: number }[] }> {
  const phrases = ['今天天气很好', '我们一起去公园散步'];
  const parts: string[] = [];
  for (const [i, text] of phrases.entries()) {
    const file = join(dir, `zh-${i}.wav`);
    await run('espeak-ng', ['-v', 'cmn', '-w', file, text]);
    parts.push(file);
  }
  const durations = await Promise.all(parts.map(async (p) => Number((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', p])).stdout)));
  const out = join(dir, 'zh.flac');
  await run('ffmpeg', ['-v', 'error', '-y', '-i', parts[0]!, '-f', 'lavfi', '-t', '1.5', '-i', 'anullsrc=r=22050:cl=mono', '-i', parts[1]!, '-filter_complex', '[0:a][1:a][2:a]concat=n=3:v=0:a=1', '-ar', '16000', '-ac', '1', '-c:a', 'flac', out]);
  return { bytes: await readFile(out), speech: [{ start: 0, end: durations[0]! }, { start: durations[0]! + 1.5, end: durations[0]! + 1.5 + durations[1]! }] };
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

describe.skipIf(!speechToolsAvailable()).each(BACKENDS)('speech pre-annotation on $name', (backend) => {
  let t: TestServer;
  let dir: string;
  let project: ProjectDto;
  let tasks: { en: string; zh: string };
  let enUrl: string;
  let zhSpeech: { start: number; end: number }[];
  const reference = ['he was not an ill disposed young man', 'he might even have been made amiable himself'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yungang-speech-test-'));
    const zh = await mandarinClip(dir);
    zhSpeech = zh.speech;
    t = await startTestServer(backend);
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '语音预标注', labelConfig: speechSegmentsTemplate });
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await readFile(join(FIXTURES, 'en-librivox.flac')))]), 'en-librivox.flac');
    form.append('files', new Blob([new Uint8Array(zh.bytes)]), 'zh-espeak.flac');
    const intake = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, form);
    expect(intake.status, JSON.stringify(intake.body)).toBe(200);
    const list = await t.owner.expect<{ items: TaskDto[] }>(200, 'GET', `/api/v1/projects/${project.id}/tasks`);
    // Tasks hold the served copy's URL; the intake answer says which file that was.
    const byName = (name: string) => list.items.find((task) => JSON.stringify(task.data).includes(intake.body.files.find((f) => f.name === name)!.url!))!.id;
    tasks = { en: byName('en-librivox.flac'), zh: byName('zh-espeak.flac') };
    enUrl = intake.body.files.find((f) => f.name === 'en-librivox.flac')!.url!;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs Silero VAD as a pre-annotation job: one "speech" segment per utterance, in English and Mandarin', async () => {
    const vad = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'vad', kind: 'vad', timeoutMs: 120_000, speech: { minSilenceMs: 500, padMs: 100 } });
    expect(vad.speech).toEqual({ minSilenceMs: 500, padMs: 100 });
    expect(await t.owner.expect<ModelHealthDto>(200, 'POST', `/api/v1/model-backends/${vad.id}/health`)).toMatchObject({ ok: true });
    const job = await finish(t, await t.owner.expect<JobDto>(202, 'POST', `/api/v1/projects/${project.id}/preannotate`, { backendId: vad.id, batchSize: 1 }));
    expect(job, JSON.stringify(job)).toMatchObject({ status: 'succeeded', summary: { stored: 2, invalid: 0 } });

    for (const [taskId, speech] of [[tasks.en, EN_SPEECH], [tasks.zh, zhSpeech]] as const) {
      const task = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${taskId}`);
      const prediction = task.predictions!.find((p) => p.modelVersion === 'silero-vad-v5')!;
      const segments = audioSegmentsOf(prediction.result as ResultItem[], 'segments');
      expect(segments.map((s) => s.label)).toEqual(['speech', 'speech']);
      // Each found segment covers most of one utterance and little of the silence between them.
      segments.forEach((s, i) => {
        const truth = speech[i]!;
        expect(overlap(s, truth) / (truth.end - truth.start), `${taskId} segment ${i}: ${JSON.stringify(s)} vs ${JSON.stringify(truth)}`).toBeGreaterThan(0.8);
        expect(s.end - s.start - overlap(s, truth)).toBeLessThan(0.6);
      });
    }
  }, 120_000);

  it('runs pocketsphinx after VAD as a pre-annotation job: per-segment transcripts with word confidences, WER within bounds', async () => {
    const asr = await t.owner.expect<ModelBackendDto>(201, 'POST', '/api/v1/model-backends', { name: 'asr', kind: 'pocketsphinx', timeoutMs: 120_000, speech: { minSilenceMs: 500 } });
    expect(await t.owner.expect<ModelHealthDto>(200, 'POST', `/api/v1/model-backends/${asr.id}/health`)).toMatchObject({ ok: true });
    const job = await finish(t, await t.owner.expect<JobDto>(202, 'POST', `/api/v1/projects/${project.id}/preannotate`, { backendId: asr.id, batchSize: 1 }));
    expect(job, JSON.stringify(job)).toMatchObject({ status: 'succeeded', summary: { stored: 2 } });

    const task = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${tasks.en}`);
    const prediction = task.predictions!.find((p) => p.modelVersion === 'pocketsphinx-en-us')!;
    const segments = audioSegmentsOf(prediction.result as ResultItem[], 'segments', { transcript: 'transcript' });
    expect(segments).toHaveLength(2);
    const hypothesis = segments.map((s) => s.transcript ?? '');
    const wer = wordErrorRate(reference, hypothesis).rate;
    console.info(`[speech] pocketsphinx WER on the LibriVox clip (${backend.name}): ${wer.toFixed(3)}; hypothesis: ${JSON.stringify(hypothesis)}`);
    expect(wer).toBeLessThan(0.5);
    // The alignment a reviewer sees comes from the same counts.
    expect(alignTranscripts(reference.join(' '), hypothesis.join(' ')).rate).toBeCloseTo(wordErrorRate(reference.join(' '), hypothesis.join(' ')).rate, 10);

    // Word confidences are kept beside the result, per segment, inside the segment's time.
    const words = prediction.meta!.transcriptWords!;
    expect(words.map((w) => w.region)).toEqual(segments.map((s) => s.id));
    for (const [i, w] of words.entries()) {
      expect(w.control).toBe('transcript');
      expect(w.words.map((x) => x.word).join(' ')).toBe(hypothesis[i]);
      for (const x of w.words) {
        expect(x.confidence).toBeGreaterThanOrEqual(0);
        expect(x.confidence).toBeLessThanOrEqual(1);
        expect(x.start).toBeGreaterThanOrEqual(segments[i]!.start - 0.01);
        expect(x.end).toBeLessThanOrEqual(segments[i]!.end + 0.01);
      }
    }
    expect(prediction.score).toBeGreaterThan(0);
  }, 300_000);

  it('draws the spectrogram of a window of the recording on demand, and refuses windows too long to be fast', async () => {
    const res = await fetch(`${t.owner.baseUrl}${enUrl}/spectrogram?start=1&end=6&width=400&height=64`, { headers: t.owner.authHeaders('GET', {}) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([400, 64]);
    const tooLong = await fetch(`${t.owner.baseUrl}${enUrl}/spectrogram?start=0&end=400`, { headers: t.owner.authHeaders('GET', {}) });
    expect(tooLong.status).toBe(400);
  });

  it('transcribes the whole clip into a whole-clip text area when the project has no segments', async () => {
    const whole = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', {
      name: 'transcripts',
      labelConfig: { version: 1, fields: [{ name: 'audio', type: 'audio' }], controls: [{ type: 'textarea', name: 'transcript', toName: 'audio', unit: 'word' }] },
    });
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await readFile(join(FIXTURES, 'en-librivox.flac')))]), 'en-librivox.flac');
    expect((await t.owner.upload(`/api/v1/projects/${whole.id}/media`, form)).status).toBe(200);
    const asr = (await t.owner.expect<ModelBackendDto[]>(200, 'GET', '/api/v1/model-backends')).find((b) => b.name === 'asr')!;
    const job = await finish(t, await t.owner.expect<JobDto>(202, 'POST', `/api/v1/projects/${whole.id}/preannotate`, { backendId: asr.id }));
    expect(job, JSON.stringify(job)).toMatchObject({ status: 'succeeded', summary: { stored: 1 } });
    const list = await t.owner.expect<{ items: TaskDto[] }>(200, 'GET', `/api/v1/projects/${whole.id}/tasks`);
    const task = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${list.items[0]!.id}`);
    const prediction = task.predictions![0]!;
    const text = (prediction.result.find((r) => r.from_name === 'transcript')!.value['text'] as string[]).join(' ');
    expect(wordErrorRate(reference.join(' '), text).rate).toBeLessThan(0.6);
    expect(prediction.meta!.transcriptWords![0]).toMatchObject({ control: 'transcript' });
  }, 300_000);
});
