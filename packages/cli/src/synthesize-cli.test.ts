import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TaskPageDto } from '@yungang/core';
import { startServer } from '@yungang/server';
import { run } from './main.js';

function espeakAvailable(): boolean {
  if (spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).status === 0) return true;
  if (process.env['CI'] === 'true') throw new Error('espeak-ng is not installed, and CI=true forbids skipping the CLI synthesis test: apt-get install espeak-ng');
  console.warn('[yungang tests] espeak-ng is not installed: skipping the CLI speech synthesis test (Debian: apt-get install espeak-ng).');
  return false;
}

// `yungang synthesize`: the same bodies as the HTTP API, through a running server (following the job) and
// directly on the embedded folder (the command runs the job); a body the API would refuse is refused with its path.
describe.skipIf(!espeakAvailable())('yungang synthesize', () => {
  let dataDir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'yungang-synth-cli-'));
    process.env.YUNGANG_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('synthesizes speech over HTTP and directly, and refuses a bad body with its path', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await run(['admin', 'create-user', '--email', 'pm@example.com', '--password', 'secret-pass', '--org', '合成公司', '--role', 'owner'])).toBe(0);
      const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, logLevel: 'warn', env: {} });
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'pm@example.com', password: 'secret-pass' }) });
      const me = (await login.json()) as { csrfToken: string };
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken };
      const created = await fetch(`${server.url}/api/v1/projects`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'speech', labelConfig: { version: 1, fields: [{ name: 'audio', type: 'audio' }], controls: [{ type: 'textarea', name: 'transcript', toName: 'audio' }] } }),
      });
      const project = (await created.json()) as { id: string };
      const { token } = (await (await fetch(`${server.url}/api/v1/auth/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'cli' }) })).json()) as { token: string };

      const body = join(dataDir, 'speech.json');
      await writeFile(body, JSON.stringify({ engine: 'espeak-ng', voice: 'en', texts: ['hello world', 'turn left at the crossing'], targetName: 'spoken' }));
      const httpCode = await run(['synthesize', 'speech', '--project', project.id, '--body', body, '--url', server.url, '--token', token]);
      expect(httpCode, err.mock.calls.flat().join(' ')).toBe(0);
      const out = log.mock.calls.flat().join('\n');
      expect(out).toMatch(/\[#+\] 100% {2}2 \/ 2 {2}succeeded/);
      const target = /output goes to project ([0-9a-f-]{36})/.exec(out)![1]!;
      const tasks = (await (await fetch(`${server.url}/api/v1/projects/${target}/tasks`, { headers })).json()) as TaskPageDto;
      expect(tasks.items).toHaveLength(2);
      await server.close();

      // Directly on the embedded folder: the command is the worker.
      log.mockClear();
      expect(await run(['synthesize', 'speech', '--project', project.id, '--body', body, '--as', 'pm@example.com'])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toMatch(/100% {2}2 \/ 2 {2}succeeded/);

      // What the HTTP route would refuse: nothing starts, and the message names the field.
      await writeFile(body, JSON.stringify({ engine: 'espeak-ng', texts: [], speed: 9000 }));
      err.mockClear();
      expect(await run(['synthesize', 'speech', '--project', project.id, '--body', body, '--as', 'pm@example.com'])).toBe(1);
      expect(err.mock.calls.flat().join(' ')).toMatch(/body\.(texts|speed)/);
      expect(await run(['synthesize', 'paint', '--project', project.id, '--body', body, '--as', 'pm@example.com'])).not.toBe(0);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  }, 240_000);
});
