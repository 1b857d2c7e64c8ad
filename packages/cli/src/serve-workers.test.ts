import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textClassificationTemplate } from '@yungang/core';
import { startWorkersServer, type WorkersServer } from './test-support/workers-server.js';
import { API_SEMI_SPACE_MB } from './young-generation.js';

const adminUrl = process.env.YUNGANG_TEST_DATABASE_URL;
if (!adminUrl && process.env.CI === 'true') throw new Error('CI=true but YUNGANG_TEST_DATABASE_URL is not set: the --workers test needs PostgreSQL');

// `yungang serve --workers 2` on PostgreSQL: 100 annotators claim and submit concurrently through the shared
// port; afterwards the invariants hold in SQL. A correctness check, not a timing (timings live in bench/).
describe.skipIf(!adminUrl)('yungang serve --workers 2 on PostgreSQL', () => {
  let server: WorkersServer;
  let url: string;
  let databaseUrl: string;

  beforeAll(async () => {
    server = await startWorkersServer(adminUrl!, 'yungang_workers');
    ({ url, databaseUrl } = server);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("forks each worker with the API's young generation", () => {
    // The primary's children, from /proc (CI and the deployments this targets run Linux).
    const children = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .flatMap((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          return ppid === server.pid ? [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')] : [];
        } catch {
          return []; // a process that ended while we looked
        }
      });
    expect(children).toHaveLength(2);
    for (const argv of children) expect(argv).toContain(`--max-semi-space-size=${API_SEMI_SPACE_MB}`);
  });

  it('keeps every invariant with 100 concurrent annotators, overlap 3', async () => {
    const json = async <T>(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> => {
      const res = await fetch(url + path, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: (text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text) as T };
    };
    // The owner signs up, makes an API token, a project and its tasks.
    const setup = await fetch(`${url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@example.com', password: 'owner-password', name: 'O', orgName: 'Scale' }) });
    const me = (await setup.json()) as { csrfToken: string; orgs: { id: string }[] };
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
    const tokenRes = await fetch(`${url}/api/v1/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ name: 't' }) });
    const owner = ((await tokenRes.json()) as { token: string }).token;
    const project = (await json<{ id: string }>('POST', '/api/v1/projects', owner, { name: 'scale', labelConfig: textClassificationTemplate, overlap: 3 })).body;
    const tasks = Array.from({ length: 100 }, (_, i) => JSON.stringify({ text: `任务 ${i}` })).join('\n');
    const imported = await fetch(`${url}/api/v1/projects/${project.id}/import?format=jsonl`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/x-ndjson' }, body: tasks });
    expect(imported.status).toBe(201);

    // 100 annotators, each with a session on whichever worker answers, then an API token.
    const annotators: string[] = [];
    for (let i = 0; i < 100; i += 10) {
      annotators.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async (_, k) => {
            const email = `a${i + k}@example.com`;
            const added = await json('POST', `/api/v1/orgs/${me.orgs[0]!.id}/members`, owner, { email, role: 'annotator', password: 'annotator-pass' });
            expect(added.status).toBe(201);
            const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'annotator-pass' }) });
            const session = (await login.json()) as { csrfToken: string };
            const made = await fetch(`${url}/api/v1/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ name: 't' }) });
            return ((await made.json()) as { token: string }).token;
          }),
        )),
      );
    }

    let acknowledged = 0;
    const errors: string[] = [];
    await Promise.all(
      annotators.map(async (token) => {
        for (;;) {
          const next = await json<{ assignment: { id: string } | null }>('POST', `/api/v1/projects/${project.id}/next`, token);
          if (next.status !== 200) {
            errors.push(`next ${next.status}`);
            return;
          }
          if (!next.body.assignment) return;
          const saved = await json('POST', `/api/v1/assignments/${next.body.assignment.id}/annotations`, token, { result: [{ id: 'r', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] });
          if (saved.status === 201) acknowledged++;
          else errors.push(`submit ${saved.status}`);
        }
      }),
    );
    expect(errors).toEqual([]);

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const over = await db.query(`SELECT count(*)::int AS n FROM (SELECT task_id FROM annotations GROUP BY task_id HAVING count(*) > 3) x`);
      const twice = await db.query(`SELECT count(*)::int AS n FROM (SELECT task_id, user_id FROM annotations GROUP BY task_id, user_id HAVING count(*) > 1) x`);
      const stored = await db.query(`SELECT count(*)::int AS n FROM annotation_versions`);
      const incomplete = await db.query(`SELECT count(*)::int AS n FROM tasks WHERE NOT completed`);
      expect(over.rows[0].n).toBe(0);
      expect(twice.rows[0].n).toBe(0);
      expect(stored.rows[0].n).toBe(acknowledged);
      expect(acknowledged).toBe(300);
      expect(incomplete.rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });
});
