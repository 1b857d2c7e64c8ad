import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, ExportJobResult, JobDto, NextTaskDto, OrgDto, ProjectDto } from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember, choiceResult, createChoiceProject, importTexts } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/**
 * Exports as background jobs over real HTTP (docs/jobs.md, "Exports"; issue 3 item 5): the job writes the
 * same bytes the streamed download sends, counts its progress in tasks, refuses formats the project cannot
 * give with the reason, and its file is served only to members allowed to export, only when finished.
 */
async function waitForJob(client: ApiClient, jobId: string, ms = 120_000): Promise<JobDto> {
  const end = Date.now() + ms;
  for (;;) {
    const job = await client.expect<JobDto>(200, 'GET', `/api/v1/jobs/${jobId}`);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    if (Date.now() > end) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(BACKENDS)('export jobs on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;
  const TASKS = 1_200;

  beforeAll(async () => {
    t = await startTestServer(backend);
    project = await createChoiceProject(t.owner, { name: '导出任务' });
    await importTexts(t.owner, project.id, TASKS, '导出');
    for (let i = 0; i < 3; i++) {
      const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
      await t.owner.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: choiceResult(i === 0 ? 'negative' : 'positive'), leadTimeMs: 5 });
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it.each(['jsonl', 'csv'] as const)('a %s export job writes exactly what the streamed download sends, with progress in tasks', async (format) => {
    const started = await t.owner.expect<JobDto>(202, 'POST', `/api/v1/projects/${project.id}/exports`, { format });
    expect(started).toMatchObject({ kind: 'export', projectId: project.id, total: TASKS });
    const job = await waitForJob(t.owner, started.id);
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    expect(job.done).toBe(TASKS);
    const result = job.result as ExportJobResult;
    expect(result.fileName).toMatch(new RegExp(`\\.${format}$`));
    const file = await fetch(`${t.url}/api/v1/jobs/${job.id}/file`, { headers: t.owner.authHeaders('GET') });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent(result.fileName));
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBe(result.size);
    const streamed = Buffer.from(await (await fetch(`${t.url}/api/v1/projects/${project.id}/export?format=${format}`, { headers: t.owner.authHeaders('GET') })).arrayBuffer());
    expect(bytes.equals(streamed)).toBe(true);
    if (format === 'jsonl') {
      const lines = bytes.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { annotations: unknown[] });
      expect(lines).toHaveLength(TASKS);
      expect(lines.filter((l) => l.annotations.length > 0)).toHaveLength(3);
    }
  });

  it('a format the project cannot give fails the job with the reason; wrong input is refused up front', async () => {
    const started = await t.owner.expect<JobDto>(202, 'POST', `/api/v1/projects/${project.id}/exports`, { format: 'sft' });
    const job = await waitForJob(t.owner, started.id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('no dialogue field');
    const conflict = await t.owner.request<ErrorBody>('GET', `/api/v1/jobs/${job.id}/file`);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toContain('failed');
    const bad = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/exports`, { format: 'xlsx' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('format');
    const files = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/exports`, { format: 'jsonl', files: 'parquet' });
    expect(files.status).toBe(400);
    expect(files.body.error.details).toMatchObject({ path: 'files' });
  });

  it('the file is only for members allowed to export, in the same organisation', async () => {
    const started = await t.owner.expect<JobDto>(202, 'POST', `/api/v1/projects/${project.id}/exports`, { format: 'jsonl' });
    await waitForJob(t.owner, started.id);
    const annotator = await addMember(t, 'annotator@example.com', 'annotator');
    expect((await annotator.request('POST', `/api/v1/projects/${project.id}/exports`, { format: 'jsonl' })).status).toBe(403);
    expect((await annotator.request('GET', `/api/v1/jobs/${started.id}/file`)).status).toBe(403);
    const other = await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: '别家' });
    const outsider = await addMember(t, 'boss@other.example.com', 'owner', { orgId: other.id });
    outsider.orgId = other.id;
    expect((await outsider.request('GET', `/api/v1/jobs/${started.id}/file`)).status).toBe(404);
    expect((await outsider.request('POST', `/api/v1/projects/${project.id}/exports`, { format: 'jsonl' })).status).toBe(404);
  });
});
