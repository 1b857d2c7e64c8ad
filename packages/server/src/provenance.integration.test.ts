import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fromBase64,
  merkleLeafHash,
  openNote,
  parseCheckpoint,
  verifyBundle,
  verifyConsistency,
  verifyInclusion,
  type AnnotationDto,
  type ConsistencyProofDto,
  type DatasetVersionDto,
  type HistoryDto,
  type InclusionProofDto,
  type LogKeysDto,
  type NextTaskDto,
  type ProjectDto,
} from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { addMember, choiceResult, createChoiceProject, importTexts } from './test-support/helpers.js';
import { ApiClient } from './test-support/api-client.js';
import { auditLog } from './provenance/log-audit.js';
import { traceCopy } from './provenance/trace.js';

const utf8 = new TextEncoder();

/** A project with 6 imported tasks, two submitted annotations, one edit, and a sequenced log. */
async function loggedProject(t: TestServer) {
  const project = await createChoiceProject(t.owner, { name: '溯源项目' });
  await importTexts(t.owner, project.id, 6);
  const annotations: AnnotationDto[] = [];
  for (let i = 0; i < 2; i++) {
    const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    annotations.push(await t.owner.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: choiceResult('positive') }));
  }
  await t.owner.expect(200, 'PUT', `/api/v1/annotations/${annotations[0]!.id}`, { result: choiceResult('negative'), baseVersion: 1 });
  await t.server.services.log.sequencer.flush();
  return { project, annotations };
}

async function audit(t: TestServer) {
  return auditLog(t.server.services.database, t.server.services.log.keys, t.server.services.blobs);
}

function checks(report: Awaited<ReturnType<typeof audit>>): string[] {
  return [...new Set(report.findings.map((f) => f.check))].sort();
}

describe.each(BACKENDS)('transparency log on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;
  let annotations: AnnotationDto[];
  beforeAll(async () => {
    t = await startTestServer(backend);
    ({ project, annotations } = await loggedProject(t));
  });
  afterAll(async () => t?.close());

  it('publishes a signed checkpoint and keys without authentication', async () => {
    const anonymous = new ApiClient(t.url);
    const keys = await anonymous.expect<LogKeysDto>(200, 'GET', '/api/v1/log/keys');
    const note = await anonymous.expect<string>(200, 'GET', '/api/v1/log/checkpoint');
    const opened = openNote(note, keys.trusted);
    const checkpoint = parseCheckpoint(opened.text);
    expect(checkpoint.origin).toBe(keys.origin);
    // org.create, project.create, import, 2 submits, 1 edit.
    expect(checkpoint.size).toBe(6);
    expect(() => openNote(note.replace(/\n\d+\n/, '\n7\n'), keys.trusted)).toThrow();
  });

  it('proves every entry included and every older head consistent', async () => {
    const anonymous = new ApiClient(t.url);
    const keys = await anonymous.expect<LogKeysDto>(200, 'GET', '/api/v1/log/keys');
    const history = await t.owner.expect<HistoryDto>(200, 'GET', `/api/v1/history/project/${project.id}`);
    expect(history.items.map((i) => i.kind)).toEqual(['project.create', 'import', 'annotation.submit', 'annotation.submit', 'annotation.edit']);
    for (const item of history.items) {
      const proof = await anonymous.expect<InclusionProofDto>(200, 'GET', `/api/v1/log/proof/inclusion?index=${item.index}`);
      const root = parseCheckpoint(openNote(proof.checkpoint, keys.trusted).text).rootHash;
      const leaf = merkleLeafHash(utf8.encode(item.entry!));
      expect(verifyInclusion(leaf, item.index!, proof.treeSize, proof.proof.map(fromBase64), root)).toBe(true);
      expect(verifyInclusion(leaf, item.index! + 1, proof.treeSize, proof.proof.map(fromBase64), root)).toBe(false);
    }
    const small = await anonymous.expect<InclusionProofDto>(200, 'GET', '/api/v1/log/proof/inclusion?index=0&treeSize=1').catch(() => undefined);
    const oldRoot = small ? parseCheckpoint(openNote(small.checkpoint, keys.trusted).text).rootHash : undefined;
    const latest = parseCheckpoint(openNote(await anonymous.expect<string>(200, 'GET', '/api/v1/log/checkpoint'), keys.trusted).text);
    if (oldRoot) {
      const c = await anonymous.expect<ConsistencyProofDto>(200, 'GET', `/api/v1/log/proof/consistency?from=1&to=${latest.size}`);
      expect(verifyConsistency(1, latest.size, oldRoot, latest.rootHash, c.proof.map(fromBase64))).toBe(true);
    }
    const bad = await anonymous.get('/api/v1/log/proof/consistency?from=5&to=1');
    expect(bad.status).toBe(400);
  });

  it('shows who did what to a task and an annotation, and hides it from other organisations', async () => {
    const taskHistory = await t.owner.expect<HistoryDto>(200, 'GET', `/api/v1/history/task/${annotations[0]!.taskId}`);
    expect(taskHistory.items.map((i) => [i.kind, i.actorEmail])).toEqual([
      ['annotation.submit', 'owner@example.com'],
      ['annotation.edit', 'owner@example.com'],
    ]);
    expect((taskHistory.items[1]!.data as { version: number }).version).toBe(2);
    const other = new ApiClient(t.url);
    await other.login('owner@example.com', 'owner-password');
    const stranger = await addMember(t, 'annotator@example.com', 'annotator');
    expect((await stranger.get(`/api/v1/history/task/${annotations[0]!.taskId}`)).status).toBe(403);
    const otherOrgOwner = new ApiClient(t.url);
    await t.owner.expect(201, 'POST', '/api/v1/orgs', { name: 'Org B' });
    const orgs = await t.owner.expect<{ id: string; name: string }[]>(200, 'GET', '/api/v1/orgs');
    otherOrgOwner.cookie = t.owner.cookie;
    otherOrgOwner.csrf = t.owner.csrf;
    otherOrgOwner.orgId = orgs.find((o) => o.name === 'Org B')!.id;
    expect((await otherOrgOwner.get(`/api/v1/history/task/${annotations[0]!.taskId}`)).status).toBe(404);
  });

  it('audits clean after normal work', async () => {
    await t.server.services.log.sequencer.flush();
    const report = await audit(t);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.treeSize).toBeGreaterThanOrEqual(6);
  });

  it('freezes a dataset version, bundles it, verifies it offline, catches a flipped byte and traces a leak', async () => {
    await importTexts(t.owner, project.id, 60, '更多');
    const version = await t.owner.expect<DatasetVersionDto>(201, 'POST', `/api/v1/projects/${project.id}/dataset-versions`, { name: '第一版', description: 'v1' });
    expect(version).toMatchObject({ version: 1, itemCount: 66 });
    const keys = await t.owner.expect<LogKeysDto>(200, 'GET', '/api/v1/log/keys');
    const download = async (client: ApiClient) => {
      const res = await fetch(`${t.url}/api/v1/dataset-versions/${version.id}/bundle`, { headers: client.authHeaders('GET') });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      return new Map(Object.entries(unzipSync(new Uint8Array(await res.arrayBuffer()))));
    };
    const copyA = await download(t.owner);
    const manager = await addMember(t, 'buyer@example.com', 'manager');
    const copyB = await download(manager);

    const ok = verifyBundle(copyA, keys.trusted);
    expect(ok.problems).toEqual([]);
    expect(ok.ok).toBe(true);
    expect(verifyBundle(copyB, keys.trusted).ok).toBe(true);

    const flipped = new Map(copyA);
    const records = new Uint8Array(flipped.get('data/records.jsonl')!);
    records[10] = records[10]! ^ 0x01;
    flipped.set('data/records.jsonl', records);
    const broken = verifyBundle(flipped, keys.trusted);
    expect(broken.ok).toBe(false);
    expect(broken.problems.map((p) => [p.kind, p.path])).toContainEqual(['file-changed', 'data/records.jsonl']);

    const added = new Map(copyA).set('data/extra.txt', utf8.encode('x'));
    expect(verifyBundle(added, keys.trusted).problems.map((p) => p.kind)).toContain('file-added');
    const wrongKey = verifyBundle(copyA, ['other+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']);
    expect(wrongKey.ok).toBe(false);

    // A leaked part of copy B, manifest stripped: its record order alone names the manager.
    const idsOf = (copy: Map<string, Uint8Array>) =>
      new TextDecoder()
        .decode(copy.get('data/records.jsonl')!)
        .trim()
        .split('\n')
        .map((l) => String((JSON.parse(l) as { id: string }).id));
    const traced = await traceCopy(t.server.services.database, idsOf(copyB).slice(10, 50));
    expect(traced.verdict?.recipientEmail).toBe('buyer@example.com');
    expect((await traceCopy(t.server.services.database, idsOf(copyA))).verdict?.recipientEmail).toBe('owner@example.com');
    // A copy re-sorted by id carries no fingerprint: nobody is named.
    const sorted = idsOf(copyA).sort((x, y) => Number(x) - Number(y));
    expect((await traceCopy(t.server.services.database, sorted)).verdict).toBeNull();
    const history = await t.owner.expect<HistoryDto>(200, 'GET', `/api/v1/history/dataset-version/${version.id}`);
    expect(history.items.map((i) => i.kind)).toEqual(['dataset.version', 'dataset.download', 'dataset.download']);
    await t.server.services.log.sequencer.flush();
    expect((await audit(t)).findings).toEqual([]);
  });
});

// Every attack on a fresh server, on each backend: perform it below the API, then assert the audit names it.
describe.each(BACKENDS)('tamper detection on $name', (backend) => {
  let t: TestServer;
  let annotations: AnnotationDto[];
  const db = () => t.server.services.database.db;
  const LOG_TABLES = ['log_entries', 'log_nodes', 'log_heads', 'annotation_versions', 'tasks'] as const;
  let publishedHead: string;
  let blobPath: string;
  let blobBytes: Buffer;
  beforeAll(async () => {
    t = await startTestServer(backend);
    ({ annotations } = await loggedProject(t));
    // Copies of what the attacks touch, restored after each, so one server serves every attack.
    for (const table of LOG_TABLES) await sql`CREATE TABLE ${sql.id(`saved_${table}`)} AS SELECT * FROM ${sql.table(table)}`.execute(db());
    publishedHead = await readFile(join(t.server.config.keyDir, 'published-head'), 'utf8');
    const row = await db().selectFrom('imports').select('source_sha256').executeTakeFirstOrThrow();
    blobPath = join(t.dataDir, 'blobs', row.source_sha256!.slice(0, 2), row.source_sha256!.slice(2, 4), row.source_sha256!);
    blobBytes = await readFile(blobPath);
  });
  beforeEach(async () => {
    expect((await audit(t)).findings).toEqual([]);
  });
  afterEach(async () => {
    for (const table of ['log_entries', 'log_nodes', 'log_heads'] as const) {
      await sql`DELETE FROM ${sql.table(table)}`.execute(db());
      const identity = table === 'log_entries' ? sql`OVERRIDING SYSTEM VALUE` : sql``;
      await sql`INSERT INTO ${sql.table(table)} ${identity} SELECT * FROM ${sql.id(`saved_${table}`)}`.execute(db());
    }
    // Content rows are referenced by others: put their values back instead of replacing the rows.
    await sql`DELETE FROM annotation_versions v WHERE NOT EXISTS (SELECT 1 FROM saved_annotation_versions s WHERE s.annotation_id = v.annotation_id AND s.version = v.version)`.execute(db());
    await sql`UPDATE annotation_versions v SET result = s.result FROM saved_annotation_versions s WHERE s.annotation_id = v.annotation_id AND s.version = v.version`.execute(db());
    await sql`UPDATE tasks t SET data = s.data FROM saved_tasks s WHERE s.id = t.id`.execute(db());
    await writeFile(join(t.server.config.keyDir, 'published-head'), publishedHead);
    await writeFile(blobPath, blobBytes);
  });
  afterAll(async () => t?.close());

  it('a result edited after logging', async () => {
    await db().updateTable('annotation_versions').set({ result: JSON.stringify(choiceResult('neutral')) }).where('annotation_id', '=', annotations[1]!.id).execute();
    const report = await audit(t);
    expect(checks(report)).toEqual(['content-edited']);
    expect(report.findings[0]!.subject).toEqual({ type: 'annotation', id: annotations[1]!.id });
  });

  it('a version inserted behind the application', async () => {
    await db().insertInto('annotation_versions').values({ annotation_id: annotations[1]!.id, version: 2, org_id: t.owner.orgId!, result: JSON.stringify([]), lead_time_ms: 0, created_by: t.owner.me!.user.id }).execute();
    expect(checks(await audit(t))).toEqual(['content-unlogged']);
  });

  it('an entry deleted', async () => {
    await db().deleteFrom('log_entries').where('leaf_index', '=', '2').execute();
    expect(checks(await audit(t))).toContain('entry-missing');
  });

  it('the log truncated and rolled back to an older head', async () => {
    await db().deleteFrom('log_entries').where('leaf_index', '>=', '3').execute();
    await db().deleteFrom('log_nodes').where(sql<boolean>`(idx + 1) * (1::bigint << level) > 3`).execute();
    await db().deleteFrom('log_heads').where('tree_size', '>', '3').execute();
    // Make the rolled-back state self-consistent: a head at size 3 signed with the real key.
    const report = await audit(t);
    expect(checks(report)).toEqual(expect.arrayContaining(['rollback']));
  });

  it('entries reordered', async () => {
    await db().updateTable('log_entries').set({ leaf_index: '-1' as never }).where('leaf_index', '=', '1').execute();
    await db().updateTable('log_entries').set({ leaf_index: '1' }).where('leaf_index', '=', '2').execute();
    await db().updateTable('log_entries').set({ leaf_index: '2' }).where('leaf_index', '=', '-1').execute();
    expect(checks(await audit(t))).toEqual(expect.arrayContaining(['entry-reordered', 'entry-edited']));
  });

  it('a backdated insert, with the whole tree recomputed around it', async () => {
    const { completedNodes, canonicalJson } = await import('@yungang/core');
    const rows = await db().selectFrom('log_entries').select(['id', 'entry', 'event']).where('leaf_index', 'is not', null).orderBy('leaf_index').execute();
    const first = JSON.parse(rows[0]!.entry!) as { sequencedAt: string };
    const forgedEvent = { kind: 'annotation.submit', org: t.owner.orgId, actor: t.owner.me!.user.id, at: '2020-01-01T00:00:00.000Z', subject: { type: 'annotation', id: '00000000-0000-4000-8000-000000000000' }, data: { version: 1, resultSha256: '0'.repeat(64) } };
    const events = rows.map((r) => JSON.parse(r.event) as unknown);
    events.splice(2, 0, forgedEvent);
    await db().deleteFrom('log_entries').execute();
    await db().deleteFrom('log_nodes').execute();
    const nodes = new Map<string, Uint8Array>();
    for (const [index, event] of events.entries()) {
      const sequencedAt = index === 2 ? new Date(Date.parse(first.sequencedAt) - 86_400_000).toISOString() : first.sequencedAt;
      const entry = canonicalJson({ v: 1, index, sequencedAt, event });
      for (const n of completedNodes(index, merkleLeafHash(utf8.encode(entry)), (l, i) => nodes.get(`${l}:${i}`)!)) {
        nodes.set(`${n.level}:${n.index}`, n.hash);
        await db().insertInto('log_nodes').values({ level: n.level, idx: String(n.index), hash: n.hash }).execute();
      }
      await sql`INSERT INTO log_entries (org_id, kind, subject_type, subject_id, event, leaf_index, entry, sequenced_at) VALUES (${t.owner.orgId}, 'x', 'x', 'x', ${canonicalJson(event)}, ${index}, ${entry}, now())`.execute(db());
    }
    expect(checks(await audit(t))).toEqual(expect.arrayContaining(['entry-backdated', 'head-mismatch']));
  });

  it('a forked head, even one signed with the real key, and the server refuses to serve it', async () => {
    const { formatCheckpoint, signNote } = await import('@yungang/core');
    const served = await new ApiClient(t.url).expect<string>(200, 'GET', '/api/v1/log/checkpoint');
    const size = parseCheckpoint(openNote(served, t.server.services.log.keys.trusted).text).size;
    const forkRoot = new Uint8Array(32).fill(7);
    const forged = signNote(formatCheckpoint({ origin: t.server.services.log.keys.origin, size, rootHash: forkRoot }), t.server.services.log.keys.signerKey);
    await db().updateTable('log_heads').set({ root_hash: forkRoot, checkpoint: forged }).where('tree_size', '=', String(size)).execute();
    expect(checks(await audit(t))).toEqual(expect.arrayContaining(['head-mismatch']));
    const refused = await new ApiClient(t.url).get<{ error: { message: string } }>('/api/v1/log/checkpoint');
    expect(refused.status).toBe(500);
    expect(refused.body.error.message).toMatch(/refusing to serve/);
  });

  it('a file swapped under its hash', async () => {
    await writeFile(blobPath, blobBytes.toString('utf8').replace('文本 0', '文本 X'));
    expect(checks(await audit(t))).toEqual(['file-swapped']);
  });

  it('an imported task edited', async () => {
    await sql`UPDATE tasks SET data = '{"text":"篡改"}'::jsonb WHERE id = (SELECT min(id) FROM tasks)`.execute(db());
    const report = await audit(t);
    expect(checks(report)).toEqual(['content-edited']);
    expect(report.findings[0]!.subject?.type).toBe('import');
  });
});
