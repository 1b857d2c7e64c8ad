import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textClassificationTemplate } from '@yungang/core';
import { startWorkersServer, type WorkersServer } from './test-support/workers-server.js';

const adminUrl = process.env.YUNGANG_TEST_DATABASE_URL;
if (!adminUrl && process.env.CI === 'true') throw new Error('CI=true but YUNGANG_TEST_DATABASE_URL is not set: the concurrent-annotators check needs PostgreSQL');
if (!adminUrl) console.warn('[annotators-scale] skipped: set YUNGANG_TEST_DATABASE_URL to run 100 annotators against 2 server processes on PostgreSQL');

const ANNOTATORS = 100;
const TASKS = 300;
const OVERLAP = 3;

// The in-suite version of `npm run bench -- annotators` (issue 10, item 3): 100 annotators on keep-alive
// connections loop next → submit against `yungang serve --workers 2` until a 300-task project with overlap 3
// is done; then the invariants are checked in SQL. Correctness only: timings live in bench/annotators.mjs.
describe.skipIf(!adminUrl)('100 concurrent annotators against 2 server processes on PostgreSQL', () => {
  let server: WorkersServer;
  let port: number;
  let databaseUrl: string;

  beforeAll(async () => {
    server = await startWorkersServer(adminUrl!, 'yungang_annotators');
    ({ port, databaseUrl } = server);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('fills every task exactly to its overlap, nobody twice on a task, every acknowledged submission stored once', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: ANNOTATORS });
    const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      new Promise<{ status: number; text: string; setCookie: string }>((done, fail) => {
        const req = http.request({ host: '127.0.0.1', port, path, method, agent, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), setCookie: (res.headers['set-cookie'] ?? [])[0]?.split(';')[0] ?? '' }));
        });
        req.on('error', fail);
        req.end(body);
      });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    // The owner signs up and makes a token, a project and its tasks through the API.
    const setup = await call('POST', '/api/v1/setup', {}, JSON.stringify({ email: 'owner@example.com', password: 'owner-password', name: 'O', orgName: 'Scale' }));
    expect(setup.status).toBe(200);
    const me = JSON.parse(setup.text) as { csrfToken: string; orgs: { id: string }[] };
    const made = await call('POST', '/api/v1/auth/tokens', { cookie: setup.setCookie, 'x-csrf-token': me.csrfToken }, JSON.stringify({ name: 't' }));
    const owner = (JSON.parse(made.text) as { token: string }).token;
    const project = JSON.parse((await call('POST', '/api/v1/projects', bearer(owner), JSON.stringify({ name: 'scale', labelConfig: textClassificationTemplate, overlap: OVERLAP }))).text) as { id: string };
    const tasks = Array.from({ length: TASKS }, (_, i) => JSON.stringify({ text: `任务 ${i}` })).join('\n');
    const imported = await call('POST', `/api/v1/projects/${project.id}/import?format=jsonl`, { ...bearer(owner), 'content-type': 'application/x-ndjson' }, tasks);
    expect(imported.status).toBe(201);

    // 100 annotator accounts, written directly (as an admin's bulk provisioning would): 100 password hashes and
    // sign-ins would only slow the check down. Half work as scripts with API tokens, half as browsers with a
    // signed-in session (cookie and CSRF header); both are stored as their SHA-256, as the auth service does.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const secret = () => randomBytes(32).toString('base64url');
      const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
      const annotators = Array.from({ length: ANNOTATORS }, (_, i) => ({ id: randomUUID(), email: `a${i}@example.com`, token: `ygt_${secret()}`, cookie: secret(), csrf: secret(), browser: i % 2 === 0 }));
      await db.query(`INSERT INTO users (id, email, name) SELECT id, email, email FROM unnest($1::uuid[], $2::text[]) AS x(id, email)`, [annotators.map((a) => a.id), annotators.map((a) => a.email)]);
      await db.query(`INSERT INTO memberships (org_id, user_id, role) SELECT $1, id, 'annotator' FROM unnest($2::uuid[]) AS x(id)`, [me.orgs[0]!.id, annotators.map((a) => a.id)]);
      await db.query(`INSERT INTO api_tokens (id, user_id, name, token_hash) SELECT gen_random_uuid(), id, 'scale', hash FROM unnest($1::uuid[], $2::text[]) AS x(id, hash)`, [
        annotators.map((a) => a.id),
        annotators.map((a) => sha256(a.token)),
      ]);
      const browsers = annotators.filter((a) => a.browser);
      await db.query(`INSERT INTO sessions (id, user_id, csrf_token, expires_at) SELECT hash, id, csrf, now() + interval '1 day' FROM unnest($1::text[], $2::uuid[], $3::text[]) AS x(hash, id, csrf)`, [
        browsers.map((a) => sha256(a.cookie)),
        browsers.map((a) => a.id),
        browsers.map((a) => a.csrf),
      ]);
      const credential = (a: (typeof annotators)[number]) => (a.browser ? { cookie: `yungang_session=${a.cookie}`, 'x-csrf-token': a.csrf } : bearer(a.token));

      const acknowledged: string[] = [];
      const acknowledgedTo: string[] = [];
      const errors: string[] = [];
      const answer = JSON.stringify({ result: [{ id: 'r', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }], leadTimeMs: 1 });
      await Promise.all(
        annotators.map(async (a) => {
          for (;;) {
            const next = await call('POST', `/api/v1/projects/${project.id}/next`, credential(a));
            if (next.status !== 200) {
              errors.push(`next ${next.status} ${next.text}`);
              return;
            }
            const claimed = JSON.parse(next.text) as { assignment: { id: string } | null };
            if (!claimed.assignment) return;
            const saved = await call('POST', `/api/v1/assignments/${claimed.assignment.id}/annotations`, credential(a), answer);
            if (saved.status === 201) {
              acknowledged.push((JSON.parse(saved.text) as { id: string }).id);
              acknowledgedTo.push(a.id);
            } else errors.push(`submit ${saved.status} ${saved.text}`);
          }
        }),
      );
      agent.destroy();
      expect(errors).toEqual([]);

      const count = async (text: string, params: unknown[] = []) => ((await db.query<{ n: number }>(text, params)).rows[0]!).n;
      // No task over its overlap (stored work, and live leases plus submissions).
      expect(await count(`SELECT count(*)::int AS n FROM (SELECT task_id FROM annotations GROUP BY task_id HAVING count(*) > $1) x`, [OVERLAP])).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM (SELECT task_id FROM assignments WHERE status = 'submitted' OR (status = 'active' AND expires_at > now()) GROUP BY task_id HAVING count(*) > $1) x`, [OVERLAP])).toBe(0);
      // No annotator twice on a task.
      expect(await count(`SELECT count(*)::int AS n FROM (SELECT task_id, user_id FROM assignments GROUP BY task_id, user_id HAVING count(*) > 1) x`)).toBe(0);
      // Every acknowledged submission stored exactly once, and nothing stored that was not acknowledged.
      expect(new Set(acknowledged).size).toBe(acknowledged.length);
      expect(await count(`SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS ack(id) WHERE (SELECT count(*) FROM annotation_versions v WHERE v.annotation_id = ack.id) <> 1`, [acknowledged])).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM annotation_versions`)).toBe(acknowledged.length);
      // Each stored as the annotator whose credential sent it (lookups that arrive together are batched), browsers and scripts alike.
      const wrongAuthor = `SELECT count(*)::int AS n FROM unnest($1::uuid[], $2::uuid[]) AS ack(id, user_id) JOIN annotations a ON a.id = ack.id WHERE a.user_id <> ack.user_id`;
      expect(await count(wrongAuthor, [acknowledged, acknowledgedTo])).toBe(0);
      const byBrowsers = acknowledgedTo.filter((id) => browsers.some((b) => b.id === id)).length;
      expect(byBrowsers).toBeGreaterThan(0);
      expect(byBrowsers).toBeLessThan(acknowledged.length);
      // The project is done: every task filled to its overlap and marked completed.
      expect(acknowledged.length).toBe(TASKS * OVERLAP);
      expect(await count(`SELECT count(*)::int AS n FROM tasks WHERE NOT completed`)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM (SELECT task_id FROM annotations GROUP BY task_id HAVING count(*) <> $1) x`, [OVERLAP])).toBe(0);
    } finally {
      await db.end();
    }
  }, 300_000);
});
