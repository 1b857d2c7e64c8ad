// N concurrent annotators claim and submit tasks over real HTTP until none is left; reports throughput
// and checks the invariants (overlap never exceeded, nobody twice on a task, every task filled).
// Usage: node bench/claim-concurrency.mjs [claimers=200] [tasks=1000] [overlap=3] [postgres://admin-url]
// Without a URL it runs on the embedded PGlite. Needs the built packages (npm install builds them).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../packages/server/dist/index.js';
import { createScratchDatabase } from './scratch-database.mjs';

const [claimers = 200, taskCount = 1000, overlap = 3] = process.argv.slice(2, 5).map(Number);
const adminUrl = process.argv[5];
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-'));
const scratch = adminUrl ? await createScratchDatabase(adminUrl) : undefined;
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), databaseUrl: scratch?.url, demo: false, logLevel: 'warn', env: {} });
try {
  const s = server.services;
  const { userId, orgId } = await s.auth.createUser({ email: 'owner@bench', password: 'bench-password', orgName: 'Bench', role: 'owner' });
  const ownerCtx = { caller: { userId, email: 'owner@bench', name: 'owner' }, orgId, role: 'owner' };
  const labelConfig = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'choices', name: 'c', toName: 'text', choice: 'single', options: [{ value: 'a' }, { value: 'b' }] }] };
  const project = await s.projects.create(ownerCtx, { name: 'bench', labelConfig, overlap });
  const { Readable } = await import('node:stream');
  const lines = Array.from({ length: taskCount }, (_, i) => JSON.stringify({ text: `任务 ${i}` })).join('\n');
  await s.imports.importStream(ownerCtx, project.id, Readable.from([Buffer.from(lines)]), 'jsonl', null);

  // Annotator accounts with API tokens (created through the services: hashing 200 passwords is not what we measure).
  const tokens = [];
  for (let i = 0; i < claimers; i++) {
    const m = await s.orgs.addMember(ownerCtx, { email: `a${i}@bench`, role: 'annotator', password: 'bench-password' });
    tokens.push((await s.auth.createToken(m.user.id, 'bench')).token);
  }

  const call = async (token, method, path, body) => {
    const res = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  let claims = 0;
  const latencies = [];
  const t0 = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      for (;;) {
        const t = performance.now();
        const next = await call(token, 'POST', `/api/v1/projects/${project.id}/next`);
        latencies.push(performance.now() - t);
        if (!next.assignment) return;
        claims++;
        await call(token, 'POST', `/api/v1/assignments/${next.assignment.id}/annotations`, { result: [{ id: 'r', from_name: 'c', to_name: 'text', type: 'choices', value: { choices: ['a'] } }], leadTimeMs: 1 });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;

  // Invariants, read back through the export.
  const ownerToken = (await s.auth.createToken(userId, 'bench')).token;
  const records = (await (await fetch(`${server.url}/api/v1/projects/${project.id}/export`, { headers: { authorization: `Bearer ${ownerToken}` } })).text()).trim().split('\n').map((l) => JSON.parse(l));
  const overfilled = records.filter((r) => r.annotations.length > overlap).length;
  const underfilled = records.filter((r) => r.annotations.length < Math.min(overlap, claimers)).length;
  const twice = records.filter((r) => new Set(r.annotations.map((a) => a.annotator)).size !== r.annotations.length).length;
  latencies.sort((a, b) => a - b);
  const pct = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]);
  const report = {
    backend: scratch ? 'postgres' : 'pglite',
    claimers,
    tasks: taskCount,
    overlap,
    claims,
    seconds: +seconds.toFixed(1),
    claimsPerSecond: Math.round(claims / seconds),
    nextLatencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) },
    overfilledTasks: overfilled,
    underfilledTasks: underfilled,
    annotatorTwiceOnTask: twice,
  };
  console.log(JSON.stringify(report));
  if (overfilled || underfilled || twice || claims !== taskCount * Math.min(overlap, claimers)) process.exitCode = 1;
} finally {
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}

