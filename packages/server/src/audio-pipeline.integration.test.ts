import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speechSegmentsTemplate, type ErrorBody, type JobDto, type MediaIntakeResultDto, type PipelineDryRunDto, type PipelineRunDto, type ProjectDto, type TaskDto, type TaskPageDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { speechToolsAvailable } from './test-support/speech.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { readBlob } from './media/derived-image.js';
import type { ApiClient } from './test-support/api-client.js';

/**
 * Audio operators in preprocessing pipelines (docs/pipelines.md, "Audio operators") through HTTP, on
 * recordings made here with ffmpeg and espeak-ng: a quiet 44.1 kHz stereo tone in bursts, a clipped tone,
 * a mostly silent one, tone bursts under loud noise, Mandarin speech with a pause, and a damaged file.
 */
const run = promisify(execFile);

const CLEAN_SPEC = `
operators:
  - op: audio-validate
  - op: clipping-filter
  - op: silence-filter
    maxRatio: 0.8
  - op: snr-filter
    minSnr: 15
  - op: audio-transcode
  - op: loudness-normalize
    target: -23
`;

const SPLIT_SPEC = `
operators:
  - op: vad-split
  - op: duration-filter
    min: 0.3
`;

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-v', 'error', '-y', ...args]);
}

/** The recordings of the suite, by file name. */
async function makeRecordings(dir: string): Promise<{ name: string; bytes: Buffer }[]> {
  const out = (name: string) => join(dir, name);
  const bursts = "volume='if(lt(mod(t,1),0.6),1,0)':eval=frame";
  // Quiet (about −37 LUFS) tone bursts, 44.1 kHz stereo.
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:sample_rate=44100:d=3', '-af', `${bursts},volume=0.2`, '-ac', '2', out('stereo-44k.wav')]);
  // A tone pushed 30 dB past full scale: square-ish, clipped.
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:sample_rate=16000:d=2', '-af', 'volume=30dB', out('clipped.wav')]);
  // 0.3 s of tone, then 2.7 s of nothing.
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:sample_rate=16000:d=3', '-af', "volume='if(lt(t,0.3),1,0)':eval=frame", out('silent.wav')]);
  // The bursts under white noise about 10 dB below the tone.
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:sample_rate=16000:d=3', '-f', 'lavfi', '-i', 'anoisesrc=d=3:c=white:a=0.05:r=16000', '-filter_complex', `[0]${bursts}[t];[t][1]amix=inputs=2:normalize=0`, '-ac', '1', out('noisy.wav')]);
  // Two Mandarin phrases with 1.5 s of silence between them.
  const phrases = ['今天天气很好', '我们一起去公园散步'];
  for (const [i, text] of phrases.entries()) await run('espeak-ng', ['-v', 'cmn', '-w', out(`zh-${i}.wav`), text]);
  await ffmpeg(['-i', out('zh-0.wav'), '-f', 'lavfi', '-t', '1.5', '-i', 'anullsrc=r=22050:cl=mono', '-i', out('zh-1.wav'), '-filter_complex', '[0:a][1:a][2:a]concat=n=3:v=0:a=1', '-ar', '16000', '-ac', '1', '-c:a', 'flac', out('speech.flac')]);
  const names = ['stereo-44k.wav', 'clipped.wav', 'silent.wav', 'noisy.wav', 'speech.flac'];
  return Promise.all(names.map(async (name) => ({ name, bytes: await readFile(out(name)) })));
}

async function integratedLoudness(path: string): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-i', path, '-af', 'ebur128=framelog=verbose', '-f', 'null', '-']);
  const summary = stderr.slice(stderr.lastIndexOf('Integrated loudness:'));
  return Number(/I:\s+(-?[0-9.]+) LUFS/.exec(summary)![1]);
}

async function waitFor(client: ApiClient, jobId: string): Promise<JobDto> {
  const end = Date.now() + 240_000;
  for (;;) {
    const job = await client.expect<JobDto>(200, 'GET', `/api/v1/jobs/${jobId}`);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > end) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

type Note = { sourceSha256: string; changedBy?: string[]; snr?: { snrDb: number }; loudness?: { measured: number; gainDb: number }; utterance?: { index: number; count: number; start: number; end: number } };
const noteOf = (data: Record<string, unknown>) => (data._audio as Record<string, Note>).audio!;

describe.skipIf(!speechToolsAvailable()).each(BACKENDS)('audio operators in pipelines on $name', (backend) => {
  let t: TestServer;
  let dir: string;
  let project: ProjectDto;
  let intake: MediaIntakeResultDto;
  const shaOf = (name: string) => intake.files.find((f) => f.name === name)!.sha256!;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yungang-audio-pipeline-'));
    const files = await makeRecordings(dir);
    t = await startTestServer(backend);
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '语音清洗', labelConfig: speechSegmentsTemplate });
    const form = new FormData();
    for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
    const uploaded = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, form);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    intake = uploaded.body;
    expect(intake.stored).toBe(files.length);
    // Media intake refuses damaged recordings, so one reaches a project only from outside; put one in below the API.
    const ref = await t.server.services.blobs.put(Readable.from([Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(400, 7)])]));
    const orgId = t.owner.orgId!;
    await t.database.tenant({ orgId }, async (tx) => {
      const task = await tx.insertInto('tasks').values({ org_id: orgId, project_id: project.id, import_id: null, data: JSON.stringify({ audio: `/api/v1/media/${ref.sha256}`, duration: 3, sampleRate: 16_000, channels: 1, loudness: -20 }) }).returning('id').executeTakeFirstOrThrow();
      await tx
        .insertInto('media')
        .values({ id: randomUUID(), org_id: orgId, project_id: project.id, task_id: task.id, import_id: null, sha256: ref.sha256, size: ref.size, original_name: 'damaged.flac', mime: 'audio/flac', width: 0, height: 0, orientation: 1, stripped: false, display_sha256: ref.sha256, display_mime: 'audio/mp4', thumb_sha256: ref.sha256, audio_peaks_sha256: ref.sha256, audio_duration: 3, audio_sample_rate: 16_000, audio_channels: 1, created_by: null })
        .execute();
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('dry-runs with before/after formats and the measures, storing nothing', async () => {
    const dry = await t.owner.expect<PipelineDryRunDto>(200, 'POST', `/api/v1/projects/${project.id}/pipeline/dry-run`, { spec: CLEAN_SPEC });
    expect(dry.records.map((r) => r.status)).toEqual(['changed', 'dropped', 'dropped', 'dropped', 'changed', 'dropped']);
    const [stereo, clipped, silent, noisy, speech, damaged] = dry.records;
    expect(damaged!.droppedBy).toMatchObject({ op: 'audio-validate', operator: 0 });
    expect((damaged!.droppedBy as { reason: string }).reason).toBe('not a readable recording (ffprobe: Invalid data found when processing input)');
    expect(damaged!.audio!.before).toBeNull();
    expect(clipped!.droppedBy).toMatchObject({ op: 'clipping-filter', operator: 1 });
    expect(silent!.droppedBy).toMatchObject({ op: 'silence-filter', operator: 2 });
    expect(noisy!.droppedBy).toMatchObject({ op: 'snr-filter', operator: 3 });
    expect((noisy!.droppedBy as { reason: string }).reason).toMatch(/^noisy: estimated SNR/);
    expect(stereo!.audio).toMatchObject({ field: 'audio', before: { codec: 'pcm_s16le', sampleRate: 44_100, channels: 2 } });
    expect(stereo!.audio!.after).toEqual([expect.objectContaining({ container: 'wav', codec: 'pcm_s16le', sampleRate: 16_000, channels: 1, changedBy: ['audio-transcode', 'loudness-normalize'] })]);
    expect(speech!.audio!.before).toMatchObject({ codec: 'flac', sampleRate: 16_000, channels: 1 });
    const scores = stereo!.audio!.scores as { clipRatio: number; silenceRatio: number; snr: { snrDb: number }; loudness: { measured: number; gainDb: number } };
    expect(scores.clipRatio).toBe(0);
    expect(scores.silenceRatio).toBeGreaterThan(0.3);
    expect(scores.snr.snrDb).toBeGreaterThan(50);
    expect(scores.loudness.measured).toBeLessThan(-35);
    expect(scores.loudness.measured + scores.loudness.gainDb).toBeCloseTo(-23, 0);
    expect((noisy!.audio!.scores as { snr: { snrDb: number } }).snr.snrDb).toBeLessThan(15);
    // The task's facts follow the new recording in the preview.
    expect(stereo!.after).toMatchObject({ sampleRate: 16_000, channels: 1 });
    const stats = dry.stats as { operators: { op: string; kept: number; changed: number; dropped: number }[] };
    expect(stats.operators.map((o) => [o.op, o.kept, o.changed, o.dropped])).toEqual([
      ['audio-validate', 5, 0, 1],
      ['clipping-filter', 4, 0, 1],
      ['silence-filter', 3, 0, 1],
      ['snr-filter', 2, 0, 1],
      ['audio-transcode', 0, 2, 0],
      ['loudness-normalize', 0, 2, 0],
    ]);
    const jobs = await t.owner.expect<{ items: JobDto[] }>(200, 'GET', `/api/v1/jobs?projectId=${project.id}`);
    expect(jobs.items).toEqual([]);
  }, 120_000);

  it('refuses audio operators on a field that is not audio, and mixed with image operators, with the path', async () => {
    const bad = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/pipeline/runs`, { spec: { operators: [{ op: 'audio-transcode', field: 'transcript' }] } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('operators[0].field');
    const mixed = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/pipeline/dry-run`, { spec: { operators: [{ op: 'image-validate' }, { op: 'audio-validate' }] } });
    expect(mixed.status).toBe(400);
    expect(JSON.stringify(mixed.body.error.details)).toContain('operators[1].op');
  });

  it('runs as a job: 16 kHz mono WAV blobs with media rows, loudness on target, inputs recorded, originals untouched', async () => {
    const before = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`);
    const started = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${project.id}/pipeline/runs`, { spec: CLEAN_SPEC, targetName: '清洗后语音' });
    const job = await waitFor(t.owner, started.job.id);
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ records: 6, kept: 0, changed: 2, dropped: 4, outputTasks: 2 });
    const out = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${started.targetProjectId}/tasks?limit=50`);
    expect(out.items).toHaveLength(2);
    expect(out.items.map((task) => noteOf(task.data).sourceSha256).sort()).toEqual([shaOf('stereo-44k.wav'), shaOf('speech.flac')].sort());
    const orgId = t.owner.orgId!;
    const media = await t.database.tenant({ orgId }, (tx) => tx.selectFrom('media').select(['sha256', 'display_sha256', 'mime', 'audio_sample_rate', 'audio_channels', 'audio_loudness']).where('project_id', '=', started.targetProjectId).execute());
    expect(media).toHaveLength(2);
    for (const task of out.items) {
      const note = noteOf(task.data);
      expect(note.changedBy).toEqual(['audio-transcode', 'loudness-normalize']);
      expect(task.data).toMatchObject({ sampleRate: 16_000, channels: 1 });
      const row = media.find((m) => `/api/v1/media/${m.display_sha256}` === task.data.audio)!;
      expect(row).toMatchObject({ mime: 'audio/wav', audio_sample_rate: 16_000, audio_channels: 1 });
      // The stored original is a 16 kHz mono 16-bit WAV.
      const wav = (await readBlob(t.server.services.blobs, row.sha256))!;
      expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
      expect(wav.toString('latin1', 8, 12)).toBe('WAVE');
      expect(wav.readUInt16LE(22)).toBe(1);
      expect(wav.readUInt32LE(24)).toBe(16_000);
      expect(wav.readUInt16LE(34)).toBe(16);
      const path = join(dir, `${row.sha256}.wav`);
      await writeFile(path, wav);
      expect(Math.abs((await integratedLoudness(path)) + 23)).toBeLessThanOrEqual(1);
      expect(Math.abs((task.data.loudness as number) + 23)).toBeLessThanOrEqual(1);
      // Served like an upload: the browser copy and the waveform.
      const res = await fetch(t.owner.baseUrl + String(task.data.audio), { headers: t.owner.authHeaders('GET', {}) });
      expect(res.status).toBe(200);
    }
    const after = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`);
    expect(after.items.map((task) => task.data)).toEqual(before.items.map((task) => task.data));
  }, 240_000);

  it('splits speech with a pause into utterances, each its own task linked to its input', async () => {
    const dry = await t.owner.expect<PipelineDryRunDto>(200, 'POST', `/api/v1/projects/${project.id}/pipeline/dry-run`, { spec: SPLIT_SPEC });
    const speechDry = dry.records[4]!;
    expect(speechDry.status).toBe('changed');
    expect(speechDry.audio!.after.length).toBeGreaterThan(1);
    expect(speechDry.audio!.after[0]).toMatchObject({ changedBy: ['vad-split'], codec: 'flac' });

    const before = (await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`)).items;
    // Labels on the input: a segment inside each utterance with its speaker, one across the pause, and a
    // segment of another kind inside the first. They are a prediction (the labels a pipeline starts from when there is no annotation).
    const cuts = speechDry.audio!.after.map((a) => ({ start: a.start!, end: a.end! }));
    const inside = cuts.map((c, i) => ({ id: `u${i}`, from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: c.start + 0.05, end: c.end - 0.05, labels: ['speech'] } }));
    const speakers = cuts.map((_, i) => ({ id: `u${i}`, from_name: 'speaker', to_name: 'audio', type: 'choices', value: { choices: [i % 2 === 0 ? 'A' : 'B'] } }));
    const across = { id: 'across', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: cuts[0]!.end - 0.1, end: cuts[1]!.start + 0.1, labels: ['noise'] } };
    const speechTaskId = before.find((task) => String(task.data.audio) === intake.files.find((f) => f.name === 'speech.flac')!.url)!.id;
    await t.database.tenant({ orgId: t.owner.orgId! }, (tx) =>
      tx.insertInto('predictions').values({ id: randomUUID(), org_id: t.owner.orgId!, project_id: project.id, task_id: speechTaskId, import_id: null, result: JSON.stringify([...inside, ...speakers, across]), model_version: 'hand', score: null, created_by: null }).execute(),
    );
    const started = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${project.id}/pipeline/runs`, { spec: SPLIT_SPEC });
    const job = await waitFor(t.owner, started.job.id);
    expect(job.error).toBeNull();
    const out = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${started.targetProjectId}/tasks?limit=50`);
    const utterances = out.items.filter((task) => noteOf(task.data).sourceSha256 === shaOf('speech.flac'));
    expect(utterances.length).toBeGreaterThan(1);
    expect(utterances.length).toBe(speechDry.audio!.after.length);
    const spans = utterances.map((task) => noteOf(task.data).utterance!).sort((a, b) => a.start - b.start);
    expect(spans.map((s) => s.index)).toEqual(spans.map((_, i) => i + 1));
    for (const [i, s] of spans.entries()) {
      expect(s.count).toBe(spans.length);
      expect(s.end).toBeGreaterThan(s.start);
      if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
    // The pause (1.5 s of silence) lies between two utterances.
    expect(spans.some((s, i) => i > 0 && s.start - spans[i - 1]!.end > 0.8)).toBe(true);
    for (const task of utterances) expect(Math.abs((task.data.duration as number) - (noteOf(task.data).utterance!.end - noteOf(task.data).utterance!.start))).toBeLessThan(0.05);
    // The job links the input to its first output; every output line of the import names its input.
    const items = await t.database.tenant({ orgId: t.owner.orgId! }, (tx) => tx.selectFrom('pipeline_items').select(['input_task_id', 'output_task_id', 'outcome']).where('job_id', '=', started.job.id).execute());
    expect(items).toHaveLength(6);
    const speechTask = before.find((task) => String(task.data.audio) === intake.files.find((f) => f.name === 'speech.flac')!.url)!;
    expect(items.find((i) => String(i.input_task_id) === String(speechTask.id))).toMatchObject({ outcome: 'changed' });
    expect(utterances.map((task) => String(task.id))).toContain(String(items.find((i) => String(i.input_task_id) === String(speechTask.id))!.output_task_id));
    expect(job.result).toMatchObject({ records: 6, outputTasks: out.items.length });
    // The labels followed the cut: each utterance carries its own segment, moved to its time, with its speaker;
    // the segment across the pause stayed behind (counted on the first two pieces, which it touches).
    for (const task of utterances) {
      const note = noteOf(task.data) as Note & { labelsLeftBehind?: number };
      const k = cuts.findIndex((c) => Math.abs(c.start - note.utterance!.start) < 1e-6);
      const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${task.id}`);
      const carried = full.predictions!.find((p) => p.modelVersion === 'pipeline-carried@1')!;
      const length = note.utterance!.end - note.utterance!.start;
      expect(carried.result).toEqual([
        { ...inside[k]!, value: { start: 0.05, end: Math.round((length - 0.05) * 1000) / 1000, labels: ['speech'] } },
        speakers[k],
      ]);
      expect(note.labelsLeftBehind ?? 0).toBe(k <= 1 ? 1 : 0);
    }
  }, 240_000);
});
