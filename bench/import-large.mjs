// Imports a large generated JSONL file through the real HTTP API and reports time and peak memory.
// Usage: node bench/import-large.mjs [sizeMB=256] [postgres://admin-url]
// With a PostgreSQL URL it creates a scratch database there and drops it afterwards.
// Needs the built packages (npm install builds them).
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { startServer } from '../packages/server/dist/index.js';

const sizeMb = Number(process.argv[2] ?? 256);
const scratch = process.argv[3] ? await createScratchDatabase(process.argv[3]) : undefined;
const databaseUrl = scratch?.url;
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-'));
const file = join(dir, 'tasks.jsonl');

// ~1 KB of Chinese text per task.
const out = createWriteStream(file);
const para = '云冈数据标注基地为人工智能训练提供高质量的数据。'.repeat(14);
let written = 0;
let n = 0;
while (written < sizeMb * 1024 * 1024) {
  const line = JSON.stringify({ text: `${n} ${para}` }) + '\n';
  written += Buffer.byteLength(line);
  n++;
  if (!out.write(line)) await once(out, 'drain');
}
out.end();
await once(out, 'close');
const bytes = (await stat(file)).size;

const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), databaseUrl, demo: false, logLevel: 'warn', env: {} });
let peakRss = process.memoryUsage().rss;
const baseRss = peakRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
try {
  const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'b@example.com', password: 'bench-password', name: 'B', orgName: 'Bench' }) });
  const me = await setup.json();
  const cookie = setup.headers.get('set-cookie').split(';')[0];
  const headers = { cookie, 'x-csrf-token': me.csrfToken };
  const labelConfig = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'choices', name: 'c', toName: 'text', choice: 'single', options: [{ value: 'a' }, { value: 'b' }] }] };
  const project = await (await fetch(`${server.url}/api/v1/projects`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', labelConfig }) })).json();
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/v1/projects/${project.id}/import?format=jsonl`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-ndjson' },
    body: Readable.toWeb(createReadStream(file)),
    duplex: 'half',
  });
  const body = await res.json();
  const seconds = (performance.now() - t0) / 1000;
  if (res.status !== 201) throw new Error(JSON.stringify(body));
  console.log(JSON.stringify({
    backend: databaseUrl ? 'postgres' : 'pglite',
    fileMB: +(bytes / 1048576).toFixed(1),
    tasks: body.taskCount,
    seconds: +seconds.toFixed(1),
    tasksPerSecond: Math.round(body.taskCount / seconds),
    baseRssMB: Math.round(baseRss / 1048576),
    peakRssMB: Math.round(peakRss / 1048576),
    rssGrowthMB: Math.round((peakRss - baseRss) / 1048576),
  }));
} finally {
  clearInterval(sampler);
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}

async function createScratchDatabase(adminUrl) {
  const { default: pg } = await import('pg');
  const name = `yungang_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
