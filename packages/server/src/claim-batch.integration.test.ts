import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textClassificationTemplate, type NextTaskDto } from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { annotatorsWithContexts, choiceResult, createChoiceProject, importTexts } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { ClaimBatches } from './services/claim-batch.js';
import { leaseAndReadClaimedTasks } from './repositories/claim-batch.repository.js';
import type { TenantContext } from './services/context.js';

// Claims that arrive together share one transaction (services/claim-batch.ts). These call the batch itself, all in
// one turn of the event loop, so they are one batch: an answer means the batch leased it, undefined that it left
// the claim to the long way (which then answers it on its own, as the HTTP suites check).
describe.each(BACKENDS)('batched claims on $name', (backend) => {
  let t: TestServer;
  let people: { client: ApiClient; ctx: TenantContext }[];

  beforeAll(async () => {
    t = await startTestServer(backend);
    people = await annotatorsWithContexts(t, 'claim-batch', 6, '10.0.1');
  });
  afterAll(async () => {
    await t?.close();
  });

  const taskIds = async (projectId: string) =>
    (await t.database.system((tx) => tx.selectFrom('tasks').select('id').where('project_id', '=', projectId).orderBy('id').execute())).map((r) => String(r.id));

  it('hands a batch the oldest tasks, each to at most its overlap, with the lease, audit row and hint a claim writes', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 2 });
    await importTexts(t.owner, p.id, 4);
    const ids = await taskIds(p.id);
    const batches = new ClaimBatches(t.database);
    const answers = await Promise.all(people.map((person) => batches.claim(person.ctx, p.id)));
    expect(answers.every((a) => a !== undefined)).toBe(true);
    const got = answers as NextTaskDto[];
    // Overlap 2, oldest first, in arrival order: people 0 and 1 get the first task, 2 and 3 the second, 4 and 5 the third.
    expect(got.map((a) => a.task!.id)).toEqual([ids[0], ids[0], ids[1], ids[1], ids[2], ids[2]]);
    got.forEach((a, i) => {
      expect(a.assignment).toEqual(expect.objectContaining({ taskId: ids[Math.floor(i / 2)], projectId: p.id, status: 'active' }));
      expect(a.task!.data).toEqual(expect.objectContaining({ text: expect.any(String) }));
      expect(a.annotation).toBeNull();
    });
    // Each answer is the lease "next" resumes over HTTP.
    for (const [i, a] of got.entries()) {
      const again = await people[i]!.client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${p.id}/next`);
      expect(again.assignment).toEqual(a.assignment);
      expect(again.task).toEqual(a.task);
    }
    const rows = await t.database.system(async (tx) => ({
      perTask: await sql<{ task_id: string; n: number }>`SELECT task_id::text, count(*)::int AS n FROM assignments WHERE project_id = ${p.id} GROUP BY task_id ORDER BY task_id`.execute(tx),
      full: await tx.selectFrom('tasks').select(['id', 'full_until']).where('project_id', '=', p.id).orderBy('id').execute(),
      audit: await tx.selectFrom('audit_log').select(['object_id', 'user_id', 'address', 'details']).where('action', '=', 'task.claim').where('object_id', 'in', ids).execute(),
    }));
    expect(rows.perTask.rows).toEqual([0, 1, 2].map((k) => ({ task_id: ids[k], n: 2 })));
    // The three full tasks carry the claim-search hint; the fourth, untouched, does not.
    expect(rows.full.map((r) => r.full_until !== null)).toEqual([true, true, true, false]);
    expect(rows.audit.map((r) => ({ ...r })).sort((a, b) => String(a.address).localeCompare(String(b.address)))).toEqual(
      got.map((a, i) => ({ object_id: a.task!.id, user_id: people[i]!.ctx.caller.userId, address: `10.0.1.${i + 1}`, details: { assignmentId: a.assignment!.id } })),
    );
  });

  it('never hands a person a task they did, and leaves to the long way a live lease, a second ask and an unknown project', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 3 });
    await importTexts(t.owner, p.id, 3);
    const ids = await taskIds(p.id);
    // Person 0 did the first task and person 1 holds a lease on it: one slot of three is left.
    const done = (await people[0]!.client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${p.id}/next`)).assignment!;
    await people[0]!.client.expect(201, 'POST', `/api/v1/assignments/${done.id}/annotations`, { result: choiceResult(), leadTimeMs: 1 });
    const held = (await people[1]!.client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${p.id}/next`)).assignment!;
    expect([done.taskId, held.taskId]).toEqual([ids[0], ids[0]]);
    const batches = new ClaimBatches(t.database);
    const answers = await Promise.all([
      batches.claim(people[0]!.ctx, p.id),
      batches.claim(people[1]!.ctx, p.id),
      batches.claim(people[3]!.ctx, p.id),
      batches.claim(people[3]!.ctx, p.id),
      batches.claim(people[4]!.ctx, '00000000-0000-4000-8000-000000000000'),
      batches.claim(people[4]!.ctx, 'not-a-project'),
    ]);
    // The first task's last slot goes past person 0, who did it, to person 3; person 0 gets the next task.
    expect(answers[0]?.task?.id).toBe(ids[1]);
    expect(answers[2]?.task?.id).toBe(ids[0]);
    expect(answers.filter((a, i) => i !== 0 && i !== 2)).toEqual([undefined, undefined, undefined, undefined]);
    // Over HTTP the long way answers the rest as before: person 1 and person 3's second ask resume their leases, the unknown project is 404.
    expect((await people[1]!.client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${p.id}/next`)).assignment!.id).toBe(held.id);
    expect((await people[3]!.client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${p.id}/next`)).assignment!.id).toBe(answers[2]!.assignment!.id);
    expect((await people[4]!.client.request('POST', '/api/v1/projects/00000000-0000-4000-8000-000000000000/next')).status).toBe(404);
    const perTask = await t.database.system((tx) => sql<{ n: number }>`SELECT count(*)::int AS n FROM assignments WHERE task_id = ${ids[0]}`.execute(tx));
    expect(perTask.rows[0]!.n).toBe(3);
  });

  it('searches from the first open task it last read, and sees a task before it again once that hint lapses', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 1 });
    await importTexts(t.owner, p.id, 3);
    const ids = await taskIds(p.id);
    const claimAndSubmit = async (who: number) => {
      const a = (await people[who]!.client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${p.id}/next`)).assignment!;
      await people[who]!.client.expect(201, 'POST', `/api/v1/assignments/${a.id}/annotations`, { result: choiceResult(), leadTimeMs: 1 });
      return a.taskId;
    };
    expect(await claimAndSubmit(0)).toBe(ids[0]);
    // A batch that trusts its hint for a minute reads the first open task (the second) and serves from there.
    const trusting = new ClaimBatches(t.database, { floorTtlMs: 60_000 });
    const first = (await trusting.claim(people[1]!.ctx, p.id))!;
    expect(first.task!.id).toBe(ids[1]);
    await people[1]!.client.expect(201, 'POST', `/api/v1/assignments/${first.assignment!.id}/annotations`, { result: choiceResult(), leadTimeMs: 1 });
    // Overlap 2 reopens the first two tasks.
    await t.owner.expect(200, 'PATCH', `/api/v1/projects/${p.id}`, { overlap: 2 });
    // Within its minute the trusting batch passes over the first task, before its hint (person 1 did the second,
    // so gets the third); a batch whose hint has lapsed reads it afresh and hands the first task out, as a claim
    // on its own does.
    expect((await trusting.claim(people[1]!.ctx, p.id))!.task!.id).toBe(ids[2]);
    expect((await new ClaimBatches(t.database, { floorTtlMs: 0 }).claim(people[3]!.ctx, p.id))!.task!.id).toBe(ids[0]);
  });

  it('leaves every claim of a project that mixes gold in to the long way, so gold keeps its rate', async () => {
    const p = await t.owner.expect<{ id: string }>(201, 'POST', '/api/v1/projects', { name: 'with gold', labelConfig: textClassificationTemplate, overlap: 1, qualityPolicy: { goldRate: 0.2 } });
    await importTexts(t.owner, p.id, 6);
    const batches = new ClaimBatches(t.database);
    const answers = await Promise.all(people.map((person) => batches.claim(person.ctx, p.id)));
    expect(answers).toEqual(people.map(() => undefined));
    const leases = await t.database.system((tx) => tx.selectFrom('assignments').select('id').where('project_id', '=', p.id).execute());
    expect(leases).toEqual([]);
  });

  it('counts a task\'s slots afresh when it leases, so a stale count never takes a task over its overlap', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 2 });
    await importTexts(t.owner, p.id, 1);
    const [task] = await taskIds(p.id);
    const done = (await people[5]!.client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${p.id}/next`)).assignment!;
    await people[5]!.client.expect(201, 'POST', `/api/v1/assignments/${done.id}/annotations`, { result: choiceResult(), leadTimeMs: 1 });
    // Four want the task, as a batch would from a count taken before person 5 submitted: person 5 again and three others.
    const wanted = [5, 0, 1, 2].map((i) => ({ id: crypto.randomUUID(), taskId: task!, userId: people[i]!.ctx.caller.userId, address: null }));
    const written = await t.database.tenant({ orgId: t.owner.orgId! }, (tx) => leaseAndReadClaimedTasks(tx, { orgId: t.owner.orgId!, projectId: p.id, overlap: 2, leaseSeconds: 600, leases: wanted }));
    // One slot was left: the first who had not done the task gets it, nobody else.
    expect([...written.keys()]).toEqual([people[0]!.ctx.caller.userId]);
    const rows = await t.database.system((tx) => tx.selectFrom('assignments').select(['user_id', 'status']).where('task_id', '=', task!).execute());
    expect(rows.map((r) => r.user_id).sort()).toEqual([people[5]!.ctx.caller.userId, people[0]!.ctx.caller.userId].sort());
    const hint = await t.database.system((tx) => tx.selectFrom('tasks').select('full_until').where('id', '=', task!).executeTakeFirstOrThrow());
    expect(hint.full_until).not.toBeNull();
  });
});
