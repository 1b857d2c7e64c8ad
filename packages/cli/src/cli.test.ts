import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer } from '@yungang/server';
import { run } from './main.js';

// The CLI in direct mode on an embedded data folder, and its refusal while a server holds the folder.
describe('yungang CLI on the embedded database', () => {
  let dataDir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'yungang-cli-'));
    process.env.YUNGANG_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
  });
  afterAll(async () => {
    process.env = saved;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a user, imports and exports directly, then refuses while a server holds the folder', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await run(['admin', 'create-user', '--email', 'pm@example.com', '--password', 'secret-pass', '--org', '标注公司', '--role', 'owner'])).toBe(0);
      expect(log.mock.calls.flat().join(' ')).toContain('created user pm@example.com');
      expect(await run(['admin', 'create-user', '--email', 'x@example.com', '--password', 'secret-pass', '--org', 'O', '--role', 'boss'])).toBe(2);

      // A project to import into, made through the running server, which is then stopped.
      let server = await startServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, logLevel: 'warn', env: {} });
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'pm@example.com', password: 'secret-pass' }) });
      const me = (await login.json()) as { csrfToken: string };
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const created = await fetch(`${server.url}/api/v1/projects`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ name: 'p', labelConfig: { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'choices', name: 'c', toName: 'text', choice: 'single', options: [{ value: 'a' }, { value: 'b' }] }] } }),
      });
      const project = (await created.json()) as { id: string };

      // While the server runs, direct access is refused with a message that says what to do.
      const file = join(dataDir, 'tasks.csv');
      await writeFile(file, '\uFEFFtext\n"你好，世界"\n第二条\n');
      expect(await run(['import', '--project', project.id, '--file', file, '--as', 'pm@example.com'])).toBe(1);
      expect(err.mock.calls.flat().join(' ')).toMatch(/in use by another Yungang process.*--url/s);

      // Through the server with an API token instead.
      const tokenRes = await fetch(`${server.url}/api/v1/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ name: 'cli' }) });
      const { token } = (await tokenRes.json()) as { token: string };
      expect(await run(['import', '--project', project.id, '--file', file, '--url', server.url, '--token', token])).toBe(0);
      await server.close();

      // Direct mode once the folder is free.
      expect(await run(['import', '--project', project.id, '--file', file, '--as', 'pm@example.com'])).toBe(0);
      const out = join(dataDir, 'out.jsonl');
      expect(await run(['export', '--project', project.id, '--out', out, '--as', 'pm@example.com'])).toBe(0);
      const lines = (await readFile(out, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines.map((l) => (JSON.parse(l) as { data: { text: string } }).data.text)).toContain('你好，世界');

      server = await startServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, logLevel: 'warn', env: {} });
      await server.close();
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  });
});
