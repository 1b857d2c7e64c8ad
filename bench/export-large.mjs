// Export of a large project (issue 10, item 4): `annotations` submitted annotations (three per task) streamed
// as JSONL by `GET /projects/{id}/export` from one `yungang serve` process, downloaded by curl (a separate
// process). Reports annotations/s and the server's peak RSS (VmHWM) and, with a postgres:// URL, the limit to
// compare with: PostgreSQL's own `COPY … TO STDOUT` of the same annotations joined with their versions.
// Usage: node bench/export-large.mjs [annotations=1000000] [postgres://admin-url]
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createScratchDatabase } from './scratch-database.mjs';
import { ANSWER, freePort, seedProject, spawnServe } from './seed-project.mjs';

const run = promisify(execFile);
const annotations = Number(process.argv[2] ?? 1_000_000);
const adminUrl = process.argv[3];
const OVERLAP = 3;
const ANNOTATORS = 30;
const tasks = Math.ceil(annotations / OVERLAP);
const log = (m) => process.stderr.write(`[export-large] ${m}\n`);
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-'));
const dataDir = join(dir, 'data');
const scratch = adminUrl ? await createScratchDatabase(adminUrl) : undefined;
let server;
try {
  let t0 = performance.now();
  const { projectId, members } = await seedProject({
    dataDir,
    databaseUrl: scratch?.url,
    tasks,
    users: ANNOTATORS,
    overlap: OVERLAP,
    role: 'manager',
    async work(db, { orgId, projectId: project }) {
      // Every task done by three people: assignments, annotations and version 1 of each, as submits leave them.
      await sql`
        INSERT INTO assignments (id, org_id, project_id, task_id, user_id, status, leased_at, expires_at, finished_at)
        SELECT gen_random_uuid(), ${orgId}, ${project}, t.id, u.id, 'submitted', now(), now(), now()
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM tasks WHERE project_id = ${project}) t
        CROSS JOIN generate_series(0, ${OVERLAP - 1}) k
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS idx FROM users WHERE email LIKE 'u%@bench') u ON u.idx = (t.rn + k) % ${ANNOTATORS}
        WHERE t.rn <= ${tasks} AND (t.rn - 1) * ${OVERLAP} + k < ${annotations}`.execute(db);
      await sql`INSERT INTO annotations (id, org_id, project_id, task_id, user_id, assignment_id, version)
        SELECT gen_random_uuid(), org_id, project_id, task_id, user_id, id, 1 FROM assignments`.execute(db);
      await sql`INSERT INTO annotation_versions (annotation_id, version, org_id, result, lead_time_ms, created_by)
        SELECT id, 1, org_id, ${JSON.stringify(ANSWER)}::jsonb, 1000, user_id FROM annotations`.execute(db);
      await sql`UPDATE tasks SET completed = true WHERE id IN (SELECT task_id FROM assignments GROUP BY task_id HAVING count(*) >= ${OVERLAP})`.execute(db);
    },
  });
  const seedSeconds = (performance.now() - t0) / 1000;
  log(`seeded ${annotations} annotations on ${tasks} tasks in ${seedSeconds.toFixed(1)} s`);

  const port = await freePort();
  server = await spawnServe({ port, processes: 1, databaseUrl: scratch?.url, dataDir });
  const memory = async (field) => Number(/(\d+) kB/.exec((await readFile(`/proc/${server.pid}/status`, 'utf8')).split('\n').find((l) => l.startsWith(field)) ?? '')?.[1] ?? 0) / 1024;
  const baseRssMB = await memory('VmRSS:');
  const file = join(dir, 'export.jsonl');
  const load0 = loadavg()[0];
  t0 = performance.now();
  const { stdout } = await run('curl', ['-sS', '-o', file, '-w', '%{http_code}', '-H', `authorization: Bearer ${members[0].token}`, `http://127.0.0.1:${port}/api/v1/projects/${projectId}/export?format=jsonl`]);
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMB = await memory('VmHWM:');
  const load1 = loadavg()[0];
  await server.stop();
  if (stdout.trim() !== '200') throw new Error(`export answered ${stdout}`);

  // What came out: every task once, with its annotations.
  let records = 0;
  let exported = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (!line) continue;
    records++;
    exported += JSON.parse(line).annotations.length;
  }

  let baseline = null;
  if (scratch) {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      let rows = 0;
      const c0 = performance.now();
      await pipeline(
        client.query(copyTo(`COPY (SELECT t.id, t.data, a.user_id, v.result, v.created_at FROM tasks t JOIN annotations a ON a.task_id = t.id JOIN annotation_versions v ON v.annotation_id = a.id ORDER BY t.id) TO STDOUT`)),
        new Writable({
          write(chunk, _encoding, done) {
            for (const byte of chunk) if (byte === 10) rows++;
            done();
          },
        }),
      );
      baseline = { baseline: 'postgres COPY TO STDOUT (tasks ⋈ annotations ⋈ versions)', rows, rowsPerSecond: Math.round(rows / ((performance.now() - c0) / 1000)) };
    } finally {
      await client.end();
    }
  }
  console.log(
    JSON.stringify({
      backend: scratch ? 'postgres' : 'pglite',
      annotations: exported,
      tasks: records,
      fileMB: +((await stat(file)).size / 1048576).toFixed(1),
      seconds: +seconds.toFixed(1),
      seedSeconds: +seedSeconds.toFixed(1),
      annotationsPerSecond: Math.round(exported / seconds),
      serverBaseRssMB: Math.round(baseRssMB),
      serverPeakRssMB: Math.round(peakRssMB),
      loadAverage1m: { before: +load0.toFixed(2), after: +load1.toFixed(2) },
      copyBaseline: baseline,
    }),
  );
  if (exported !== annotations || records !== tasks) process.exitCode = 1;
} finally {
  await server?.stop();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
