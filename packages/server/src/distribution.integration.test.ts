import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationDto, ErrorBody, MemberDto, NextTaskDto, ProjectDto, TaskDto } from '@yungang/core';
import { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { candidateSearch } from './repositories/assignments.repository.js';
import { claimContextWithSearch } from './repositories/claim-context.repository.js';
import type { Tx } from './db/database.js';
import { addMember, choiceResult, createChoiceProject, expireLease, importTexts, PASSWORD } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/** Runs `work` over `items` with at most `limit` in flight. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      out[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

describe.each(BACKENDS)('task distribution on $name', (backend) => {
  let t: TestServer;
  let a1: ApiClient;
  let a2: ApiClient;
  let a3: ApiClient;

  const next = (c: ApiClient, projectId: string) => c.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${projectId}/next`);
  const submit = (c: ApiClient, assignmentId: string) => c.request<AnnotationDto & ErrorBody>('POST', `/api/v1/assignments/${assignmentId}/annotations`, { result: choiceResult(), leadTimeMs: 5 });

  beforeAll(async () => {
    t = await startTestServer(backend);
    a1 = await addMember(t, 'a1@example.com', 'annotator');
    a2 = await addMember(t, 'a2@example.com', 'annotator');
    a3 = await addMember(t, 'a3@example.com', 'annotator');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('respects the overlap: two annotators share a task on overlap 2, the third gets another', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 2 });
    await importTexts(t.owner, p.id, 2);
    const n1 = await next(a1, p.id);
    const n2 = await next(a2, p.id);
    const n3 = await next(a3, p.id);
    expect(n1.task!.id).toBe(n2.task!.id);
    expect(n1.assignment!.id).not.toBe(n2.assignment!.id);
    expect(n3.task!.id).not.toBe(n1.task!.id);
    expect((await submit(a1, n1.assignment!.id)).status).toBe(201);
    expect((await submit(a2, n2.assignment!.id)).status).toBe(201);
    expect((await submit(a3, n3.assignment!.id)).status).toBe(201);
    // The first task is full (2 submitted) and a3 did the second: nothing left for a3.
    expect((await next(a3, p.id)).assignment).toBeNull();
    const project = await t.owner.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${p.id}`);
    expect(project.stats).toEqual({ tasks: 2, completed: 1, annotations: 3 });
  });

  it('never offers one annotator the same task twice, after submit or skip; finished assignments cannot be reused', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 3 });
    await importTexts(t.owner, p.id, 3);
    const seen: string[] = [];
    const first = await next(a1, p.id);
    seen.push(first.task!.id);
    expect((await submit(a1, first.assignment!.id)).status).toBe(201);
    const second = await next(a1, p.id);
    seen.push(second.task!.id);
    expect(await a1.request('POST', `/api/v1/assignments/${second.assignment!.id}/skip`)).toMatchObject({ status: 204 });
    const third = await next(a1, p.id);
    seen.push(third.task!.id);
    expect((await submit(a1, third.assignment!.id)).status).toBe(201);
    expect((await next(a1, p.id)).assignment).toBeNull();
    expect(new Set(seen).size).toBe(3);

    // A submitted or skipped assignment is finished: 409, and nothing is added.
    const again = await submit(a1, first.assignment!.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect((await a1.request<ErrorBody>('POST', `/api/v1/assignments/${second.assignment!.id}/skip`)).status).toBe(409);
    expect((await a1.request<ErrorBody>('POST', `/api/v1/assignments/${second.assignment!.id}/annotations`, { result: choiceResult() })).status).toBe(409);
    const project = await t.owner.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${p.id}`);
    expect(project.stats.annotations).toBe(2);
  });

  it('resumes: asking for the next task twice returns the same active assignment', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 1 });
    await importTexts(t.owner, p.id, 3);
    const first = await next(a1, p.id);
    const second = await next(a1, p.id);
    expect(second.assignment).toEqual(first.assignment);
    expect(second.task!.id).toBe(first.task!.id);
    expect(first.assignment!.status).toBe('active');
    expect(Date.parse(first.assignment!.expiresAt)).toBeGreaterThan(Date.now());
    // Someone else gets a different task meanwhile.
    expect((await next(a2, p.id)).task!.id).not.toBe(first.task!.id);
  });

  it('a claim shows the task as GET /tasks/{id} does, with only the caller’s own annotation', async () => {
    // The claim reads the task, its annotations and its predictions in one statement (issue 10): same answer as the task page.
    const p = await createChoiceProject(t.owner, { overlap: 2 });
    await importTexts(t.owner, p.id, 1);
    const n1 = await next(a1, p.id);
    const fresh = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${n1.task!.id}`);
    expect(n1.task).toEqual({ ...fresh, status: 'open' });
    expect(n1.annotation).toBeNull();
    const mine = (await submit(a1, n1.assignment!.id)).body;
    const n2 = await next(a2, p.id);
    const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${n1.task!.id}`);
    // The submit's answer is built without reading the annotation back: it must be what a read gives.
    expect(full.annotations).toEqual([mine]);
    // a2 works blind: a1's annotation is counted in the status but not shown.
    expect(n2.task).toEqual({ ...full, annotations: [] });
    expect(n2.annotation).toBeNull();
    expect(n2.task!.status).toBe('in_progress');
  });

  it('release gives the task back for someone else', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 1 });
    await importTexts(t.owner, p.id, 1);
    const held = await next(a1, p.id);
    expect((await next(a2, p.id)).assignment).toBeNull();
    expect((await a1.request('POST', `/api/v1/assignments/${held.assignment!.id}/release`)).status).toBe(204);
    const taken = await next(a2, p.id);
    expect(taken.task!.id).toBe(held.task!.id);
    // The released assignment is finished for a1; the task is a2's now.
    expect((await submit(a1, held.assignment!.id)).status).toBe(409);
    expect((await next(a1, p.id)).assignment).toBeNull();
    expect((await submit(a2, taken.assignment!.id)).status).toBe(201);
  });

  it('an expired lease frees the task; submitting on it after someone else took the task is 409', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 1 });
    await importTexts(t.owner, p.id, 1);
    const held = await next(a1, p.id);
    expect((await next(a2, p.id)).assignment).toBeNull();
    await expireLease(t.database, held.assignment!.id);
    const taken = await next(a2, p.id);
    expect(taken.task!.id).toBe(held.task!.id);
    const late = await submit(a1, held.assignment!.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('conflict');
    expect((await submit(a2, taken.assignment!.id)).status).toBe(201);
    const task = await t.owner.expect<{ annotations: AnnotationDto[] }>(200, 'GET', `/api/v1/tasks/${held.task!.id}`);
    expect(task.annotations.map((x) => x.userEmail)).toEqual(['a2@example.com']);
  });

  it('the claim search walks open tasks through tasks_claim_idx and passes over full ones by their hint', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 1 });
    await importTexts(t.owner, p.id, 3000);
    // 2,990 tasks done, as after a day's work, with fresh statistics: ordered by plain id the planner walked
    // every one of them through the primary key on each claim (issue 10).
    await t.database.system(async (tx) => {
      await sql`UPDATE tasks SET completed = true WHERE project_id = ${p.id} AND id < (SELECT min(id) + 2990 FROM tasks WHERE project_id = ${p.id})`.execute(tx);
      await sql`ANALYZE tasks`.execute(tx);
    });
    // Both forms of the search: its own statement, and inside the claim's first statement (the common claim).
    for (const statement of [
      () => candidateSearch(p.id, randomUUID(), 1, 'skip', 'default'),
      (tx: Tx) => claimContextWithSearch(tx, p.id, randomUUID()),
    ]) {
      const plan = await t.database.system((tx) => sql<Record<string, unknown>>`EXPLAIN (FORMAT JSON) ${statement(tx)}`.execute(tx));
      const planText = JSON.stringify(plan.rows);
      expect(planText).toContain('tasks_claim_idx');
      expect(planText).not.toContain('tasks_pkey');
    }

    // Taking a task's last slot marks it full until the lease's expiry; the next claimer is not held up by it,
    // and a release forgets the mark.
    const fullUntil = async (taskId: string) =>
      (await t.database.system((tx) => tx.selectFrom('tasks').select('full_until').where('id', '=', taskId).executeTakeFirstOrThrow())).full_until;
    const held = await next(a1, p.id);
    expect((await fullUntil(held.task!.id))?.toISOString()).toBe(held.assignment!.expiresAt);
    const other = await next(a2, p.id);
    expect(other.task!.id).not.toBe(held.task!.id);
    expect((await a1.request('POST', `/api/v1/assignments/${held.assignment!.id}/release`)).status).toBe(204);
    expect(await fullUntil(held.task!.id)).toBeNull();
    expect((await next(a3, p.id)).task!.id).toBe(held.task!.id);
  });

  it('an expired lease nobody else took can still be submitted', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 1 });
    await importTexts(t.owner, p.id, 1);
    const held = await next(a3, p.id);
    await expireLease(t.database, held.assignment!.id);
    expect((await submit(a3, held.assignment!.id)).status).toBe(201);
    expect((await next(a1, p.id)).assignment).toBeNull();
  });

  it('skip answers 204, the task is never offered to that annotator again but stays open for others', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 1 });
    await importTexts(t.owner, p.id, 1);
    const held = await next(a1, p.id);
    const skipped = await a1.request('POST', `/api/v1/assignments/${held.assignment!.id}/skip`);
    expect(skipped.status).toBe(204);
    expect(skipped.body).toBe('');
    expect((await next(a1, p.id)).assignment).toBeNull();
    expect((await next(a2, p.id)).task!.id).toBe(held.task!.id);
  });

  it("refuses another annotator's assignment (404) and an invalid result (400, nothing saved)", async () => {
    const p = await createChoiceProject(t.owner, { overlap: 1 });
    await importTexts(t.owner, p.id, 1);
    const held = await next(a1, p.id);
    expect((await submit(a2, held.assignment!.id)).status).toBe(404);
    expect((await a2.request('POST', `/api/v1/assignments/${held.assignment!.id}/release`)).status).toBe(404);
    const bad = await a1.request<ErrorBody>('POST', `/api/v1/assignments/${held.assignment!.id}/annotations`, {
      result: [{ id: 'x', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['not-an-option'] } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await t.owner.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${p.id}`)).stats.annotations).toBe(0);
    expect((await next(a1, p.id)).assignment!.id).toBe(held.assignment!.id);
  });

  // The load test: many claimers race for every task. Full size on PostgreSQL; PGlite has one
  // connection, so it runs a scaled-down version of the same check.
  it('changing the overlap reopens or closes tasks, even while annotators are submitting', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 1 });
    await importTexts(t.owner, p.id, 6);
    const patch = (overlap: number) => t.owner.expect<ProjectDto>(200, 'PATCH', `/api/v1/projects/${p.id}`, { overlap });
    for (let i = 0; i < 2; i++) expect((await submit(a1, (await next(a1, p.id)).assignment!.id)).status).toBe(201);
    expect((await patch(2)).stats.completed).toBe(0);
    // a1's two tasks are open again for someone else (a2 gets the first of them), never for a1.
    const again = await next(a2, p.id);
    expect((await submit(a2, again.assignment!.id)).status).toBe(201);
    expect((await patch(1)).stats.completed).toBe(2);

    // Submissions racing with overlap flips: afterwards every task's flag matches its submissions.
    const racers = [a1, a2, a3].map(async (c) => {
      for (;;) {
        const n = await next(c, p.id);
        if (!n.assignment) return;
        const res = await submit(c, n.assignment.id);
        expect([201, 409]).toContain(res.status);
      }
    });
    const flips = (async () => {
      for (let i = 0; i < 6; i++) await patch(i % 2 === 0 ? 2 : 1);
    })();
    await Promise.all([...racers, flips]);
    const final = await t.owner.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${p.id}`);
    const rows = await t.database.system((tx) =>
      tx
        .selectFrom('tasks as tk')
        .select(['tk.id', 'tk.completed', sql<number>`(SELECT count(*)::int FROM assignments a WHERE a.task_id = tk.id AND a.status = 'submitted')`.as('submitted')])
        .where('tk.project_id', '=', p.id)
        .execute(),
    );
    for (const r of rows) expect({ id: r.id, completed: r.completed }).toEqual({ id: r.id, completed: r.submitted >= final.overlap });
  });

  const full = backend.name === 'postgres';
  const CLAIMERS = full ? 200 : 20;
  const TASKS = full ? 1000 : 50;
  const OVERLAP = 3;
  it(
    `${CLAIMERS} concurrent claimers over ${TASKS} tasks with overlap ${OVERLAP}: every task gets exactly ${OVERLAP} annotations, nobody twice, nobody stops early`,
    { timeout: 300_000 },
    async () => {
      const p = await createChoiceProject(t.owner, { name: 'load', overlap: OVERLAP });
      await importTexts(t.owner, p.id, TASKS, '并发');

      const setupStart = performance.now();
      const emails = Array.from({ length: CLAIMERS }, (_, i) => `claimer-${i}@load.example.com`);
      await inParallel(emails, 8, (email) => t.owner.expect<MemberDto>(201, 'POST', `/api/v1/orgs/${t.owner.orgId}/members`, { email, role: 'annotator', password: PASSWORD }));
      const claimers = await inParallel(emails, 8, async (email) => {
        const c = new ApiClient(t.url);
        await c.login(email, PASSWORD);
        return c;
      });
      const setupSeconds = (performance.now() - setupStart) / 1000;

      const claimableFor = async (userId: string) =>
        t.database.system(async (tx) => {
          const r = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM tasks tk
            WHERE tk.project_id = ${p.id}
              AND NOT EXISTS (SELECT 1 FROM assignments m WHERE m.task_id = tk.id AND m.user_id = ${userId})
              AND (SELECT count(*) FROM assignments x WHERE x.task_id = tk.id
                   AND (x.status = 'submitted' OR (x.status = 'active' AND x.expires_at > now()))) < ${OVERLAP}`.execute(tx);
          return r.rows[0]!.n;
        });

      const errors: string[] = [];
      const stoppedEarly: string[] = [];
      const perClaimer: string[][] = claimers.map(() => []);
      let requests = 0;
      const start = performance.now();
      await Promise.all(
        claimers.map(async (c, i) => {
          for (;;) {
            const n = await c.request<NextTaskDto & ErrorBody>('POST', `/api/v1/projects/${p.id}/next`);
            requests++;
            if (n.status !== 200) {
              errors.push(`next ${n.status} ${JSON.stringify(n.body)}`);
              return;
            }
            if (!n.body.assignment) {
              // Live work only grows in this test (no release, no expiry), so a task claimable now was
              // claimable when the server said "none": that would be a claimer sent away too early.
              const left = await claimableFor(c.me!.user.id);
              if (left > 0) stoppedEarly.push(`${c.me!.user.email} told "none" with ${left} claimable tasks`);
              return;
            }
            perClaimer[i]!.push(n.body.task!.id);
            const s = await submit(c, n.body.assignment.id);
            requests++;
            if (s.status !== 201) {
              errors.push(`submit ${s.status} ${JSON.stringify(s.body)}`);
              return;
            }
          }
        }),
      );
      const seconds = (performance.now() - start) / 1000;
      const submitted = perClaimer.reduce((sum, list) => sum + list.length, 0);
      console.log(
        `[distribution/${backend.name}] ${CLAIMERS} claimers, ${TASKS} tasks × overlap ${OVERLAP}: ${submitted} annotations in ${seconds.toFixed(1)} s ` +
          `(${(submitted / seconds).toFixed(0)} annotations/s, ${(requests / seconds).toFixed(0)} requests/s); creating and signing in the users took ${setupSeconds.toFixed(1)} s`,
      );

      expect(errors).toEqual([]);
      expect(stoppedEarly).toEqual([]);
      for (const list of perClaimer) expect(new Set(list).size).toBe(list.length);
      expect(submitted).toBe(TASKS * OVERLAP);

      // Below the API: per task exactly OVERLAP submitted assignments and annotations, no live lease left.
      const perTask = await t.database.system(async (tx) =>
        (
          await sql<{ id: string; submitted: number; live: number; annotations: number; annotators: number }>`
            SELECT tk.id,
              (SELECT count(*)::int FROM assignments a WHERE a.task_id = tk.id AND a.status = 'submitted') AS submitted,
              (SELECT count(*)::int FROM assignments a WHERE a.task_id = tk.id AND a.status = 'active') AS live,
              (SELECT count(*)::int FROM annotations an WHERE an.task_id = tk.id) AS annotations,
              (SELECT count(DISTINCT an.user_id)::int FROM annotations an WHERE an.task_id = tk.id) AS annotators
            FROM tasks tk WHERE tk.project_id = ${p.id}`.execute(tx)
        ).rows,
      );
      expect(perTask).toHaveLength(TASKS);
      const wrong = perTask.filter((r) => r.submitted !== OVERLAP || r.live !== 0 || r.annotations !== OVERLAP || r.annotators !== OVERLAP);
      expect(wrong).toEqual([]);

      // And through the export: every task with OVERLAP annotations by distinct annotators.
      const exported = await t.owner.get<string>(`/api/v1/projects/${p.id}/export?format=jsonl`);
      expect(exported.status).toBe(200);
      const records = exported.body
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { annotations: { annotator: string }[] });
      expect(records).toHaveLength(TASKS);
      for (const r of records) {
        expect(r.annotations).toHaveLength(OVERLAP);
        expect(new Set(r.annotations.map((x) => x.annotator)).size).toBe(OVERLAP);
      }
      const project = await t.owner.expect<ProjectDto>(200, 'GET', `/api/v1/projects/${p.id}`);
      expect(project.stats).toEqual({ tasks: TASKS, completed: TASKS, annotations: TASKS * OVERLAP });
    },
  );
});
