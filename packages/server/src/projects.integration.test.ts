import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseNerTemplate, type AuditEntryDto, type ImportResultDto, type NextTaskDto, type ProjectDto, type TaskPageDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { addMember, choiceResult, createChoiceProject, expireLease, importTexts } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

describe.each(BACKENDS)('projects end to end on $name', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a project, imports Chinese texts, annotates with code-point offsets and exports every version', async () => {
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '实体', labelConfig: chineseNerTemplate });
    const jsonl = ['{"text":"李明在北京大学读书。"}', '{"text":"😀王芳去了上海。"}', '{"text":"e\u0301马云在杭州。"}'].join('\n');
    const imported = await t.owner.expect<ImportResultDto>(201, 'POST', `/api/v1/projects/${project.id}/import?format=jsonl`, jsonl, { 'content-type': 'application/x-ndjson' });
    expect(imported.taskCount).toBe(3);
    // The original upload is kept, byte for byte, under its SHA-256.
    expect(imported.sourceSha256).toBe(createHash('sha256').update(jsonl).digest('hex'));
    const blob = await t.server.services.blobs.get(imported.sourceSha256);
    expect(blob && (await text(blob))).toBe(jsonl);
    // A rejected file leaves no tasks and no blob.
    const bad = `${jsonl}\n{"text": 42}`;
    expect((await t.owner.post(`/api/v1/projects/${project.id}/import?format=jsonl`, bad, { 'content-type': 'application/x-ndjson' })).status).toBe(400);
    expect(await t.server.services.blobs.has(createHash('sha256').update(bad).digest('hex'))).toBe(false);

    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
      const text = String(next.task!.data.text);
      seen.push(text);
      const name = text.startsWith('😀') ? { start: 1, end: 3, text: '王芳' } : text.startsWith('e') ? { start: 2, end: 4, text: '马云' } : { start: 0, end: 2, text: '李明' };
      await t.owner.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, {
        result: [{ id: `s${i}`, from_name: 'ner', to_name: 'text', type: 'labels', value: { ...name, labels: ['PER'] } }],
        leadTimeMs: 1000,
      });
    }
    expect(new Set(seen).size).toBe(3);
    const none = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    expect(none.assignment).toBeNull();

    const page = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?status=completed`);
    expect(page.items).toHaveLength(3);

    const exported = await t.owner.get<string>(`/api/v1/projects/${project.id}/export?format=jsonl`);
    const records = exported.body.trim().split('\n').map((l) => JSON.parse(l) as { result: { value: { text: string; start: number } }[] });
    expect(records.map((r) => r.result[0]!.value.text).sort()).toEqual(['李明', '王芳', '马云'].sort());
  });

  it('filters the task table by open, in progress and completed, with keyset pages', async () => {
    const project = await createChoiceProject(t.owner, { name: '筛选', overlap: 2 });
    await importTexts(t.owner, project.id, 7, '筛选');
    const ids = async (status: string, limit = 50) => {
      const out: string[] = [];
      let after: string | null = null;
      do {
        const page: TaskPageDto = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?status=${status}&limit=${limit}${after ? `&after=${after}` : ''}`);
        out.push(...page.items.map((i) => i.id));
        after = page.nextCursor;
      } while (after);
      return out;
    };
    const all = await ids('open');
    expect(all).toHaveLength(7);
    // Task 1: done by two (completed). Task 2: one submitted of two (in progress). Task 3: a live lease (in progress).
    // Task 4: a lease that ran out (open again). The rest: untouched (open).
    const second = await addMember(t, 'filter-b@example.com', 'annotator');
    const leaseOn = async (client: typeof t.owner) => (await client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`)).assignment!;
    const a1 = await leaseOn(t.owner);
    const b1 = await leaseOn(second);
    expect(a1.taskId).toBe(all[0]);
    expect(b1.taskId).toBe(all[0]);
    await t.owner.expect(201, 'POST', `/api/v1/assignments/${a1.id}/annotations`, { result: choiceResult(), leadTimeMs: 1 });
    await second.expect(201, 'POST', `/api/v1/assignments/${b1.id}/annotations`, { result: choiceResult(), leadTimeMs: 1 });
    const a2 = await leaseOn(t.owner);
    await t.owner.expect(201, 'POST', `/api/v1/assignments/${a2.id}/annotations`, { result: choiceResult(), leadTimeMs: 1 });
    const b2 = await leaseOn(second);
    expect(b2.taskId).toBe(all[1]);
    const a3 = await leaseOn(t.owner);
    await expireLease(t.database, b2.id);
    expect(await ids('completed')).toEqual([all[0]]);
    expect(await ids('in_progress', 1)).toEqual([all[1], a3.taskId].sort((x, y) => Number(x) - Number(y)));
    expect(await ids('open', 2)).toEqual(all.filter((id) => id !== all[0] && id !== all[1] && id !== a3.taskId));
  });

  it('audits each task-table page with the rows shown, and answers 404 for an unknown project without a row', async () => {
    // The page and its audit row are one statement (issue 10); the count is of the rows shown, not the one read ahead.
    const project = await createChoiceProject(t.owner, { name: '审计' });
    await importTexts(t.owner, project.id, 3, '审计');
    const listed = async () => (await t.owner.expect<AuditEntryDto[]>(200, 'GET', '/api/v1/audit?action=task.list&limit=1000')).filter((e) => e.objectId === project.id);
    const before = (await listed()).length;
    const page = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=2`);
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBe(page.items[1]!.id);
    await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?status=completed`);
    const rows = await listed();
    expect(rows).toHaveLength(before + 2);
    // Newest first: the two pages just read.
    expect(rows.slice(0, 2).map((r) => r.details as { count: number }).sort((a, b) => a.count - b.count)).toEqual([{ count: 0 }, { count: 2 }]);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await t.owner.request('GET', `/api/v1/projects/${missing}/tasks`)).status).toBe(404);
    expect((await t.owner.request('GET', '/api/v1/projects/not-a-project/tasks')).status).toBe(404);
    expect((await t.owner.expect<AuditEntryDto[]>(200, 'GET', '/api/v1/audit?action=task.list&limit=1000')).some((e) => e.objectId === missing)).toBe(false);
  });

  it('answers 404 (not a database error) for malformed ids anywhere in a path', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/projects/abc'],
      ['GET', '/api/v1/tasks/abc'],
      ['GET', '/api/v1/tasks/99999999999999999999'],
      ['DELETE', '/api/v1/auth/tokens/zzz'],
      ['POST', '/api/v1/assignments/x/skip'],
      ['GET', '/api/v1/annotations/x/versions'],
      ['GET', '/api/v1/orgs/xyz/members'],
    ] as const) {
      const res = await t.owner.request<{ error: { code: string } }>(method, path);
      expect({ method, path, status: res.status, code: res.body.error.code }).toEqual({ method, path, status: 404, code: 'not_found' });
    }
  });
});

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
