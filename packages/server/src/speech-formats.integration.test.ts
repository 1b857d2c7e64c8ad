/**
 * Speech corpora over real HTTP on every backend (docs/formats.md, Speech corpora): NeMo, WeNet and Kaldi
 * files imported into audio projects (one task per recording, utterances as segments with transcript and
 * speaker), then exported in each format and read back with core's parsers. Inputs are the real fixtures
 * copied into core (packages/core/src/formats/test-fixtures) and a Kaldi directory written here.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKaldi, parseNemo, parseWenet, speechSegmentsTemplate, type AnnotationDto, type ErrorBody, type ImportResultDto, type LabelConfig, type MediaIntakeResultDto, type NextTaskDto, type ProjectDto, type TaskDto, type TaskPageDto } from '@yungang/core';
import { ffmpegAvailable } from './test-support/test-video.js';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

const run = promisify(execFile);
const FIXTURES = resolve(import.meta.dirname, '../../core/src/formats/test-fixtures');
const BASE = 'https://audio.example/corpus/';
const wholeClip: LabelConfig = { version: 1, fields: [{ name: 'audio', type: 'audio' }], controls: [{ type: 'textarea', name: 'text', toName: 'audio', unit: 'word' }] };

/** A Kaldi data directory in a folder of a zip: two recordings, three segments, speakers A and B. */
function kaldiZip(wavScp = 'rec1 wav/rec1.wav\nrec2 wav/rec2.wav\n'): Buffer {
  return Buffer.from(
    zipSync({
      'data/train/wav.scp': strToU8(wavScp),
      'data/train/text': strToU8('rec1-a 今天 天气 很好\nrec1-b 是的\nrec2-a 再见\n'),
      'data/train/segments': strToU8('rec1-a rec1 0.50 2.25\nrec1-b rec1 2.5 4\nrec2-a rec2 0 1.5\n'),
      'data/train/utt2spk': strToU8('rec1-a A\nrec1-b B\nrec2-a A\n'),
      'data/train/spk2gender': strToU8('A f\nB m\n'),
    }),
  );
}

describe.each(BACKENDS)('speech corpora on $name', (backend) => {
  let t: TestServer;
  let segments: ProjectDto;
  let whole: ProjectDto;
  const tasksOf = async (projectId: string) => (await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${projectId}/tasks?limit=500`)).items;
  const importFile = (projectId: string, body: Buffer, query: string) =>
    t.owner.request<ImportResultDto & ErrorBody>('POST', `/api/v1/projects/${projectId}/import?${query}`, new Uint8Array(body), { 'content-type': 'application/octet-stream' });
  const download = async (projectId: string, format: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> => {
    const res = await fetch(`${t.owner.baseUrl}/api/v1/projects/${projectId}/export?format=${format}`, { headers: t.owner.authHeaders('GET') });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  };

  beforeAll(async () => {
    t = await startTestServer(backend);
    segments = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'speech', labelConfig: speechSegmentsTemplate });
    whole = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'whole', labelConfig: wholeClip });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses Kaldi pipe commands (the lhotse fixture) and imports nothing', async () => {
    const dir = join(FIXTURES, 'kaldi/mini_librispeech');
    const files: Record<string, Uint8Array> = {};
    for (const name of ['wav.scp', 'text', 'segments', 'utt2spk']) files[name] = await readFile(join(dir, name));
    const res = await importFile(segments.id, Buffer.from(zipSync(files)), 'format=kaldi');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^nothing was imported: recording "lbi-1272-135031-0000": its audio is a command/);
    expect(await tasksOf(segments.id)).toEqual([]);
  });

  it('imports a Kaldi directory: a task per recording, segments with transcript and speaker', async () => {
    const res = await importFile(segments.id, kaldiZip(), `format=kaldi&baseUrl=${encodeURIComponent(BASE)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ taskCount: 2, format: 'kaldi', annotationCount: 2, predictionCount: 0, skipped: [] });
    const tasks = await tasksOf(segments.id);
    expect(tasks.map((x) => x.data)).toEqual([{ audio: `${BASE}wav/rec1.wav` }, { audio: `${BASE}wav/rec2.wav` }]);
    const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${tasks[0]!.id}`);
    expect(full.annotations[0]!.result).toEqual([
      { id: 'seg-1', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 0.5, end: 2.25, labels: ['speech'] } },
      { id: 'seg-1', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { start: 0.5, end: 2.25, text: ['今天 天气 很好'] } },
      { id: 'seg-1', from_name: 'speaker', to_name: 'audio', type: 'choices', value: { start: 0.5, end: 2.25, choices: ['A'] } },
      { id: 'seg-2', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 2.5, end: 4, labels: ['speech'] } },
      { id: 'seg-2', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { start: 2.5, end: 4, text: ['是的'] } },
      { id: 'seg-2', from_name: 'speaker', to_name: 'audio', type: 'choices', value: { start: 2.5, end: 4, choices: ['B'] } },
    ]);
  });

  it('exports Kaldi, WeNet and NeMo that read back to the same utterances', async () => {
    const kaldi = await download(segments.id, 'kaldi');
    expect(kaldi.status).toBe(200);
    expect(kaldi.headers.get('content-type')).toBe('application/zip');
    const files = new Map(Object.entries(unzipSync(new Uint8Array(kaldi.bytes))).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]));
    expect([...files.keys()].sort()).toEqual(['segments', 'spk2utt', 'text', 'utt2dur', 'utt2spk', 'wav.scp']);
    const tasks = await tasksOf(segments.id);
    const expected = [
      [`${tasks[0]!.id}-1`, tasks[0]!.id, `${BASE}wav/rec1.wav`, 0.5, 2.25, '今天 天气 很好', 'A'],
      [`${tasks[0]!.id}-2`, tasks[0]!.id, `${BASE}wav/rec1.wav`, 2.5, 4, '是的', 'B'],
      [`${tasks[1]!.id}-1`, tasks[1]!.id, `${BASE}wav/rec2.wav`, 0, 1.5, '再见', 'A'],
    ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    const rows = (list: ReturnType<typeof parseKaldi>) => list.map((u) => [u.id, u.recording, u.audio, u.start, u.end, u.text, u.speaker]);
    expect(rows(parseKaldi(files))).toEqual(expected);

    const wenet = await download(segments.id, 'wenet');
    expect(wenet.status).toBe(200);
    expect(rows(parseWenet(wenet.bytes.toString('utf8'))).map((r) => [r[0], r[3], r[4], r[5], r[6]]).sort()).toEqual(expected.map((r) => [r[0], r[3], r[4], r[5], r[6]]).sort());
    const nemo = await download(segments.id, 'nemo');
    expect(nemo.status).toBe(200);
    expect(parseNemo(nemo.bytes.toString('utf8')).map((u) => [u.audio, u.start, u.end, u.text, u.speaker]).sort()).toEqual(expected.map((r) => [r[2], r[3], r[4], r[5], r[6]]).sort());
  });

  it('imports a NeMo manifest (NeMo test fixture) with durations, and WeNet into a whole-clip project', async () => {
    const manifest = await readFile(join(FIXTURES, 'nemo/tarred_an4_manifest.json'));
    const res = await importFile(segments.id, manifest, `format=nemo&baseUrl=${encodeURIComponent(BASE)}&as=predictions&modelVersion=an4`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ taskCount: 32, annotationCount: 0, predictionCount: 32, skipped: [] });
    const task = (await tasksOf(segments.id)).find((x) => x.data.audio === `${BASE}_data_an4_wav_an4_clstk_fash_an251-fash-b.wav`)!;
    expect(task.data).toEqual({ audio: `${BASE}_data_an4_wav_an4_clstk_fash_an251-fash-b.wav`, duration: 1 });
    const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${task.id}`);
    expect(full.predictions?.[0]).toMatchObject({ modelVersion: 'an4' });
    expect(full.predictions?.[0]?.result.map((r) => r.type)).toEqual(['labels', 'textarea']);

    const list = await readFile(join(FIXTURES, 'wenet/data.list'));
    const wenet = await importFile(whole.id, list, `format=wenet&baseUrl=${encodeURIComponent(BASE)}`);
    expect(wenet.status, JSON.stringify(wenet.body)).toBe(201);
    const tasks = await tasksOf(whole.id);
    expect(tasks.map((x) => x.data.audio)).toEqual([`${BASE}test/resources/dataset/aishell-BAC009S0724W0121.wav`, `${BASE}test/resources/dataset/librispeech-1995-1837-0001.wav`]);
    const first = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${tasks[0]!.id}`);
    expect(first.annotations[0]!.result).toEqual([{ id: 'transcript', from_name: 'text', to_name: 'audio', type: 'textarea', value: { text: ['广州市房地产中介协会分析'] } }]);
    // Whole-clip transcripts go back out as whole-file utterances.
    const out = parseWenet((await download(whole.id, 'wenet')).bytes.toString('utf8'));
    expect(out.map((u) => u.text)).toEqual(parseWenet(list.toString('utf8')).map((u) => u.text));
  });

  it.skipIf(!ffmpegAvailable())('checks conventions on submit and exports an uploaded recording under its file name', async () => {
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'uploaded', labelConfig: speechSegmentsTemplate });
    const dir = await mkdtemp(join(tmpdir(), 'yungang-speech-'));
    try {
      await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-ar', '16000', join(dir, '会议 录音.wav')]);
      const data = new FormData();
      data.append('files', new Blob([new Uint8Array(await readFile(join(dir, '会议 录音.wav')))]), '会议 录音.wav');
      expect((await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, data)).status).toBe(200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    const segment = (end: number) => ({ id: 's1', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 0.5, end, labels: ['speech'] } });
    const transcript = (text: string) => ({ id: 's1', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { text: [text] } });
    // The server checks what the workbench checks: the clip's duration and the transcription conventions.
    const refused = await t.owner.request<ErrorBody>('POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: [segment(9), transcript('第3段[nosie]')] });
    expect(refused.status).toBe(400);
    expect((refused.body.error.details as { issues?: unknown }).issues).toEqual([
      { path: 'result[0].value.end', message: "must be ≤ 3, the clip's duration in seconds, got 9" },
      { path: 'result[1].value.text[0]', message: 'breaks the transcription conventions at 1: number "3" in digits; this project writes numbers out in words (二零二四 rather than 2024)' },
      { path: 'result[1].value.text[0]', message: 'breaks the transcription conventions at 3: unknown tag "[nosie]"; did you mean "[noise]"? (allowed: [noise], [laughter], [music], [unk] (unintelligible))' },
    ]);
    const saved = await t.owner.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: [segment(2.5), transcript('第三段[noise]')] });
    // The transcript is stored with its segment's bounds (Label Studio's per-region shape).
    expect(saved.result[1]).toEqual({ id: 's1', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { text: ['第三段[noise]'], start: 0.5, end: 2.5 } });
    const nemo = parseNemo((await download(project.id, 'nemo')).bytes.toString('utf8'));
    expect(nemo.map((u) => [u.audio, u.start, u.end, u.text])).toEqual([['会议 录音.wav', 0.5, 2.5, '第三段[noise]']]);
  });

  it('says what is wrong with a corpus that does not fit the project', async () => {
    const text = await importFile(whole.id, Buffer.from('{"key":"k","wav":"a.wav"}\n'), 'format=wenet');
    expect(text.status).toBe(400);
    expect(text.body.error.message).toBe('nothing was imported: data.list line 1: txt: must be the transcript (a string), got nothing');
    const bare = await importFile(whole.id, Buffer.from('{"key":"k","wav":"a.wav","txt":"x"}\n'), 'format=wenet');
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toMatch(/add the baseUrl parameter \(https:\/\/…\/\) to prefix audio file names/);
    const image = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'img', labelConfig: { version: 1, fields: [{ name: 'image', type: 'image' }], controls: [{ type: 'textarea', name: 'c', toName: 'image' }] } });
    const wrong = await importFile(image.id, kaldiZip(), 'format=kaldi');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/this project has no audio field/);
    expect((await download(image.id, 'nemo')).status).toBe(400);
  });
});
