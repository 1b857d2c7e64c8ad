import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatCheckpoint, openNote, parseCheckpoint, signNote, textClassificationTemplate } from '@yungang/core';
import { startServer, type RunningServer } from '@yungang/server';
import { run } from './main.js';

/** A signed-in browser-like session against a running server. */
async function signUp(url: string) {
  const res = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@example.com', password: 'owner-password', name: 'Owner', orgName: '云冈数据' }),
  });
  const me = (await res.json()) as { csrfToken: string };
  const headers = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': me.csrfToken };
  return async <T>(method: string, path: string, body?: string, contentType = 'application/json'): Promise<T> => {
    const r = await fetch(url + path, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': contentType } : {}) }, ...(body !== undefined ? { body } : {}) });
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (r.headers.get('content-type') ?? '').includes('json') ? ((await r.json()) as T) : (new Uint8Array(await r.arrayBuffer()) as T);
  };
}

/** Runs the CLI and returns its exit code with everything it printed. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
  try {
    return { code: await run(args), out: printed.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

// The provenance commands end to end on an embedded instance: a bundle exported through HTTP, verified
// offline, broken by one byte, traced; a witness cosigning and catching a fork; audit; key rotation.
describe('yungang verify, trace, witness, audit and keys', () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  const saved = { ...process.env };
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'yungang-prov-cli-'));
    process.env.YUNGANG_DATA_DIR = dataDir;
    process.env.YUNGANG_DEMO = '0';
    delete process.env.DATABASE_URL;
    delete process.env.YUNGANG_KEY_DIR;
  });
  afterAll(async () => {
    await server?.close();
    process.env = saved;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('verifies a real bundle, names a flipped byte, traces the copy, witnesses, audits and rotates keys', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, logLevel: 'warn', env: {} });
    const api = await signUp(server.url);
    const project = await api<{ id: string }>('POST', '/api/v1/projects', JSON.stringify({ name: '交付', labelConfig: textClassificationTemplate }));
    const jsonl = Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `记录 ${i}` })).join('\n');
    await api('POST', `/api/v1/projects/${project.id}/import?format=jsonl`, jsonl, 'application/x-ndjson');
    const version = await api<{ id: string }>('POST', `/api/v1/projects/${project.id}/dataset-versions`, JSON.stringify({ name: '第一版' }));
    const bundle = join(dataDir, 'bundle.zip');
    await writeFile(bundle, await api<Uint8Array>('GET', `/api/v1/dataset-versions/${version.id}/bundle`));
    const keysFile = join(dataDir, 'log-keys.json');
    await writeFile(keysFile, JSON.stringify(await api('GET', '/api/v1/log/keys')));

    // Witness: first sight, then a later head proved consistent with it.
    const witnessKey = join(dataDir, 'witness.key');
    const state = join(dataDir, 'witness-state');
    const first = await cli(['witness', '--url', server.url, '--log-key', keysFile, '--key', witnessKey, '--state', state, '--name', 'witness.example']);
    expect(first.code, first.out).toBe(0);
    const witnessVerifier = /verifier key \(publish it\): (\S+)/.exec(first.out)![1]!;
    await api('POST', '/api/v1/projects', JSON.stringify({ name: '之后', labelConfig: textClassificationTemplate }));
    await server.services.log.sequencer.flush();
    const second = await cli(['witness', '--url', server.url, '--log-key', keysFile, '--key', witnessKey, '--state', state]);
    expect(second.code, second.out).toBe(0);
    const cosigned = await readFile(state, 'utf8');
    expect(openNote(cosigned, [witnessVerifier]).verified.map((s) => s.name)).toEqual(['witness.example']);

    // A fork of the newest head, even signed with the real key: the server refuses it and the witness fails.
    const keys = server.services.log.keys;
    const head = parseCheckpoint(openNote(cosigned, keys.trusted).text);
    const real = await server.services.database.db.selectFrom('log_heads').selectAll().where('tree_size', '=', String(head.size)).executeTakeFirstOrThrow();
    const forged = signNote(formatCheckpoint({ origin: keys.origin, size: head.size, rootHash: new Uint8Array(32).fill(9) }), keys.signerKey);
    await server.services.database.db.updateTable('log_heads').set({ root_hash: new Uint8Array(32).fill(9), checkpoint: forged }).where('tree_size', '=', String(head.size)).execute();
    const forkSeen = await cli(['witness', '--url', server.url, '--log-key', keysFile, '--key', witnessKey, '--state', state]);
    expect(forkSeen.code).toBe(1);
    expect(forkSeen.out).toMatch(/refusing to serve|FORK/);
    await server.services.database.db.updateTable('log_heads').set({ root_hash: real.root_hash, checkpoint: real.checkpoint }).where('tree_size', '=', String(head.size)).execute();
    await server.close();
    server = undefined;

    // Offline verification of the bundle, then of a copy with one flipped byte.
    const ok = await cli(['verify', bundle, '--key', keysFile]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/^OK: .*第一版.*40 records/);
    const files = unzipSync(new Uint8Array(await readFile(bundle)));
    const records = files['data/records.jsonl']!;
    records[20] = records[20]! ^ 0x01;
    const broken = join(dataDir, 'broken.zip');
    await writeFile(broken, zipSync(files));
    const bad = await cli(['verify', broken, '--key', keysFile]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('data/records.jsonl was changed');
    const wrongKey = await cli(['verify', bundle, '--key', 'someone+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toMatch(/bad signature/);

    // The leaked records alone, manifest stripped, name the recipient.
    const leaked = join(dataDir, 'leaked.jsonl');
    await writeFile(leaked, new TextDecoder().decode(unzipSync(new Uint8Array(await readFile(bundle)))['data/records.jsonl']!).split('\n').slice(5, 35).join('\n'));
    const traced = await cli(['trace', leaked]);
    expect(traced.code, traced.out).toBe(0);
    expect(traced.out).toMatch(/TRACED: .*owner@example\.com/);

    // The quality report for pipelines (direct database mode), readable and as JSON.
    const text = await cli(['quality', 'report', '--project', project.id, '--as', 'owner@example.com']);
    expect(text.code, text.out).toBe(0);
    expect(text.out).toMatch(/GB\/T 36344 indicators:\n\s+normativeness/);
    const json = await cli(['quality', 'report', '--project', project.id, '--as', 'owner@example.com', '--json']);
    const report = JSON.parse(json.out) as { identity: { tasks: number; datasetVersion: { name: string } }; gbt36344: { name: string; evaluated: number }[] };
    expect(report.identity.tasks).toBe(40);
    expect(report.identity.datasetVersion.name).toBe('第一版');
    expect(report.gbt36344.find((i) => i.name === 'completeness')!.evaluated).toBe(40);

    // The audit is clean; after a rotation old heads still verify; revoking the old key flags its heads.
    expect((await cli(['audit'])).code).toBe(0);
    const before = (await cli(['keys', 'list'])).out;
    const oldHash = /active\s+\S+\+([0-9a-f]{8})\+/.exec(before)![1]!;
    const rotated = await cli(['keys', 'rotate']);
    expect(rotated.code, rotated.out).toBe(0);
    const audited = await cli(['audit']);
    expect(audited.code, audited.out).toBe(0);
    expect(await cli(['keys', 'revoke', oldHash])).toMatchObject({ code: 0 });
    const afterRevoke = await cli(['audit', '--json']);
    expect(afterRevoke.code).toBe(1);
    expect(afterRevoke.out).toContain('head-signature');
  });
});
