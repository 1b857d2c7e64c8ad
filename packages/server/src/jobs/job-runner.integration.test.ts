import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, JobDto, MeDto, OrgDto } from '@yungang/core';
import { BACKENDS } from '../test-support/backends.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';
import { addMember } from '../test-support/helpers.js';
import type { TenantContext } from '../services/context.js';
import { JobRunner } from './job-runner.js';
import { JobLeaseLostError, type JobHandler, type JobRun } from './job-handler.js';
import { commitStep } from '../repositories/jobs.repository.js';

/**
 * The job runner against a real database: steps commit output and checkpoint together, a job resumes
 * where another process stopped, a process that lost its lease cannot commit, cancel and failure end jobs.
 * The handler here is a test job kind that writes numbered rows, so duplicates and gaps are countable.
 */
const COUNTER = 'count-rows';

interface CountPayload {
  n: number;
  batch: number;
  /** Fail (throw) when reaching this number. */
  failAt?: number;
}

/** Writes rows 0..n-1 into `job_test_output`, `batch` per step; `gate` lets a test pause it between steps. */
function counter(gate: { wait?: (next: number, run: JobRun) => Promise<void> } = {}): JobHandler {
  return {
    kind: COUNTER,
    async run(run) {
      const { n, batch, failAt } = run.job.payload as CountPayload;
      let next = (run.job.checkpoint as { next: number } | null)?.next ?? 0;
      while (next < n) {
        await gate.wait?.(next, run);
        if (failAt !== undefined && next >= failAt) throw new Error(`planned failure at ${next}`);
        const from = next;
        const to = Math.min(n, from + batch);
        await run.step(async (tx) => {
          for (let i = from; i < to; i++) await sql`INSERT INTO job_test_output (job_id, i, attempt) VALUES (${run.job.id}, ${i}, ${run.job.attempt})`.execute(tx);
          return { done: to, total: n, checkpoint: { next: to }, summary: { written: to } };
        });
        next = to;
      }
      return { rows: n };
    },
  };
}

const until = async (check: () => Promise<boolean>, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.each(BACKENDS)('background jobs on $name', (backend) => {
  let t: TestServer;
  let ctx: TenantContext;
  const runners: JobRunner[] = [];
  const runner = (handler: JobHandler, leaseMs = 5_000) => {
    const r = new JobRunner(t.database, [handler], { leaseMs, pollMs: 20, log: () => {} });
    runners.push(r);
    r.start();
    return r;
  };
  const enqueue = (payload: CountPayload, kind = COUNTER) =>
    t.database.tenant({ orgId: ctx.orgId }, (tx) => t.server.services.jobs.enqueue(tx, ctx, { kind, projectId: null, payload, total: payload.n }));
  const job = (id: string) => t.owner.expect<JobDto>(200, 'GET', `/api/v1/jobs/${id}`);
  const rows = async (jobId: string) => {
    const r = await sql<{ i: number; attempt: number }>`SELECT i, attempt FROM job_test_output WHERE job_id = ${jobId} ORDER BY i`.execute(t.database.db);
    return r.rows;
  };

  beforeAll(async () => {
    t = await startTestServer(backend, { config: { jobWorkers: 0 } });
    const me = await t.owner.expect<MeDto>(200, 'GET', '/api/v1/auth/me');
    ctx = { caller: { userId: me.user.id, email: me.user.email, name: me.user.name }, orgId: t.owner.orgId!, role: 'owner' };
    // Output table of the test job kind; no tenant policy needed for a test table the app role may write.
    await t.database.system(async (tx) => {
      await sql`CREATE TABLE job_test_output (job_id uuid NOT NULL, i integer NOT NULL, attempt integer NOT NULL)`.execute(tx);
      await sql`GRANT SELECT, INSERT ON job_test_output TO yungang_app`.execute(tx);
    });
  });
  // Each test starts its own runners; none may pick up the next test's jobs.
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs a job step by step to the end, with progress, summary and result over HTTP', async () => {
    runner(counter());
    const id = await enqueue({ n: 25, batch: 10 });
    await until(async () => (await job(id)).status === 'succeeded', 'the job to finish');
    const done = await job(id);
    expect(done).toMatchObject({ kind: COUNTER, done: 25, total: 25, summary: { written: 25 }, result: { rows: 25 }, attempts: 1, error: null });
    expect((await rows(id)).map((r) => r.i)).toEqual([...Array(25).keys()]);
    const list = await t.owner.expect<{ items: JobDto[] }>(200, 'GET', '/api/v1/jobs');
    expect(list.items.map((j) => j.id)).toContain(id);
  });

  it('resumes from the checkpoint in another process when the first one loses its lease; the old one cannot commit', async () => {
    // Runner A writes two batches, then hangs before the third (as a stuck or dying process would).
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    let staleStepError: unknown;
    runner(
      counter({
        wait: async (next, run) => {
          if (next !== 20) return;
          await hung;
          // Woken after B took over: A's late step must be refused and write nothing.
          try {
            await run.step(async (tx) => {
              await sql`INSERT INTO job_test_output (job_id, i, attempt) VALUES (${run.job.id}, ${-1}, ${run.job.attempt})`.execute(tx);
              return { done: 999, checkpoint: { next: 999 } };
            });
          } catch (e) {
            staleStepError = e;
            throw e;
          }
        },
      }),
      400,
    );
    const id = await enqueue({ n: 50, batch: 10 });
    await until(async () => (await job(id)).done === 20, 'runner A to write two batches');
    // A's lease runs out under it (its renewals stopped) and it is free for anyone to take.
    await t.database.db.updateTable('jobs').set({ lease_owner: 'a-dead-process', lease_expires_at: sql<Date>`now() - interval '1 second'` }).where('id', '=', id).execute();
    runner(counter(), 400);
    await until(async () => (await job(id)).status === 'succeeded', 'runner B to finish the job');
    release();
    await until(async () => staleStepError !== undefined, 'runner A to try its late step');
    expect(staleStepError).toBeInstanceOf(JobLeaseLostError);
    const written = await rows(id);
    expect(written.map((r) => r.i)).toEqual([...Array(50).keys()]);
    // Rows 0..19 from the first attempt, the rest from the resumed one: nothing redone, nothing lost.
    expect(new Set(written.filter((r) => r.i < 20).map((r) => r.attempt))).toEqual(new Set([1]));
    expect(new Set(written.filter((r) => r.i >= 20).map((r) => r.attempt))).toEqual(new Set([2]));
    expect(await job(id)).toMatchObject({ attempts: 2, done: 50, result: { rows: 50 } });
    // Below the runner: a step's checkpoint only commits for the process holding the lease.
    const committed = await t.database.tenant({ orgId: ctx.orgId }, (tx) => commitStep(tx, id, 'someone-else', 1000, { done: 1, checkpoint: null }));
    expect(committed).toBe(false);
  });

  it('gives a running job back to the queue on graceful stop, and the next runner continues it', async () => {
    let pause = true;
    const a = runner(counter({ wait: async (next) => { while (pause && next >= 10) await new Promise((r) => setTimeout(r, 10)); } }));
    const id = await enqueue({ n: 30, batch: 10 });
    await until(async () => (await job(id)).done === 10, 'the first batch');
    const stopping = a.stop();
    pause = false;
    await stopping;
    expect((await job(id)).status).toMatch(/queued|succeeded/);
    const b = runner(counter());
    await until(async () => (await job(id)).status === 'succeeded', 'the job to finish on runner B');
    expect((await rows(id)).map((r) => r.i)).toEqual([...Array(30).keys()]);
    await b.stop();
  });

  it('cancels: a queued job at once; a running job at its next step, keeping what it committed', async () => {
    const queued = await enqueue({ n: 5, batch: 5 }, 'nobody-runs-this');
    expect((await t.owner.expect<JobDto>(200, 'POST', `/api/v1/jobs/${queued}/cancel`)).status).toBe('cancelled');

    let gateOpen = false;
    const r = runner(counter({ wait: async (next) => { while (!gateOpen && next >= 10) await new Promise((res) => setTimeout(res, 10)); } }));
    const id = await enqueue({ n: 40, batch: 10 });
    await until(async () => (await job(id)).done === 10, 'the first batch');
    const asked = await t.owner.expect<JobDto>(200, 'POST', `/api/v1/jobs/${id}/cancel`);
    expect(asked.cancelRequested).toBe(true);
    gateOpen = true;
    await until(async () => (await job(id)).status === 'cancelled', 'the job to stop');
    expect((await rows(id)).map((x) => x.i)).toEqual([...Array(10).keys()]);
    await r.stop();
  });

  it('marks a job failed with its error; a job that keeps killing its worker is given up after its attempts', async () => {
    const r = runner(counter());
    const id = await enqueue({ n: 30, batch: 10, failAt: 10 });
    await until(async () => (await job(id)).status === 'failed', 'the job to fail');
    expect((await job(id)).error).toContain('planned failure at 10');
    await r.stop();

    const lost = await enqueue({ n: 1, batch: 1 }, 'crashes-always');
    await t.database.db.updateTable('jobs').set({ status: 'running', attempts: 3, lease_owner: 'gone', lease_expires_at: sql<Date>`now() - interval '1 second'` }).where('id', '=', lost).execute();
    const crash = runner({ kind: 'crashes-always', run: () => Promise.resolve(null) });
    await until(async () => (await job(lost)).status === 'failed', 'the exhausted job to be given up');
    expect((await job(lost)).error).toMatch(/given up/);
    await crash.stop();
  });

  it('keeps jobs inside their organisation and checks permissions', async () => {
    const id = await enqueue({ n: 1, batch: 1 }, 'nobody-runs-this');
    const annotator = await addMember(t, 'annotator@example.com', 'annotator');
    expect((await annotator.request<ErrorBody>('POST', `/api/v1/jobs/${id}/cancel`)).status).toBe(403);
    const orgB = await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org B' });
    expect((await t.owner.request<ErrorBody>('GET', `/api/v1/jobs/${id}`, undefined, { 'x-org-id': orgB.id })).status).toBe(404);
    expect((await t.owner.request<ErrorBody>('POST', `/api/v1/jobs/${id}/cancel`, undefined, { 'x-org-id': orgB.id })).status).toBe(404);
    const listed = await t.owner.expect<{ items: JobDto[] }>(200, 'GET', '/api/v1/jobs', undefined, { 'x-org-id': orgB.id });
    expect(listed.items).toEqual([]);
    expect((await t.owner.request<ErrorBody>('GET', '/api/v1/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
