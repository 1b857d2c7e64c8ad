// Imports a large generated JSONL file through the real HTTP API and reports time and peak memory.
// Usage: node bench/import-large.mjs [sizeMB=256] [postgres://admin-url]
// With a PostgreSQL URL it creates a scratch database there and drops it afterwards.
// Needs the built packages (npm install builds them).
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { once } from 'node:events';
import { startServer } from '../packages/server/dist/index.js';
import { createScratchDatabase } from './scratch-database.mjs';

const run = promisify(execFile);
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
let peakHeap = 0;
let peakExternal = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakExternal = Math.max(peakExternal, m.external + m.arrayBuffers);
}, 100);
try {
  const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'b@example.com', password: 'bench-password', name: 'B', orgName: 'Bench' }) });
  const me = await setup.json();
  const cookie = setup.headers.get('set-cookie').split(';')[0];
  const headers = { cookie, 'x-csrf-token': me.csrfToken };
  const labelConfig = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'choices', name: 'c', toName: 'text', choice: 'single', options: [{ value: 'a' }, { value: 'b' }] }] };
  const project = await (await fetch(`${server.url}/api/v1/projects`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', labelConfig }) })).json();
  // The upload runs in a separate process (curl), so the memory measured here is the server's alone.
  const t0 = performance.now();
  const { stdout } = await run('curl', ['-sS', '-X', 'POST', '-T', file, '-H', `cookie: ${cookie}`, '-H', `x-csrf-token: ${me.csrfToken}`, '-H', 'content-type: application/x-ndjson', '-w', '\n%{http_code}', `${server.url}/api/v1/projects/${project.id}/import?format=jsonl`]);
  const seconds = (performance.now() - t0) / 1000;
  const [text, status] = stdout.trim().split('\n');
  const body = JSON.parse(text);
  const res = { status: Number(status) };
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
    peakHeapUsedMB: Math.round(peakHeap / 1048576),
    peakExternalMB: Math.round(peakExternal / 1048576),
  }));
} finally {
  clearInterval(sampler);
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}

