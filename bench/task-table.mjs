// The task table on a large project (issue 10, item 4): N managers page and filter `GET /projects/{id}/tasks`
// at once for a fixed time, against `yungang serve` (N OS processes on PostgreSQL). Each loop picks a filter
// (none, open, in progress, completed, one annotator), reads the first page and follows the cursor for up to
// three more. Reports requests/s and p50/p95/p99 overall and per filter, and errors by status.
// Usage: node bench/task-table.mjs [users=50] [tasks=1000000] [annotatedTasks=100000] [processes=2] [seconds=60] [postgres://admin-url]
// Without a URL it runs embedded (PGlite, one process). The load generator shares the machine's cores.
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createScratchDatabase } from './scratch-database.mjs';
import { freePort, seedProject, spawnServe } from './seed-project.mjs';

const [users = 50, taskCount = 1_000_000, annotated = 100_000, processes = 2, seconds = 60] = process.argv.slice(2, 7).map(Number);
const adminUrl = process.argv[7];
const OVERLAP = 3;
if (!adminUrl && processes !== 1) throw new Error('embedded mode (no postgres:// URL) runs one process: pass processes=1');
const log = (m) => process.stderr.write(`[task-table] ${m}\n`);
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-'));
const dataDir = join(dir, 'data');
const scratch = adminUrl ? await createScratchDatabase(adminUrl) : undefined;
let server;
try {
  // Managers read the table; the first `annotated` tasks carry three submitted annotations each (completed),
  // the next 1,000 one live lease (in progress), the rest are open.
  let t0 = performance.now();
  const { projectId, members } = await seedProject({
    dataDir,
    databaseUrl: scratch?.url,
    tasks: taskCount,
    users,
    overlap: OVERLAP,
    role: 'manager',
    async work(db, { orgId, projectId: project }) {
      await sql`
        INSERT INTO assignments (id, org_id, project_id, task_id, user_id, status, leased_at, expires_at, finished_at)
        SELECT gen_random_uuid(), ${orgId}, ${project}, t.id, u.id, CASE WHEN t.rn <= ${annotated} THEN 'submitted' ELSE 'active' END, now(), now() + interval '1 day', CASE WHEN t.rn <= ${annotated} THEN now() END
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM tasks WHERE project_id = ${project} ORDER BY id LIMIT ${annotated + 1000}) t
        CROSS JOIN generate_series(0, ${OVERLAP - 1}) k
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS idx FROM users WHERE email LIKE 'u%@bench') u ON u.idx = (t.rn + k) % ${users}
        WHERE t.rn <= ${annotated} OR k = 0`.execute(db);
      await sql`
        INSERT INTO annotations (id, org_id, project_id, task_id, user_id, assignment_id, version)
        SELECT gen_random_uuid(), org_id, project_id, task_id, user_id, id, 1 FROM assignments WHERE status = 'submitted'`.execute(db);
      await sql`
        INSERT INTO annotation_versions (annotation_id, version, org_id, result, lead_time_ms, created_by)
        SELECT id, 1, org_id, ${JSON.stringify([{ id: 'r', from_name: 'c', to_name: 'text', type: 'choices', value: { choices: ['a'] } }])}::jsonb, 1000, user_id FROM annotations`.execute(db);
      await sql`UPDATE tasks SET completed = true WHERE id IN (SELECT task_id FROM assignments WHERE status = 'submitted')`.execute(db);
    },
  });
  const seedSeconds = (performance.now() - t0) / 1000;
  log(`seeded ${taskCount} tasks (${annotated} annotated) and ${users} managers in ${seedSeconds.toFixed(1)} s`);

  const port = await freePort();
  server = await spawnServe({ port, processes, databaseUrl: scratch?.url, dataDir });
  const agent = new http.Agent({ keepAlive: true, maxSockets: users });
  const get = (token, path) =>
    new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
        res.on('error', (e) => resolve({ status: `error ${e.code ?? e.message}`, text: '' }));
      });
      req.on('error', (e) => resolve({ status: `error ${e.code ?? e.message}`, text: '' }));
      req.end();
    });
  const filters = [
    ['none', () => ''],
    ['open', () => '&status=open'],
    ['in_progress', () => '&status=in_progress'],
    ['completed', () => '&status=completed'],
    ['annotator', () => `&annotator=${encodeURIComponent(members[Math.floor(Math.random() * members.length)].email)}`],
  ];
  const latency = Object.fromEntries(filters.map(([name]) => [name, []]));
  const errors = {};
  let requests = 0;
  const load0 = loadavg()[0];
  t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    members.map(async (m, i) => {
      let f = i;
      while (performance.now() < end) {
        const [name, query] = filters[f++ % filters.length];
        let after = '';
        for (let page = 0; page < 4 && performance.now() < end; page++) {
          const t = performance.now();
          const res = await get(m.token, `/api/v1/projects/${projectId}/tasks?limit=50${query()}${after}`);
          latency[name].push(performance.now() - t);
          requests++;
          if (res.status !== 200) {
            errors[`${name} ${res.status}`] = (errors[`${name} ${res.status}`] ?? 0) + 1;
            break;
          }
          const body = JSON.parse(res.text);
          if (!body.nextCursor) break;
          after = `&after=${encodeURIComponent(body.nextCursor)}`;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const load1 = loadavg()[0];
  agent.destroy();
  await server.stop();

  const pct = (xs, p) => (xs.length === 0 ? null : +xs[Math.min(xs.length - 1, Math.floor(xs.length * p))].toFixed(1));
  const summary = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { count: sorted.length, p50: pct(sorted, 0.5), p95: pct(sorted, 0.95), p99: pct(sorted, 0.99) };
  };
  const report = {
    backend: scratch ? 'postgres' : 'pglite',
    users,
    tasks: taskCount,
    annotatedTasks: annotated,
    processes,
    seconds: +elapsed.toFixed(1),
    seedSeconds: +seedSeconds.toFixed(1),
    requestsPerSecond: Math.round(requests / elapsed),
    latencyMs: summary(Object.values(latency).flat()),
    byFilterMs: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, summary(v)])),
    errors,
    loadAverage1m: { before: +load0.toFixed(2), after: +load1.toFixed(2) },
  };
  console.log(JSON.stringify(report));
  if (Object.keys(errors).length > 0) process.exitCode = 1;
} finally {
  await server?.stop();
  // YUNGANG_BENCH_KEEP=1 keeps the scratch database for EXPLAIN ANALYZE (its URL goes to stderr).
  if (process.env.YUNGANG_BENCH_KEEP === '1') console.error(`[task-table] kept ${scratch?.url ?? 'the embedded database'}`);
  else await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
