// Concurrent annotators (issue 10, item 3): N annotators on keep-alive connections, each looping
// "next task" → "submit" for a fixed time against a large project, served by real `yungang serve` OS processes.
// Reports claims/s, submits/s, p50/p95/p99 per endpoint and errors by status, then checks the invariants in
// SQL: no task over its overlap, no annotator twice on a task, every acknowledged submission stored exactly once.
// Usage: node bench/annotators.mjs [annotators=1000] [tasks=1000000] [overlap=3] [think=0|1-5] [processes=2] [seconds=60] [postgres://admin-url]
// Without a URL it runs embedded (PGlite, one process). Needs the built packages (npm install builds them).
// BENCH_AUTH=session: each annotator sends a browser's session cookie and CSRF header instead of an API token.
// The load generator runs on the same machine as the server and the database: it competes for the same cores;
// `perPair` says what each pair cost them (CPU by process group, WAL), which moves less than the rate between hosts.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { keepAliveClients } from './keep-alive-clients.mjs';
import { machineCost } from './machine-cost.mjs';
import { createScratchDatabase } from './scratch-database.mjs';
import { ANSWER, freePort, seedProject, spawnServe } from './seed-project.mjs';

const [annotators = 1000, taskCount = 1_000_000, overlap = 3] = process.argv.slice(2, 5).map(Number);
const think = process.argv[5] ?? '0';
const processes = Number(process.argv[6] ?? 2);
const seconds = Number(process.argv[7] ?? 60);
const adminUrl = process.argv[8];
const [thinkMin, thinkMax] = think === '0' ? [0, 0] : think.split('-').map((s) => Number(s) * 1000);
if (!adminUrl && processes !== 1) throw new Error('embedded mode (no postgres:// URL) runs one process: pass processes=1');

const log = (m) => process.stderr.write(`[annotators] ${m}\n`);
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-'));
const dataDir = join(dir, 'data');
const scratch = adminUrl ? await createScratchDatabase(adminUrl) : undefined;
let server;
try {
  // 1. Setup through the services (migrations, owner, project), then tasks and annotators in bulk with SQL.
  let t0 = performance.now();
  const { projectId, members } = await seedProject({ dataDir, databaseUrl: scratch?.url, tasks: taskCount, users: annotators, overlap });
  const auth = process.env.BENCH_AUTH ?? 'token';
  if (auth !== 'token' && auth !== 'session') throw new Error(`BENCH_AUTH must be "token" or "session", not "${auth}"`);
  // One set of credential headers per annotator.
  const credentials = members.map((m) =>
    auth === 'token' ? { authorization: `Bearer ${m.token}` } : { cookie: `yungang_session=${m.session.cookie}`, 'x-csrf-token': m.session.csrf },
  );
  const seedSeconds = (performance.now() - t0) / 1000;
  log(`seeded ${taskCount} tasks and ${annotators} annotators in ${seedSeconds.toFixed(1)} s`);
  // The seed's writes, settled before the clock starts (not timed): a checkpoint of what it wrote, then the
  // kernel's dirty pages to disk. Left alone, the checkpoint the seed's WAL triggers and the kernel's writeback
  // of a million rows land in the first seconds of the run and stall its WAL flushes, which no working day has.
  const settle0 = performance.now();
  if (scratch) await scratch.checkpoint();
  await new Promise((resolve, reject) => spawn('sync', { stdio: 'ignore' }).on('exit', resolve).on('error', reject));
  const settleSeconds = (performance.now() - settle0) / 1000;

  // 2. The server: `yungang serve` as real OS processes (the primary forks --workers N on PostgreSQL).
  const port = await freePort();
  server = await spawnServe({ port, processes, databaseUrl: scratch?.url, dataDir });

  // 3. The load: one keep-alive connection per annotator (bench/keep-alive-clients.mjs).
  const http = keepAliveClients(`http://127.0.0.1:${port}`, annotators);
  const request = (i, path, body) => http.request(i, 'POST', path, credentials[i], body);
  const latency = { next: [], submit: [] };
  // BENCH_TIMELINE=<file>: every request's start (s since the clock started), endpoint and latency, as JSON
  // lines, to see when the slow ones happen (not part of the report).
  const timeline = process.env.BENCH_TIMELINE ? [] : undefined;
  const errors = {};
  const acknowledged = [];
  let claims = 0;
  let noTask = 0;
  const answer = { result: ANSWER, leadTimeMs: 1 };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // Every annotator opens its keep-alive connection before the clock starts (one GET /health each, not
  // counted): a thousand connects in the same second wait in the kernel's listen queue and its SYN retries
  // (1 s, 3 s), which is not how a working day starts, and would put that wait into the first claim's latency.
  const warm0 = performance.now();
  await Promise.all(
    credentials.map(async (_, i) => {
      const health = await http.request(i, 'GET', '/api/v1/health', credentials[i]);
      if (health.status !== 200) throw new Error(`warm-up: GET /api/v1/health answered ${health.status}`);
    }),
  );
  const warmUpSeconds = (performance.now() - warm0) / 1000;
  const load0 = loadavg()[0];
  const cost = await machineCost({ serverPid: server.pid, adminUrl });
  t0 = performance.now();
  log(`load started at ${new Date().toISOString()}`);
  const end = t0 + seconds * 1000;
  await Promise.all(
    credentials.map(async (_, i) => {
      // Staggered start with think time, as people do not all press "next" in the same millisecond.
      if (thinkMax > 0) await sleep((i / credentials.length) * thinkMax);
      while (performance.now() < end) {
        let t = performance.now();
        const next = await request(i, `/api/v1/projects/${projectId}/next`);
        latency.next.push(performance.now() - t);
        timeline?.push(['next', (t - t0) / 1000, performance.now() - t]);
        if (next.status !== 200) {
          errors[`next ${next.status}`] = (errors[`next ${next.status}`] ?? 0) + 1;
          await sleep(100);
          continue;
        }
        const body = JSON.parse(next.text);
        if (!body.assignment) {
          noTask++;
          return;
        }
        claims++;
        if (thinkMax > 0) await sleep(thinkMin + Math.random() * (thinkMax - thinkMin));
        t = performance.now();
        const saved = await request(i, `/api/v1/assignments/${body.assignment.id}/annotations`, answer);
        latency.submit.push(performance.now() - t);
        timeline?.push(['submit', (t - t0) / 1000, performance.now() - t]);
        if (saved.status === 201) acknowledged.push(JSON.parse(saved.text).id);
        else errors[`submit ${saved.status}`] = (errors[`submit ${saved.status}`] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const load1 = loadavg()[0];
  // A pair is one claim and its submit; read before the server stops.
  const perPair = await cost.finish(acknowledged.length);
  if (timeline) await writeFile(process.env.BENCH_TIMELINE, timeline.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await http.close();
  await server.stop();

  // 4. The invariants, in SQL against the database itself.
  let invariants;
  if (scratch) {
    const db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    try {
      // Statistics first (not timed): the checks read whole tables, and plans made on the seed-time statistics
      // (autovacuum may be off) ran one of them for minutes.
      await db.query('ANALYZE');
      invariants = await checkInvariants((text, params) => db.query(text, params).then((r) => r.rows));
    } finally {
      await db.end();
    }
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const lite = await PGlite.create({ dataDir: join(dataDir, 'pglite') });
    try {
      invariants = await checkInvariants(async (text, params) => (await lite.query(text, params)).rows);
    } finally {
      await lite.close();
    }
  }

  async function checkInvariants(q) {
    const one = async (text, params) => (await q(text, params))[0].n;
    return {
      tasksOverOverlap: await one(`SELECT count(*)::int AS n FROM (SELECT task_id FROM annotations GROUP BY task_id HAVING count(*) > $1) x`, [overlap]),
      leasesOverOverlap: await one(`SELECT count(*)::int AS n FROM (SELECT task_id FROM assignments WHERE status = 'submitted' OR (status = 'active' AND expires_at > now()) GROUP BY task_id HAVING count(*) > $1) x`, [overlap]),
      annotatorTwiceOnTask: await one(`SELECT count(*)::int AS n FROM (SELECT task_id, user_id FROM annotations GROUP BY task_id, user_id HAVING count(*) > 1) x`),
      acknowledgedNotStoredOnce: await one(
        `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS ack(id) WHERE (SELECT count(*) FROM annotation_versions v WHERE v.annotation_id = ack.id) <> 1`,
        [acknowledged],
      ),
      storedNotAcknowledged: await one(`SELECT count(*)::int AS n FROM annotation_versions v WHERE NOT (v.annotation_id = ANY($1::uuid[]))`, [acknowledged]),
      completedWrongly: await one(
        `SELECT count(*)::int AS n FROM tasks t WHERE t.completed <> ((SELECT count(*) FROM assignments a WHERE a.task_id = t.id AND a.status = 'submitted') >= $1) AND t.id IN (SELECT task_id FROM assignments)`,
        [overlap],
      ),
    };
  }

  const pct = (xs, p) => (xs.length === 0 ? null : +xs[Math.min(xs.length - 1, Math.floor(xs.length * p))].toFixed(1));
  const summary = (xs) => {
    xs.sort((a, b) => a - b);
    return { count: xs.length, p50: pct(xs, 0.5), p95: pct(xs, 0.95), p99: pct(xs, 0.99) };
  };
  const report = {
    backend: scratch ? 'postgres' : 'pglite',
    auth,
    annotators,
    tasks: taskCount,
    overlap,
    think,
    processes,
    poolSizePerProcess: scratch ? Number(process.env.DATABASE_POOL_SIZE ?? 20) : null,
    seconds: +elapsed.toFixed(1),
    seedSeconds: +seedSeconds.toFixed(1),
    settleSeconds: +settleSeconds.toFixed(1),
    warmUpSeconds: +warmUpSeconds.toFixed(1),
    claimsPerSecond: Math.round(claims / elapsed),
    submitsPerSecond: Math.round(acknowledged.length / elapsed),
    nextMs: summary(latency.next),
    submitMs: summary(latency.submit),
    errors,
    annotatorsOutOfTasks: noTask,
    invariants,
    loadAverage1m: { before: +load0.toFixed(2), after: +load1.toFixed(2) },
    // CPU µs per claim-and-submit pair by process group, the machine's busy share, WAL per pair (bench/machine-cost.mjs).
    perPair,
  };
  console.log(JSON.stringify(report));
  const broken = Object.values(invariants).some((n) => n !== 0);
  if (broken || Object.keys(errors).length > 0) process.exitCode = 1;
} finally {
  await server?.stop();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
