import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNote, parseCheckpoint, textClassificationTemplate, type NextTaskDto } from '@yungang/core';
import { POSTGRES } from './test-support/backends.js';
import { ApiClient } from './test-support/api-client.js';
import { addMember, choiceResult, importTexts } from './test-support/helpers.js';
import { openDatabase, type Database } from './db/database.js';
import { openLogKeys } from './provenance/log-keys.js';
import { LocalBlobStore } from './blobs/local-blob-store.js';
import { auditLog } from './provenance/log-audit.js';

const CLI = resolve(fileURLToPath(import.meta.url), '../../../cli/bin/yungang.js');

/** Starts `yungang serve` as its own operating-system process and waits for its URL. */
async function serveProcess(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`yungang serve did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done({ url: match[1]!.replace('localhost', '127.0.0.1'), child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => fail(new Error(`yungang serve exited with ${code}: ${output}`)));
  });
}

// Two server processes append to one log on one PostgreSQL: every act is logged exactly once, the
// indexes are dense and the audit (signed heads, content, files) is clean. Needs the built CLI.
describe.skipIf(!POSTGRES)('log appends from two server processes on PostgreSQL', () => {
  let db: { databaseUrl: string | undefined; drop(): Promise<void> };
  let dataDir: string;
  const children: ChildProcess[] = [];
  let urls: string[] = [];
  let database: Database;

  beforeAll(async () => {
    if (!existsSync(CLI.replace('bin/yungang.js', 'dist/main.js'))) throw new Error('build the CLI first (npm run typecheck or npx tsc -b packages/cli): this test runs it as separate processes');
    db = await POSTGRES!.create();
    dataDir = await mkdtemp(join(tmpdir(), 'yungang-two-'));
    const env = { DATABASE_URL: db.databaseUrl, YUNGANG_DATA_DIR: dataDir, YUNGANG_DEMO: '0', YUNGANG_AUDIT_MINUTES: '0' };
    // The first creates the schema and the keys; the second shares both.
    const first = await serveProcess(env);
    const second = await serveProcess(env);
    children.push(first.child, second.child);
    urls = [first.url, second.url];
    database = await openDatabase({ databaseUrl: db.databaseUrl });
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await database?.close();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('logs every concurrent act exactly once, in one consistent tree', async () => {
    const owner = new ApiClient(urls[0]!);
    await owner.setup({ email: 'owner@example.com', password: 'owner-password', name: 'Owner', orgName: 'Two' });
    const project = await owner.expect<{ id: string }>(201, 'POST', '/api/v1/projects', { name: 'p', labelConfig: textClassificationTemplate, overlap: 2 });
    await importTexts(owner, project.id, 40);
    const t = { url: urls[0]!, owner };
    const annotators = [await addMember(t, 'a1@example.com', 'annotator'), await addMember(t, 'a2@example.com', 'annotator')];
    // The same people, each signed in on the other process too.
    const clients = await Promise.all(
      annotators.flatMap((_, i) =>
        urls.map(async (url) => {
          const c = new ApiClient(url);
          await c.login(`a${i + 1}@example.com`, 'member-password');
          return c;
        }),
      ),
    );
    const owners = await Promise.all(
      urls.map(async (url) => {
        const c = new ApiClient(url);
        await c.login('owner@example.com', 'owner-password');
        return c;
      }),
    );
    let submitted = 0;
    const annotate = async (c: ApiClient) => {
      for (;;) {
        const next = await c.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
        if (!next.assignment) return;
        const res = await c.post(`/api/v1/assignments/${next.assignment.id}/annotations`, { result: choiceResult() });
        if (res.status === 201) submitted++;
        else if (res.status !== 409) throw new Error(`submit answered ${res.status}`);
      }
    };
    const create = async (c: ApiClient, n: number) => {
      for (let i = 0; i < n; i++) await c.expect(201, 'POST', '/api/v1/projects', { name: `parallel ${i}`, labelConfig: textClassificationTemplate });
    };
    await Promise.all([...clients.map(annotate), ...owners.map((c) => create(c, 25))]);
    expect(submitted).toBe(80);

    const entries = await database.db.selectFrom('log_entries').select(['kind', 'leaf_index']).execute();
    // Every act's event once: org, 2 members, 51 projects, 1 import, 80 submissions.
    expect(entries.filter((e) => e.kind === 'annotation.submit')).toHaveLength(80);
    expect(entries.filter((e) => e.kind === 'project.create')).toHaveLength(51);
    expect(entries).toHaveLength(1 + 2 + 51 + 1 + 80);
    // Both sequencers run; wait until every entry has its place and a head covers them all.
    const keys = (await owner.expect<{ trusted: string[] }>(200, 'GET', '/api/v1/log/keys')).trusted;
    for (let i = 0; i < 100; i++) {
      const size = parseCheckpoint(openNote(await owners[i % 2]!.expect<string>(200, 'GET', '/api/v1/log/checkpoint'), keys).text).size;
      if (size === entries.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const indexes = (await database.db.selectFrom('log_entries').select('leaf_index').orderBy('leaf_index').execute()).map((r) => Number(r.leaf_index));
    expect(indexes).toEqual(Array.from({ length: entries.length }, (_, i) => i));
    const report = await auditLog(database, openLogKeys(join(dataDir, 'keys')), new LocalBlobStore(join(dataDir, 'blobs')));
    expect(report.findings).toEqual([]);
    expect(report.treeSize).toBe(entries.length);
    expect(report.heads).toBeGreaterThan(1);
  });
});
