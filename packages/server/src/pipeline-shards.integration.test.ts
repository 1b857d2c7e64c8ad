import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createPipeline, imageCaptionTemplate, speechSegmentsTemplate, parsePipelineSpec, textClassificationTemplate, type ErrorBody, type ImportResultDto, type JobDto, type MediaIntakeResultDto, type PipelineRunDto, type ProjectDto } from '@yungang/core';
import { BACKENDS, POSTGRES } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import type { ApiClient } from './test-support/api-client.js';
import { JobRunner } from './jobs/job-runner.js';
import { createJobHandlers } from './jobs/handlers.js';
import type { Database } from './db/database.js';
import type { JobRun } from './jobs/job-handler.js';
import { ffmpegAvailable } from './test-support/test-video.js';

/**
 * A pipeline run split into shards (docs/pipelines.md, "Splitting a run"): the same counts, examples,
 * outputs and order as one unsplit job; the target project empty until the serial part publishes; and
 * (PostgreSQL, real processes) two `yungang worker`s taking shards at once, one SIGKILLed mid-shard,
 * with every input handled once and the output still exactly the unsplit one.
 */
const SPEC = `
name: clean-split
operators:
  - op: strip
  - op: normalize
  - op: pii
    types: { mobile: mask, email: mask, id-card: drop }
  - op: length-filter
    min: 2
  - op: exact-dedup
  - op: near-dedup
    threshold: 0.7
  - op: length-filter
    max: 40
`;

/** Texts with HTML, full-width letters, PII, exact and near duplicates across the whole range, an empty one, long ones. */
function corpus(n: number): { text: string }[] {
  return Array.from({ length: n }, (_, i) => {
    switch (i % 9) {
      case 0:
        return { text: `<p>第${i}条：请联系 13812345678</p>` };
      case 1:
        return { text: `ＡＢＣ 全角 ${i}` };
      case 2:
        return { text: `邮件 user${i}@example.com 已收到` };
      case 3:
        return { text: '重复的一句话' };
      case 4:
        return { text: `身份证 11010519491231002X 第${i}` };
      case 5:
        return { text: ' ' };
      case 6:
        return { text: `今天天气很好，我们一起去公园散步吧，编号${i % 4}` };
      case 7:
        return { text: `这是一段很长很长的文字，它会超过四十个字符的长度上限，所以在最后一步被丢掉，第${i}条` };
      default:
        return { text: `普通文本 plain text ${i}` };
    }
  });
}

async function importRecords(client: ApiClient, projectId: string, records: { text: string }[]): Promise<void> {
  const body = records.map((r) => JSON.stringify(r)).join('\n');
  await client.expect<ImportResultDto>(201, 'POST', `/api/v1/projects/${projectId}/import?format=jsonl`, body, { 'content-type': 'application/x-ndjson' });
}

async function waitFor(client: ApiClient, jobId: string, until: (job: JobDto) => boolean, ms = 120_000): Promise<JobDto> {
  const end = Date.now() + ms;
  for (;;) {
    const job = await client.expect<JobDto>(200, 'GET', `/api/v1/jobs/${jobId}`);
    if (until(job)) return job;
    if (Date.now() > end) throw new Error(`job ${jobId} did not get there: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ended = (j: JobDto) => j.status === 'succeeded' || j.status === 'failed' || j.status === 'cancelled';

function expected(records: { text: string }[]) {
  const pipeline = createPipeline(parsePipelineSpec(SPEC), { pseudonymKey: 'unused' });
  const outputs = records.map((r) => pipeline.process(r)).filter((r) => r.status !== 'dropped').map((r) => r.record);
  return { outputs, stats: pipeline.stats() };
}

/** What a run did with each input, in input order, and the target project's task data in order. */
async function runOutput(database: Database, jobId: string, targetProjectId: string) {
  const items = await database.system((tx) => tx.selectFrom('pipeline_items').select(['input_task_id', 'outcome', 'dropped_by', 'output']).where('job_id', '=', jobId).orderBy('input_task_id').execute());
  const tasks = await database.system((tx) => tx.selectFrom('tasks').select(['data']).where('project_id', '=', targetProjectId).orderBy('id').execute());
  return { items, tasks: tasks.map((t) => t.data) };
}

async function shardJobs(database: Database, parentId: string) {
  return database.system((tx) => tx.selectFrom('jobs').select(['id', 'kind', 'status', 'attempts', 'lease_owner', 'done', 'total']).where('parent_id', '=', parentId).orderBy(sql`(payload->>'index')::int`).execute());
}

describe.each(BACKENDS)('split pipeline runs on $name', (backend) => {
  let t: TestServer;
  let source: ProjectDto;
  const records = corpus(300);
  const runners: JobRunner[] = [];
  const runner = (kinds?: string[]) => {
    const handlers = createJobHandlers(t.server.services).filter((h) => !kinds || kinds.includes(h.kind));
    const r = new JobRunner(t.database, handlers, { pollMs: 20, log: () => undefined });
    runners.push(r);
    r.start();
    return r;
  };

  beforeAll(async () => {
    // Jobs run only on the runners each test starts, so a test can hold the serial part back.
    t = await startTestServer(backend, { config: { jobWorkers: 0 } });
    source = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '待切分', labelConfig: textClassificationTemplate });
    await importRecords(t.owner, source.id, records);
  });
  afterAll(async () => {
    for (const r of runners) await r.stop();
    await t?.close();
  });

  it('refuses a bad shard count with its path, and starts nothing', async () => {
    for (const shards of [0, 65, 1.5, 'three']) {
      const bad = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: SPEC, shards });
      expect(bad.status, String(shards)).toBe(400);
      expect(JSON.stringify(bad.body.error.details)).toContain('shards');
    }
    const jobs = await t.owner.expect<{ items: JobDto[] }>(200, 'GET', `/api/v1/jobs?projectId=${source.id}`);
    expect(jobs.items).toEqual([]);
  });

  it('shards: 3 gives exactly the unsplit run: counts, examples, each input outcome, outputs in order; nothing published before the serial part', async () => {
    const whole = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: SPEC, targetName: '整跑' });
    const wholeRunner = runner();
    const wholeJob = await waitFor(t.owner, whole.job.id, ended);
    await wholeRunner.stop();
    expect(wholeJob.error).toBeNull();
    expect(await shardJobs(t.database, whole.job.id)).toEqual([]);

    const split = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: SPEC, targetName: '切分', shards: 3 });
    expect(split.job).toMatchObject({ kind: 'pipeline', status: 'queued', total: 300 });
    // Shards only: the run's own job waits, and the target project stays empty.
    const shardRunner = runner(['pipeline-shard']);
    const deadline = Date.now() + 60_000;
    while ((await shardJobs(t.database, split.job.id)).some((s) => s.status !== 'succeeded') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await shardRunner.stop();
    const shards = await shardJobs(t.database, split.job.id);
    expect(shards.map((s) => [s.kind, s.status, s.total])).toEqual([
      ['pipeline-shard', 'succeeded', '100'],
      ['pipeline-shard', 'succeeded', '100'],
      ['pipeline-shard', 'succeeded', '100'],
    ]);
    const waiting = await t.owner.expect<JobDto>(200, 'GET', `/api/v1/jobs/${split.job.id}`);
    // The run's progress counted the shards' records.
    expect(waiting).toMatchObject({ status: 'queued', done: 300, total: 300 });
    expect((await runOutput(t.database, split.job.id, split.targetProjectId)).tasks).toEqual([]);

    const serialRunner = runner();
    const splitJob = await waitFor(t.owner, split.job.id, ended);
    await serialRunner.stop();
    expect(splitJob.error).toBeNull();
    expect(splitJob).toMatchObject({ status: 'succeeded', done: 300, total: 300, attempts: 1 });

    const want = expected(records);
    const counts = { records: 300, kept: want.stats.kept, changed: want.stats.changed, dropped: want.stats.dropped, outputTasks: want.outputs.length };
    expect(wholeJob.result).toMatchObject(counts);
    expect(splitJob.result).toMatchObject({ ...counts, shards: 3 });
    // Counts and examples per operator, dedup memory included, as one job reported them.
    expect(splitJob.summary).toEqual(wholeJob.summary);
    expect(want.stats.operators.every((o) => o.kept + o.changed + o.dropped + o.skipped > 0)).toBe(true);

    const a = await runOutput(t.database, whole.job.id, whole.targetProjectId);
    const b = await runOutput(t.database, split.job.id, split.targetProjectId);
    expect(b.items).toEqual(a.items);
    expect(b.tasks).toEqual(a.tasks);
    expect(b.tasks.map((d) => (d as { text: string }).text)).toEqual(want.outputs.map((r) => r.text));
    // The output blob is the same bytes but for the job-named file: its lines are identical.
    expect((splitJob.result as { outputSha256: string }).outputSha256).toBe((wholeJob.result as { outputSha256: string }).outputSha256);
  });

  it('a shard and the serial part stopped mid-way resume from their checkpoints: every input once, the output unchanged', async () => {
    const many = corpus(6_000);
    const big = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '中断再续', labelConfig: textClassificationTemplate });
    await importRecords(t.owner, big.id, many);
    const started = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${big.id}/pipeline/runs`, { spec: SPEC, shards: 2 });
    const jobRow = (id: string) => t.database.system((tx) => tx.selectFrom('jobs').select(['status', 'checkpoint', 'done', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow());
    /**
     * A runner whose `kind` jobs stop after their second step: a graceful stop gives the job back at its last
     * checkpoint, as a crash would once its lease ran out, and the next runner resumes it from there.
     */
    const stopAfterTwoSteps = async (kind: string): Promise<string> => {
      let stopped: Promise<void> | undefined;
      let paused = '';
      const handlers = createJobHandlers(t.server.services).map((h) =>
        h.kind !== kind
          ? h
          : {
              kind,
              run: (run: JobRun) => {
                let steps = 0;
                return h.run({
                  job: run.job,
                  signal: run.signal,
                  step: async (work) => {
                    await run.step(work);
                    if (++steps === 2 && !stopped) {
                      paused = run.job.id;
                      stopped = r.stop();
                    }
                  },
                });
              },
            },
      );
      const r = new JobRunner(t.database, handlers, { pollMs: 20, log: () => undefined });
      r.start();
      const end = Date.now() + 60_000;
      while (!stopped) {
        if (Date.now() > end) throw new Error(`no ${kind} job took two steps`);
        await new Promise((res) => setTimeout(res, 10));
      }
      await stopped;
      const row = await jobRow(paused);
      expect(row).toMatchObject({ status: 'queued', attempts: 0, checkpoint: { lastTaskId: expect.any(String), done: 1_000 } });
      return paused;
    };
    const pausedShard = await stopAfterTwoSteps('pipeline-shard');
    expect((await shardJobs(t.database, started.job.id)).map((s) => s.id)).toContain(pausedShard);
    // The serial part paused too: its own `done` restarted below the shards' total.
    expect(await stopAfterTwoSteps('pipeline')).toBe(started.job.id);
    const finisher = runner();
    const job = await waitFor(t.owner, started.job.id, ended);
    await finisher.stop();
    expect(job.error).toBeNull();

    const want = expected(many);
    expect(job.summary).toEqual(want.stats);
    expect(job.result).toMatchObject({ records: 6_000, kept: want.stats.kept, changed: want.stats.changed, dropped: want.stats.dropped, outputTasks: want.outputs.length });
    const shards = await shardJobs(t.database, started.job.id);
    const shardItems = await t.database.system((tx) => tx.selectFrom('pipeline_items').select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('input_task_id').distinct().as('inputs')]).where('job_id', 'in', shards.map((s) => s.id)).executeTakeFirstOrThrow());
    expect([Number(shardItems.n), Number(shardItems.inputs)]).toEqual([6_000, 6_000]);
    const out = await runOutput(t.database, started.job.id, started.targetProjectId);
    expect(out.items).toHaveLength(6_000);
    expect(out.tasks.map((d) => (d as { text: string }).text)).toEqual(want.outputs.map((r) => r.text));
  }, 180_000);

  it('a failed shard fails the run, which publishes nothing; cancelling a run cancels its shards', async () => {
    const doomed = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: SPEC, shards: 2 });
    const [first] = await shardJobs(t.database, doomed.job.id);
    await t.database.system((tx) => tx.updateTable('jobs').set({ status: 'failed', error: 'disk on fire' }).where('id', '=', first!.id).execute());
    const r = runner();
    const failed = await waitFor(t.owner, doomed.job.id, ended);
    await r.stop();
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('shard 1 of 2 failed: disk on fire');
    expect((await runOutput(t.database, doomed.job.id, doomed.targetProjectId)).tasks).toEqual([]);

    const cancelled = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: SPEC, shards: 2 });
    await t.owner.expect<JobDto>(200, 'POST', `/api/v1/jobs/${cancelled.job.id}/cancel`);
    expect((await shardJobs(t.database, cancelled.job.id)).map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
  });
});

/** A 160x120 picture with edges and a blob placed by `seed`. */
async function scene(seed: number): Promise<Buffer> {
  const width = 160;
  const height = 120;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const checker = ((Math.floor((x + seed * 7) / 10) + Math.floor(y / 10)) % 2) * 90;
      const blob = 80 * Math.exp(-((x - 40 - seed * 9) ** 2 + (y - 50) ** 2) / 300);
      const i = (y * width + x) * 3;
      data[i] = Math.min(255, 60 + checker + blob);
      data[i + 1] = Math.min(255, 70 + checker);
      data[i + 2] = Math.min(255, 80 + blob);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** Image operators run in the shards, the caption's text operators (and their dedup) in the serial part. */
const IMAGE_SPEC = `
operators:
  - op: image-validate
  - op: blur-filter
    minSharpness: 20
  - op: image-resize
    maxSide: 80
  - op: normalize
    field: caption
  - op: exact-dedup
    field: caption
`;

describe.each(BACKENDS)('a split image pipeline on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;

  beforeAll(async () => {
    t = await startTestServer(backend);
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '图像切分', labelConfig: imageCaptionTemplate });
    const data = new FormData();
    for (let i = 0; i < 12; i++) {
      // Every third picture blurred (dropped by blur-filter in whichever shard holds it).
      const bytes = i % 3 === 1 ? await sharp(await scene(i)).blur(4).png().toBuffer() : await scene(i);
      data.append('files', new Blob([new Uint8Array(bytes)]), `scene-${String(i).padStart(2, '0')}.png`);
    }
    const upload = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, data);
    expect(upload.body.stored).toBe(12);
    // Captions below the API: full-width letters, and one caption on several pictures across the shards.
    const orgId = t.owner.orgId!;
    await t.database.tenant({ orgId }, async (tx) => {
      const tasks = await tx.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', project.id).orderBy('id').execute();
      for (const [i, task] of tasks.entries()) {
        const caption = i % 4 === 0 ? 'ＳＡＭＥ 同一说明' : `说明 ${i}`;
        await tx.updateTable('tasks').set({ data: JSON.stringify({ ...task.data, caption }) }).where('id', '=', task.id).execute();
      }
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shards: 3 decodes in the shards and gives exactly the unsplit run: outcomes, new images, media rows, counts and examples', async () => {
    const run = async (shards: number) => {
      const started = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${project.id}/pipeline/runs`, { spec: IMAGE_SPEC, shards });
      const job = await waitFor(t.owner, started.job.id, ended);
      expect(job.error).toBeNull();
      const media = await t.database.system((tx) => tx.selectFrom('media').select(['sha256']).where('project_id', '=', started.targetProjectId).orderBy('sha256').execute());
      return { job, started, media, ...(await runOutput(t.database, started.job.id, started.targetProjectId)) };
    };
    const whole = await run(1);
    const split = await run(3);
    expect((await shardJobs(t.database, split.started.job.id)).map((s) => [s.status, s.total])).toEqual([
      ['succeeded', '4'],
      ['succeeded', '4'],
      ['succeeded', '4'],
    ]);
    expect(whole.job.result).toMatchObject({ records: 12, dropped: 5, changed: 7, outputTasks: 7 });
    expect(split.job.result).toMatchObject({ records: 12, dropped: 5, changed: 7, outputTasks: 7, shards: 3 });
    // Blur drops in every shard: the merged examples carry their run positions from all three.
    const blur = (split.job.summary as { operators: { op: string; examples: { dropped: { index: number }[] } }[] }).operators[1]!;
    expect(blur.examples.dropped.map((e) => e.index)).toEqual([1, 4, 7, 10]);
    expect(split.job.summary).toEqual(whole.job.summary);
    expect(split.items).toEqual(whole.items);
    expect(split.tasks).toEqual(whole.tasks);
    expect(split.media).toEqual(whole.media);
    expect(split.media).toHaveLength(7);
  }, 180_000);

  it('refuses to split a spec with image-near-dedup, naming the field', async () => {
    const bad = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/pipeline/runs`, { spec: { operators: [{ op: 'image-near-dedup' }] }, shards: 2 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toMatch(/"path":"shards".*image-near-dedup/);
  });
});

/** Audio operators run in the shards (changed recordings are new blobs); the text dedup over the recordings' URLs runs in the serial part. */
const AUDIO_SPEC = `
operators:
  - op: audio-validate
  - op: clipping-filter
  - op: audio-transcode
    sampleRate: 16000
    channels: 1
  - op: exact-dedup
    field: audio
`;

describe.skipIf(!ffmpegAvailable()).each(BACKENDS)('a split audio pipeline on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;
  let dir: string;

  beforeAll(async () => {
    t = await startTestServer(backend);
    dir = await mkdtemp(join(tmpdir(), 'yungang-shards-audio-'));
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '音频切分', labelConfig: speechSegmentsTemplate });
    const data = new FormData();
    for (let i = 0; i < 9; i++) {
      // Every third tone pushed past full scale (clipping-filter drops it).
      const name = `tone-${i}.wav`;
      const file = join(dir, name);
      await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=f=${300 + i * 50}:sample_rate=22050:d=1`, '-af', i % 3 === 1 ? 'volume=30dB' : 'volume=0.3', '-ac', '2', file]);
      data.append('files', new Blob([new Uint8Array(await readFile(file))]), name);
    }
    const upload = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, data);
    expect(upload.body.stored).toBe(9);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shards: 3 runs the audio operators in the shards and gives exactly the unsplit run, media rows included', async () => {
    const run = async (shards: number) => {
      const started = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${project.id}/pipeline/runs`, { spec: AUDIO_SPEC, shards });
      const job = await waitFor(t.owner, started.job.id, ended);
      expect(job.error).toBeNull();
      const media = await t.database.system((tx) => tx.selectFrom('media').select(['sha256']).where('project_id', '=', started.targetProjectId).orderBy('sha256').execute());
      return { job, started, media, ...(await runOutput(t.database, started.job.id, started.targetProjectId)) };
    };
    const whole = await run(1);
    const split = await run(3);
    expect((await shardJobs(t.database, split.started.job.id)).map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const stats = whole.job.summary as { dropped: number; changed: number; operators: { op: string; changed: number; dropped: number }[] };
    expect(stats.operators.find((o) => o.op === 'clipping-filter')!.dropped).toBe(3);
    expect(stats.operators.find((o) => o.op === 'audio-transcode')!.changed).toBe(6);
    expect(split.job.summary).toEqual(whole.job.summary);
    expect(split.job.result).toMatchObject({ records: 9, kept: (whole.job.result as { kept: number }).kept, changed: stats.changed, dropped: stats.dropped, shards: 3 });
    expect(split.items).toEqual(whole.items);
    expect(split.tasks).toEqual(whole.tasks);
    expect(split.media).toEqual(whole.media);
  }, 180_000);
});

const CLI = resolve(fileURLToPath(import.meta.url), '../../../cli/bin/yungang.js');

describe.skipIf(!POSTGRES)('a split run on two workers survives a worker killed mid-shard and one killed in the serial part (PostgreSQL, real processes)', () => {
  let t: TestServer;
  const workers: ChildProcess[] = [];
  const startWorker = (env: Record<string, string>) => {
    const child = spawn(process.execPath, [CLI, 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    workers.push(child);
    return { child, output: () => out };
  };

  beforeAll(async () => {
    t = await startTestServer(POSTGRES!, { config: { jobWorkers: 0 } });
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await t?.close();
  });

  it('two workers run shards at once; SIGKILL of one mid-shard, then of the serial part mid-way: both resume, no input lost or doubled, output as unsplit', async () => {
    const records = corpus(30_000);
    const source = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '大批待切分', labelConfig: textClassificationTemplate });
    await importRecords(t.owner, source.id, records);
    const started = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: SPEC, shards: 3 });
    const env = { DATABASE_URL: t.server.config.databaseUrl!, YUNGANG_DATA_DIR: t.dataDir, YUNGANG_JOB_LEASE_SECONDS: '2', YUNGANG_AUDIT_MINUTES: '0', LOG_LEVEL: 'warn' };

    const a = startWorker(env);
    const b = startWorker(env);
    // Both workers hold a shard at once, and the one to be killed is part-way through its shard.
    const deadline = Date.now() + 120_000;
    let victim: { id: string; done: string } | undefined;
    for (;;) {
      const shards = await shardJobs(t.database, started.job.id);
      const running = shards.filter((s) => s.status === 'running');
      victim = running.find((s) => s.lease_owner?.includes(`:${a.child.pid}:`) && Number(s.done) >= 1_000);
      if (victim && running.length >= 2 && new Set(running.map((s) => s.lease_owner)).size >= 2) break;
      if (Date.now() > deadline) throw new Error(`no two shards running at once: ${JSON.stringify(shards)}\n${a.output()}\n${b.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    const atKill = (await shardJobs(t.database, started.job.id)).find((s) => s.id === victim.id)!;
    expect(Number(atKill.done)).toBeLessThan(10_000);
    expect((await sql<{ n: string }>`SELECT count(*) AS n FROM tasks WHERE project_id = ${started.targetProjectId}`.execute(t.database.db)).rows[0]!.n).toBe('0');

    // Then the serial part's worker dies mid-way too; a third worker resumes it.
    const serialDeadline = Date.now() + 300_000;
    for (;;) {
      const row = (await sql<{ status: string; done: string; checkpoint: unknown }>`SELECT status, done, checkpoint FROM jobs WHERE id = ${started.job.id}`.execute(t.database.db)).rows[0]!;
      const shardsDone = (await shardJobs(t.database, started.job.id)).every((s) => s.status === 'succeeded');
      if (shardsDone && row.status === 'running' && row.checkpoint !== null && Number(row.done) >= 1_000 && Number(row.done) < 25_000) break;
      if (row.status !== 'queued' && row.status !== 'running') throw new Error(`the run ended before its serial part could be killed: ${JSON.stringify(row)}\n${b.output()}`);
      if (Date.now() > serialDeadline) throw new Error(`the serial part never got going: ${JSON.stringify(row)}\n${b.output()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    b.child.kill('SIGKILL');
    await new Promise((r) => b.child.once('exit', r));
    expect((await sql<{ n: string }>`SELECT count(*) AS n FROM tasks WHERE project_id = ${started.targetProjectId}`.execute(t.database.db)).rows[0]!.n).toBe('0');
    const c = startWorker(env);

    const job = await waitFor(t.owner, started.job.id, ended, 300_000);
    expect(job.error, c.output()).toBeNull();
    expect(job.attempts).toBe(2);
    const shards = await shardJobs(t.database, started.job.id);
    expect(shards.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(shards.find((s) => s.id === victim.id)!.attempts).toBe(2);

    const want = expected(records);
    expect(job.result).toMatchObject({ records: 30_000, kept: want.stats.kept, changed: want.stats.changed, dropped: want.stats.dropped, outputTasks: want.outputs.length, shards: 3 });
    const ids = shards.map((s) => s.id);
    const counts = await sql<{ shardItems: string; shardInputs: string; items: string; outputs: string; tasks: string }>`
      SELECT (SELECT count(*) FROM pipeline_items WHERE job_id = ANY(${ids}::uuid[])) AS "shardItems",
             (SELECT count(DISTINCT input_task_id) FROM pipeline_items WHERE job_id = ANY(${ids}::uuid[])) AS "shardInputs",
             (SELECT count(*) FROM pipeline_items WHERE job_id = ${started.job.id}) AS items,
             (SELECT count(DISTINCT output_task_id) FROM pipeline_items WHERE job_id = ${started.job.id}) AS outputs,
             (SELECT count(*) FROM tasks WHERE project_id = ${started.targetProjectId}) AS tasks`.execute(t.database.db);
    expect(counts.rows[0]).toEqual({ shardItems: '30000', shardInputs: '30000', items: '30000', outputs: String(want.outputs.length), tasks: String(want.outputs.length) });
    const texts = await sql<{ text: string }>`SELECT data->>'text' AS text FROM tasks WHERE project_id = ${started.targetProjectId} ORDER BY id`.execute(t.database.db);
    expect(texts.rows.map((r) => r.text)).toEqual(want.outputs.map((r) => r.text));
    c.child.kill('SIGTERM');
  }, 600_000);
});
