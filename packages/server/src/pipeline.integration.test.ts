import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, parsePipelineSpec, textClassificationTemplate, type ErrorBody, type HistoryDto, type ImportResultDto, type JobDto, type PipelineDryRunDto, type PipelineRunDto, type ProjectDto, type TaskPageDto } from '@yungang/core';
import { BACKENDS, POSTGRES } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { addMember } from './test-support/helpers.js';
import type { ApiClient } from './test-support/api-client.js';

/**
 * Preprocessing pipelines through HTTP (docs/pipelines.md): dry run, a run as a durable job into a new
 * project with the source untouched and every output linked to its input, clear errors for bad specs,
 * and (PostgreSQL, real processes) a `yungang worker` killed mid-run whose job another worker finishes
 * with nothing lost and nothing doubled.
 */
const SPEC = `
name: clean
operators:
  - op: strip
  - op: normalize
  - op: pii
    types: { mobile: mask, email: mask, id-card: drop }
  - op: length-filter
    min: 2
  - op: exact-dedup
`;

/** Texts with HTML, full-width letters, phone numbers, e-mails, an ID number, exact duplicates and an empty one. */
function corpus(n: number): { text: string }[] {
  return Array.from({ length: n }, (_, i) => {
    switch (i % 7) {
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

/** What the run must produce: the same spec run in core over the same records, in task order. */
function expected(records: { text: string }[]) {
  const pipeline = createPipeline(parsePipelineSpec(SPEC), { pseudonymKey: 'unused' });
  const outputs = records.map((r) => pipeline.process(r)).filter((r) => r.status !== 'dropped').map((r) => r.record);
  return { outputs, stats: pipeline.stats() };
}

describe.each(BACKENDS)('pipelines on $name', (backend) => {
  let t: TestServer;
  let source: ProjectDto;
  const records = corpus(70);

  beforeAll(async () => {
    t = await startTestServer(backend);
    source = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '原始文本', labelConfig: textClassificationTemplate });
    await importRecords(t.owner, source.id, records);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('dry-runs a sample: per-operator counts and before/after, nothing stored', async () => {
    const dry = await t.owner.expect<PipelineDryRunDto>(200, 'POST', `/api/v1/projects/${source.id}/pipeline/dry-run`, { spec: SPEC, sample: 7 });
    expect(dry.records.map((r) => r.status)).toEqual(['changed', 'changed', 'changed', 'kept', 'dropped', 'dropped', 'kept']);
    // NFKC folds the full-width colon; the mobile number is masked with its type tag.
    expect(dry.records[0]!.after).toEqual({ text: '第0条:请联系 [MOBILE]' });
    expect(dry.records[0]!.before).toEqual({ text: '<p>第0条：请联系 13812345678</p>' });
    expect(dry.records[1]!.after).toEqual({ text: 'ABC 全角 1' });
    expect(dry.records[4]!.droppedBy).toMatchObject({ op: 'pii' });
    const stats = dry.stats as { operators: { op: string; changed: number; dropped: number }[] };
    expect(stats.operators.map((o) => o.op)).toEqual(['strip', 'normalize', 'pii', 'length-filter', 'exact-dedup']);
    expect(stats.operators.find((o) => o.op === 'strip')!.changed).toBe(1);
    const jobs = await t.owner.expect<{ items: JobDto[] }>(200, 'GET', `/api/v1/jobs?projectId=${source.id}`);
    expect(jobs.items).toEqual([]);
  });

  it('refuses a bad spec with the path of each problem, and starts nothing', async () => {
    const bad = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: 'operators:\n  - op: near-dedup\n    threshold: 3\n  - op: shout\n' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(bad.body.error.details)).toContain('operators[0].threshold');
    expect(JSON.stringify(bad.body.error.details)).toContain('operators[1]');
    const noList = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: { operators: [{ op: 'keyword-filter', list: 'banned' }] } });
    expect(noList.status).toBe(400);
    const annotator = await addMember(t, 'pipeline-annotator@example.com', 'annotator');
    expect((await annotator.request<ErrorBody>('POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: SPEC })).status).toBe(403);
    const projects = await t.owner.expect<{ items: ProjectDto[] }>(200, 'GET', '/api/v1/projects');
    expect(projects.items).toHaveLength(1);
  });

  it('runs as a job into a new project: outputs in order, source untouched, each output linked to its input, logged as an import', async () => {
    const started = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: SPEC, targetName: '清洗后' });
    const job = await waitFor(t.owner, started.job.id, (j) => j.status === 'succeeded' || j.status === 'failed');
    expect(job.error).toBeNull();
    const want = expected(records);
    expect(job.result).toMatchObject({ targetProjectId: started.targetProjectId, records: 70, kept: want.stats.kept, changed: want.stats.changed, dropped: want.stats.dropped, outputTasks: want.outputs.length });
    expect(job).toMatchObject({ done: 70, total: 70 });

    const target = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${started.targetProjectId}/tasks?limit=200`);
    const texts = target.items.map((task) => task.data.text as string);
    // Masked values differ from core's only where a pseudonym would; this spec masks, so they are equal.
    expect(texts).toEqual(want.outputs.map((r) => r.text));
    expect(texts.join('\n')).not.toMatch(/13812345678|@example\.com|11010519491231002X/);
    const original = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${source.id}/tasks?limit=200`);
    expect(original.items.map((task) => task.data)).toEqual(records);

    const links = await t.database.system((tx) => tx.selectFrom('pipeline_items').select(['input_task_id', 'output_task_id', 'outcome']).where('job_id', '=', started.job.id).orderBy('input_task_id').execute());
    expect(links).toHaveLength(70);
    expect(links.filter((l) => l.outcome === 'dropped').every((l) => l.output_task_id === null)).toBe(true);
    expect(new Set(links.filter((l) => l.outcome !== 'dropped').map((l) => l.output_task_id)).size).toBe(want.outputs.length);

    const history = await t.owner.expect<HistoryDto>(200, 'GET', `/api/v1/history/project/${started.targetProjectId}`);
    const importEntry = history.items.find((e) => e.kind === 'import');
    expect(importEntry?.data).toMatchObject({ format: 'pipeline', taskCount: want.outputs.length, sourceSha256: (job.result as { outputSha256: string }).outputSha256 });
  });
});

const CLI = resolve(fileURLToPath(import.meta.url), '../../../cli/bin/yungang.js');

describe.skipIf(!POSTGRES)('a pipeline job survives its worker being killed (PostgreSQL, real processes)', () => {
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
    // No job runner in the server: only the worker processes run jobs.
    t = await startTestServer(POSTGRES!, { config: { jobWorkers: 0 } });
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await t?.close();
  });

  it('SIGKILL mid-run: another worker resumes from the checkpoint, no output lost or doubled', async () => {
    const records = corpus(30_000);
    const source = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '大批文本', labelConfig: textClassificationTemplate });
    await importRecords(t.owner, source.id, records);
    const started = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${source.id}/pipeline/runs`, { spec: SPEC });
    const env = { DATABASE_URL: t.server.config.databaseUrl!, YUNGANG_DATA_DIR: t.dataDir, YUNGANG_JOB_LEASE_SECONDS: '2', YUNGANG_AUDIT_MINUTES: '0', LOG_LEVEL: 'warn' };

    const first = startWorker(env);
    const midway = await waitFor(t.owner, started.job.id, (j) => j.done >= 2_000 || j.status !== 'running' && j.status !== 'queued');
    expect(midway.status, first.output()).toBe('running');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const atKill = await t.owner.expect<JobDto>(200, 'GET', `/api/v1/jobs/${started.job.id}`);
    expect(atKill.done).toBeLessThan(30_000);

    const second = startWorker(env);
    const job = await waitFor(t.owner, started.job.id, (j) => j.status === 'succeeded' || j.status === 'failed', 300_000);
    expect(job.error, second.output()).toBeNull();
    expect(job.attempts).toBe(2);

    const want = expected(records);
    expect(job.result).toMatchObject({ records: 30_000, kept: want.stats.kept, changed: want.stats.changed, dropped: want.stats.dropped, outputTasks: want.outputs.length });
    const counts = await sql<{ items: string; inputs: string; outputs: string; tasks: string }>`
      SELECT (SELECT count(*) FROM pipeline_items WHERE job_id = ${started.job.id}) AS items,
             (SELECT count(DISTINCT input_task_id) FROM pipeline_items WHERE job_id = ${started.job.id}) AS inputs,
             (SELECT count(DISTINCT output_task_id) FROM pipeline_items WHERE job_id = ${started.job.id}) AS outputs,
             (SELECT count(*) FROM tasks WHERE project_id = ${(job.result as { targetProjectId: string }).targetProjectId}) AS tasks`.execute(t.database.db);
    expect(counts.rows[0]).toEqual({ items: '30000', inputs: '30000', outputs: String(want.outputs.length), tasks: String(want.outputs.length) });
    const texts = await sql<{ text: string }>`SELECT data->>'text' AS text FROM tasks WHERE project_id = ${(job.result as { targetProjectId: string }).targetProjectId} ORDER BY id`.execute(t.database.db);
    expect(texts.rows.map((r) => r.text)).toEqual(want.outputs.map((r) => r.text));
    second.child.kill('SIGTERM');
  }, 600_000);
});
