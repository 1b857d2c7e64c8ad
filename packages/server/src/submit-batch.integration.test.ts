import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textClassificationTemplate, type AnnotationDto, type NextTaskDto } from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { annotatorsWithContexts, choiceResult, createChoiceProject, importTexts } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { SubmitBatches } from './services/submit-batch.js';
import type { TenantContext } from './services/context.js';

// Submits that arrive together share one transaction (services/submit-batch.ts). These call the batch itself, all
// in one turn of the event loop, so they are one batch: an answer means the batch wrote it, undefined that it left
// the submit to the long way (which then answers it on its own, as the HTTP suites check).
describe.each(BACKENDS)('batched submits on $name', (backend) => {
  let t: TestServer;
  let people: { client: ApiClient; ctx: TenantContext }[];

  beforeAll(async () => {
    t = await startTestServer(backend);
    people = await annotatorsWithContexts(t, 'batch', 6, '10.0.0');
  });
  afterAll(async () => {
    await t?.close();
  });

  const claim = async (c: ApiClient, projectId: string) => (await c.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${projectId}/next`)).assignment!;

  it('writes every first annotation of a batch once, two of one task both counted towards its completion', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 2 });
    await importTexts(t.owner, p.id, 3);
    // Overlap 2: people 0 and 1 hold the first task, 2 and 3 the second, 4 and 5 the third.
    const leases: NonNullable<NextTaskDto['assignment']>[] = [];
    for (const person of people) leases.push(await claim(person.client, p.id));
    expect(new Set(leases.map((l) => l.taskId)).size).toBe(3);

    const batches = new SubmitBatches(t.database);
    const answers = await Promise.all(people.map((person, i) => batches.submit(person.ctx, leases[i]!.id, { result: choiceResult(i % 2 ? 'negative' : 'positive'), leadTimeMs: 100 + i })));
    expect(answers.every((a) => a !== undefined)).toBe(true);
    const saved = answers as AnnotationDto[];
    saved.forEach((a, i) => {
      expect(a).toEqual(expect.objectContaining({ taskId: leases[i]!.taskId, userId: people[i]!.ctx.caller.userId, userEmail: people[i]!.ctx.caller.email, version: 1, leadTimeMs: 100 + i, reviewStatus: 'none', result: choiceResult(i % 2 ? 'negative' : 'positive') }));
    });
    // Each answer is the annotation as it is read back.
    for (const [i, a] of saved.entries()) {
      const task = await people[i]!.client.expect<{ annotations: AnnotationDto[] }>(200, 'GET', `/api/v1/tasks/${a.taskId}`);
      expect(task.annotations.find((x) => x.id === a.id)).toEqual(a);
    }

    const rows = await t.database.system(async (tx) => ({
      assignments: await tx.selectFrom('assignments').select(['id', 'status']).where('project_id', '=', p.id).execute(),
      tasks: await tx.selectFrom('tasks').select(['id', 'completed']).where('project_id', '=', p.id).execute(),
      versions: await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotation_versions v JOIN annotations a ON a.id = v.annotation_id WHERE a.project_id = ${p.id}`.execute(tx),
      audit: await tx.selectFrom('audit_log').select(['object_id', 'user_id', 'address', 'details']).where('action', '=', 'annotation.submit').where('object_id', 'in', saved.map((a) => a.id)).execute(),
      log: await tx.selectFrom('log_entries').select(['subject_id', 'actor_id', 'kind']).where('subject_id', 'in', saved.map((a) => a.id)).execute(),
    }));
    expect(rows.assignments.every((a) => a.status === 'submitted')).toBe(true);
    expect(rows.tasks.every((task) => task.completed)).toBe(true);
    expect(rows.versions.rows[0]!.n).toBe(6);
    // The audit row carries each client's own address and the task and version, as a submit on its own writes it.
    expect(rows.audit.map((r) => ({ ...r })).sort((a, b) => String(a.address).localeCompare(String(b.address)))).toEqual(
      saved.map((a, i) => ({ object_id: a.id, user_id: people[i]!.ctx.caller.userId, address: `10.0.0.${i + 1}`, details: { taskId: a.taskId, version: 1 } })),
    );
    expect(rows.log).toHaveLength(6);
    expect(rows.log.every((r) => r.kind === 'annotation.submit')).toBe(true);
  });

  it('leaves to the long way, untouched, what it does not write: a repeat, an unknown or foreign assignment, an invalid result', async () => {
    const p = await createChoiceProject(t.owner, { overlap: 3 });
    await importTexts(t.owner, p.id, 2);
    const mine = await claim(people[0]!.client, p.id);
    const theirs = await claim(people[1]!.client, p.id);
    const invalid = await claim(people[2]!.client, p.id);
    const batches = new SubmitBatches(t.database);
    const good = { result: choiceResult(), leadTimeMs: 1 };
    const answers = await Promise.all([
      batches.submit(people[0]!.ctx, mine.id, good),
      batches.submit(people[0]!.ctx, mine.id, good),
      batches.submit(people[0]!.ctx, '00000000-0000-4000-8000-000000000000', good),
      batches.submit(people[0]!.ctx, theirs.id, good),
      batches.submit(people[2]!.ctx, invalid.id, { result: [{ id: 'r1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['no such choice'] } }] }),
    ]);
    expect(answers[0]).toEqual(expect.objectContaining({ taskId: mine.taskId, version: 1 }));
    expect(answers.slice(1)).toEqual([undefined, undefined, undefined, undefined]);
    const rows = await t.database.system((tx) => tx.selectFrom('assignments').select(['id', 'status']).where('project_id', '=', p.id).execute());
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [mine.id]: 'submitted', [theirs.id]: 'active', [invalid.id]: 'active' });
    const annotations = await t.database.system((tx) => tx.selectFrom('annotations').select('user_id').where('project_id', '=', p.id).execute());
    expect(annotations.map((a) => a.user_id)).toEqual([people[0]!.ctx.caller.userId]);

    // Over HTTP the long way answers each as before: the repeat is 409, the invalid result 400 with its path.
    const again = await people[0]!.client.request('POST', `/api/v1/assignments/${mine.id}/annotations`, good);
    expect(again.status).toBe(409);
    const bad = await people[2]!.client.request('POST', `/api/v1/assignments/${invalid.id}/annotations`, { result: [{ id: 'r1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['no such choice'] } }] });
    expect(bad.status).toBe(400);
  });

  it('leaves every submit of a project that reviews a sample to the long way, so the sample keeps its rate', async () => {
    // Were the batch to decline only the submits its own annotation ids put in the sample, the long way would draw
    // again with a new id, and the half sampled here would become a quarter.
    const p = await t.owner.expect<{ id: string }>(201, 'POST', '/api/v1/projects', { name: 'sampled', labelConfig: textClassificationTemplate, overlap: 1, qualityPolicy: { review: 'sample', reviewSampleRate: 0.5 } });
    await importTexts(t.owner, p.id, 6);
    const leases: NonNullable<NextTaskDto['assignment']>[] = [];
    for (const person of people) leases.push(await claim(person.client, p.id));
    const batches = new SubmitBatches(t.database);
    const answers = await Promise.all(people.map((person, i) => batches.submit(person.ctx, leases[i]!.id, { result: choiceResult(), leadTimeMs: 1 })));
    expect(answers).toEqual(people.map(() => undefined));
  });
});
