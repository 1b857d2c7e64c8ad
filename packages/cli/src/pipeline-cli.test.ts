import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobDto } from '@yungang/core';
import { startServer } from '@yungang/server';
import { run } from './main.js';
import { progressLine } from './commands/pipeline.js';

// `yungang pipeline`: through a running server (HTTP, following the job's progress) and directly on the
// embedded folder, where the command itself runs the job.
describe('yungang pipeline', () => {
  let dataDir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'yungang-pipeline-cli-'));
    process.env.YUNGANG_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('draws a progress bar', () => {
    expect(progressLine({ done: 4000, total: 10000, status: 'running', attempts: 1 }, 10)).toBe('[####------]  40%  4,000 / 10,000  running');
    expect(progressLine({ done: 0, total: null, status: 'queued', attempts: 2 }, 4)).toBe('[----]   0%  0 / ?  queued (resumed 1x)');
  });

  it('dry-runs and runs over HTTP and directly, with word lists from files', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await run(['admin', 'create-user', '--email', 'pm@example.com', '--password', 'secret-pass', '--org', '清洗公司', '--role', 'owner'])).toBe(0);
      const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, logLevel: 'warn', env: {} });
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'pm@example.com', password: 'secret-pass' }) });
      const me = (await login.json()) as { csrfToken: string };
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken };
      const created = await fetch(`${server.url}/api/v1/projects`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'raw', labelConfig: { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'choices', name: 'c', toName: 'text', choice: 'single', options: [{ value: 'a' }, { value: 'b' }] }] } }),
      });
      const project = (await created.json()) as { id: string };
      const lines = ['电话 13812345678', '含有违禁词的句子', '普通句子', '普通句子'].map((text) => JSON.stringify({ text })).join('\n');
      const imported = await fetch(`${server.url}/api/v1/projects/${project.id}/import?format=jsonl`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-ndjson' }, body: lines });
      expect(imported.status).toBe(201);
      const { token } = (await (await fetch(`${server.url}/api/v1/auth/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'cli' }) })).json()) as { token: string };

      const spec = join(dataDir, 'clean.yaml');
      await writeFile(spec, 'operators:\n  - op: pii\n  - op: keyword-filter\n    list: banned\n  - op: exact-dedup\n');
      const words = join(dataDir, 'banned.txt');
      await writeFile(words, '# one word per line\n违禁词\n');

      expect(await run(['pipeline', 'dry-run', '--project', project.id, '--spec', spec, '--word-list', `banned=${words}`, '--url', server.url, '--token', token])).toBe(0);
      const dry = log.mock.calls.flat().join('\n');
      expect(dry).toMatch(/keyword-filter \(text\)\s+kept 3, changed 0, dropped 1/);
      expect(dry).toContain('[MOBILE]');

      log.mockClear();
      expect(await run(['pipeline', 'run', '--project', project.id, '--spec', spec, '--word-list', `banned=${words}`, '--target-name', '清洗结果', '--url', server.url, '--token', token])).toBe(0);
      const out = log.mock.calls.flat().join('\n');
      expect(out).toMatch(/\[#+\] 100% {2}4 \/ 4 {2}succeeded/);
      expect(out).toMatch(/"outputTasks": 2/);
      const jobs = (await (await fetch(`${server.url}/api/v1/jobs`, { headers })).json()) as { items: JobDto[] };
      expect(jobs.items.map((j) => j.status)).toEqual(['succeeded']);
      await server.close();

      // Directly on the embedded folder: the command is the worker.
      log.mockClear();
      expect(await run(['pipeline', 'run', '--project', project.id, '--spec', spec, '--word-list', `banned=${words}`, '--as', 'pm@example.com'])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toMatch(/100% {2}4 \/ 4 {2}succeeded/);
      // Split in two: shard jobs first, then the serial part; the same output.
      log.mockClear();
      expect(await run(['pipeline', 'run', '--project', project.id, '--spec', spec, '--word-list', `banned=${words}`, '--shards', '2', '--as', 'pm@example.com'])).toBe(0);
      const split = log.mock.calls.flat().join('\n');
      expect(split).toMatch(/100% {2}4 \/ 4 {2}succeeded/);
      expect(split).toMatch(/"outputTasks": 2/);
      expect(split).toMatch(/"shards": 2/);
      err.mockClear();
      expect(await run(['pipeline', 'run', '--project', project.id, '--spec', spec, '--shards', '0', '--as', 'pm@example.com'])).toBe(2);
      expect(err.mock.calls.flat().join(' ')).toContain('--shards must be a whole number from 1 to 64');
      // A word list the spec names but the command does not give: a usage-level error, nothing started.
      err.mockClear();
      expect(await run(['pipeline', 'run', '--project', project.id, '--spec', spec, '--as', 'pm@example.com'])).toBe(1);
      expect(err.mock.calls.flat().join(' ')).toContain('banned');
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  }, 240_000);
});
