// Shared by the scale benches: a project with many tasks and many API-token users, seeded in bulk with SQL
// (seeding is not what they measure), and `yungang serve` started as real OS processes on that data.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { startServer } from '../packages/server/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const LABEL_CONFIG = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'choices', name: 'c', toName: 'text', choice: 'single', options: [{ value: 'a' }, { value: 'b' }] }] };
export const ANSWER = [{ id: 'r', from_name: 'c', to_name: 'text', type: 'choices', value: { choices: ['a'] } }];

/**
 * Migrates, makes an owner, a project and `tasks` tasks, and `users` members with role `role`, each with an
 * API token and a signed-in browser session (both stored as SHA-256, as the auth service does; the session's
 * `cookie` and `csrf` are what a browser sends). `work(db, ids)` may add more rows before the
 * setup server closes. Returns what the bench needs to drive the API.
 */
export async function seedProject({ dataDir, databaseUrl, tasks, users, overlap, role = 'annotator', work }) {
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl, demo: false, logLevel: 'warn', env: { YUNGANG_AUDIT_MINUTES: '0', YUNGANG_JOB_WORKERS: '0' } });
  try {
    const s = server.services;
    const owner = await s.auth.createUser({ email: 'owner@bench', password: 'bench-password', orgName: 'Bench', role: 'owner' });
    const orgId = owner.orgId;
    const ownerCtx = { caller: { userId: owner.userId, email: 'owner@bench', name: 'owner' }, orgId, role: 'owner' };
    const projectId = (await s.projects.create(ownerCtx, { name: 'bench', labelConfig: LABEL_CONFIG, overlap })).id;
    const db = s.database.db;
    const secret = () => randomBytes(32).toString('base64url');
    const members = Array.from({ length: users }, (_, i) => ({ id: randomUUID(), token: `ygt_${secret()}`, email: `u${i}@bench`, session: { cookie: secret(), csrf: secret() } }));
    const sha256 = (text) => createHash('sha256').update(text).digest('hex');
    const expiresAt = new Date(Date.now() + 24 * 3600_000);
    for (let i = 0; i < members.length; i += 500) {
      const chunk = members.slice(i, i + 500);
      await db.insertInto('users').values(chunk.map((u) => ({ id: u.id, email: u.email, name: u.email }))).execute();
      await db.insertInto('memberships').values(chunk.map((u) => ({ org_id: orgId, user_id: u.id, role }))).execute();
      await db.insertInto('api_tokens').values(chunk.map((u) => ({ id: randomUUID(), user_id: u.id, name: 'bench', token_hash: sha256(u.token) }))).execute();
      await db.insertInto('sessions').values(chunk.map((u) => ({ id: sha256(u.session.cookie), user_id: u.id, csrf_token: u.session.csrf, expires_at: expiresAt }))).execute();
    }
    for (let i = 0; i < tasks; i += 100_000) {
      await sql`INSERT INTO tasks (org_id, project_id, data)
        SELECT ${orgId}, ${projectId}, jsonb_build_object('text', '任务 ' || g || ' 云冈数据标注基地为人工智能训练提供高质量的数据。')
        FROM generate_series(${i + 1}::int, ${Math.min(tasks, i + 100_000)}::int) g`.execute(db);
    }
    if (work) await work(db, { orgId, projectId, members });
    await sql`ANALYZE`.execute(db);
    return { orgId, projectId, members };
  } finally {
    await server.close();
  }
}

/** A free loopback port. */
export function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = probe.address().port;
      probe.close(() => resolve(p));
    });
  });
}

/**
 * `yungang serve` on `port`: one process, or the primary with `--workers N` (PostgreSQL). Resolves once it
 * answers; `stop()` sends SIGTERM and waits. BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p",
 * or "--import ./bench/count-statements.mjs") is passed to the server processes.
 */
export async function spawnServe({ port, processes, databaseUrl, dataDir }) {
  const args = [join(here, '..', 'packages', 'cli', 'bin', 'yungang.js'), 'serve', '--port', String(port), '--host', '127.0.0.1', ...(processes > 1 ? ['--workers', String(processes)] : [])];
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...args], {
    env: { ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), YUNGANG_DATA_DIR: dataDir, YUNGANG_DEMO: '0', LOG_LEVEL: 'warn', YUNGANG_AUDIT_MINUTES: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`yungang serve did not start: ${output}`)), 180_000);
    const onData = (chunk) => {
      output += chunk.toString();
      if (/running at/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => {
      onData(c);
      process.stderr.write(c);
    });
    child.on('exit', (code) => reject(new Error(`yungang serve exited with ${code}: ${output}`)));
  });
  // The primary announces the first worker; give the others a moment to listen too.
  await new Promise((r) => setTimeout(r, 2000));
  return {
    /** The process that answers (with --workers, the primary: read its workers' memory from /proc yourself). */
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
