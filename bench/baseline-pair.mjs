// The limit the annotators bench is compared with on PostgreSQL: the least a claim-and-submit pair can cost on
// this machine. The same load as bench/annotators.mjs (N keep-alive clients looping "next" → "submit", in this
// process) against P Fastify processes (node:cluster, as `yungang serve --workers P`) that do only the writes a
// pair cannot do without: a claim is one autocommit statement (find an open task, lock it, count it, lease it),
// a submit is one (close the lease, store the annotation, count it). No sessions, no tenants, no row-level
// security, no validation, no audit trail, no versions, no transparency log: what is left is HTTP, JSON, the
// driver, two commits and the rows themselves. Usage:
//   node bench/baseline-pair.mjs <clients=1000> <tasks=1000000> <overlap=3> <processes=2> <seconds=20> postgres://admin-url
import cluster from 'node:cluster';
import Fastify from 'fastify';
import pg from 'pg';
import { keepAliveClients } from './keep-alive-clients.mjs';
import { machineCost } from './machine-cost.mjs';
import { createScratchDatabase } from './scratch-database.mjs';

const POOL = Number(process.env.DATABASE_POOL_SIZE ?? 20);

// One statement each; the task row's lock (FOR UPDATE SKIP LOCKED, then the UPDATE) keeps the count right.
const CLAIM = `
  WITH t AS (
    SELECT id, data FROM tasks
    WHERE live < $2 AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = tasks.id AND a.user_id = $1)
    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
  ), counted AS (
    UPDATE tasks SET live = live + 1 FROM t WHERE tasks.id = t.id
  ), lease AS (
    INSERT INTO assignments (task_id, user_id, status, expires_at) SELECT id, $1, 'active', now() + interval '1 hour' FROM t RETURNING id, task_id
  )
  SELECT lease.id, lease.task_id, t.data FROM lease JOIN t ON t.id = lease.task_id`;
const SUBMIT = `
  WITH done AS (
    UPDATE assignments SET status = 'submitted' WHERE id = $1 AND user_id = $2 AND status = 'active' RETURNING task_id
  ), stored AS (
    INSERT INTO annotations (task_id, user_id, result) SELECT task_id, $2, $3 FROM done RETURNING id
  ), counted AS (
    UPDATE tasks SET submitted = submitted + 1, completed = submitted + 1 >= $4 FROM done WHERE tasks.id = done.task_id
  )
  SELECT id FROM stored`;

if (cluster.isWorker) {
  const { url, overlap } = JSON.parse(process.env.BASELINE_PAIR);
  const pool = new pg.Pool({ connectionString: url, max: POOL });
  const app = Fastify({ logger: false });
  // The token is the annotator's number: no lookup, the least an authenticated request can cost.
  const user = (req) => Number(req.headers.authorization.slice('Bearer '.length));
  app.post('/next', async (req) => {
    const { rows } = await pool.query({ name: 'claim', text: CLAIM, values: [user(req), overlap] });
    const row = rows[0];
    return row ? { assignment: { id: row.id }, task: { id: row.task_id, data: row.data } } : { assignment: null };
  });
  app.post('/assignments/:id/annotations', async (req, reply) => {
    const { rows } = await pool.query({ name: 'submit', text: SUBMIT, values: [req.params.id, user(req), JSON.stringify(req.body.result), overlap] });
    if (!rows[0]) return reply.code(409).send({ error: 'not your active lease' });
    return reply.code(201).send({ id: rows[0].id });
  });
  await app.listen({ port: Number(process.env.BASELINE_PAIR_PORT), host: '127.0.0.1' });
  process.send(app.server.address().port);
} else {
  const [clients = 1000, taskCount = 1_000_000, overlap = 3, processes = 2, seconds = 20] = process.argv.slice(2, 7).map(Number);
  const adminUrl = process.argv[7];
  if (!adminUrl) throw new Error('usage: node bench/baseline-pair.mjs <clients> <tasks> <overlap> <processes> <seconds> postgres://…');
  const scratch = await createScratchDatabase(adminUrl);
  const workers = [];
  try {
    const db = new pg.Client({ connectionString: scratch.url });
    db.on('error', () => {});
    await db.connect();
    await db.query(`
      CREATE TABLE tasks (id bigint PRIMARY KEY, data jsonb NOT NULL, live int NOT NULL DEFAULT 0, submitted int NOT NULL DEFAULT 0, completed boolean NOT NULL DEFAULT false);
      CREATE TABLE assignments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), task_id bigint NOT NULL REFERENCES tasks, user_id int NOT NULL, status text NOT NULL,
        leased_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL, UNIQUE (task_id, user_id));
      CREATE TABLE annotations (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), task_id bigint NOT NULL REFERENCES tasks, user_id int NOT NULL, result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (task_id, user_id));`);
    await db.query(`INSERT INTO tasks (id, data) SELECT i, jsonb_build_object('text', 'task ' || i) FROM generate_series(1, $1) i`, [taskCount]);
    await db.query(`CREATE INDEX tasks_open ON tasks (id) WHERE live < ${overlap}`);
    await db.query('VACUUM ANALYZE tasks');
    let port = 0;
    cluster.setupPrimary({ silent: false });
    for (let i = 0; i < processes; i++) {
      const w = cluster.fork({ BASELINE_PAIR: JSON.stringify({ url: scratch.url, overlap }), BASELINE_PAIR_PORT: '0' });
      // Every worker asks for port 0: node:cluster gives them one shared free port.
      workers.push(w);
      await new Promise((resolve, reject) => {
        w.once('message', (p) => {
          port = p;
          resolve();
        });
        w.once('exit', (code) => reject(new Error(`baseline server exited with ${code}`)));
      });
    }

    const http = keepAliveClients(`http://127.0.0.1:${port}`, clients);
    // Client i is annotator i + 1 (the token is the annotator's number).
    const request = (user, path, body) => http.request(user - 1, 'POST', path, { authorization: `Bearer ${user}` }, body ?? {});
    const users = Array.from({ length: clients }, (_, i) => i + 1);
    // Warm every keep-alive connection first, as the annotators bench does (a claim each, not counted, then its submit).
    const answer = { result: [{ from_name: 'label', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] };
    await Promise.all(users.map(async (u) => {
      const next = await request(u, '/next');
      const id = JSON.parse(next.text).assignment?.id;
      if (id) await request(u, `/assignments/${id}/annotations`, answer);
    }));
    const latency = { next: [], submit: [] };
    const errors = {};
    let claims = 0;
    let submits = 0;
    // The servers are this process's workers: its descendants count as the server, this process as the load generator.
    const cost = await machineCost({ serverPid: process.pid, adminUrl });
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    await Promise.all(
      users.map(async (u) => {
        while (performance.now() < end) {
          let t = performance.now();
          const next = await request(u, '/next');
          latency.next.push(performance.now() - t);
          const id = next.status === 200 ? JSON.parse(next.text).assignment?.id : undefined;
          if (!id) {
            errors[`next ${next.status}`] = (errors[`next ${next.status}`] ?? 0) + 1;
            return;
          }
          claims++;
          t = performance.now();
          const saved = await request(u, `/assignments/${id}/annotations`, answer);
          latency.submit.push(performance.now() - t);
          if (saved.status === 201) submits++;
          else errors[`submit ${saved.status}`] = (errors[`submit ${saved.status}`] ?? 0) + 1;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const perPair = await cost.finish(submits);
    await http.close();
    const over = (await db.query(`SELECT count(*)::int AS n FROM (SELECT task_id FROM annotations GROUP BY task_id HAVING count(*) > $1) x`, [overlap])).rows[0].n;
    await db.end();
    const pct = (xs, p) => (xs.length === 0 ? null : +xs[Math.min(xs.length - 1, Math.floor(xs.length * p))].toFixed(1));
    const summary = (xs) => (xs.sort((a, b) => a - b), { p50: pct(xs, 0.5), p99: pct(xs, 0.99) });
    console.log(
      JSON.stringify({
        baseline: 'bare claim-and-submit pairs (one autocommit statement each, no app)',
        clients,
        processes,
        poolSizePerProcess: POOL,
        pairsPerSecond: Math.round(submits / elapsed),
        claimsPerSecond: Math.round(claims / elapsed),
        nextMs: summary(latency.next),
        submitMs: summary(latency.submit),
        errors,
        tasksOverOverlap: over,
        perPair,
      }),
    );
  } finally {
    for (const w of workers) w.kill();
    await scratch.drop();
  }
}
