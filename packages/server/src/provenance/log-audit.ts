import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { bytesEqual, canonicalJson, itemsRootOfLeaves, merkleLeafHash, MerkleAccumulator, openNote, parseCheckpoint } from '@yungang/core';
import type { Database } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { readPublishedHead, type LogKeyring } from './log-keys.js';
import { contentHash, TaskDigest } from './log-events.js';

/** One thing the audit found wrong, with where: the log index, the subject, or the head size. */
export interface AuditFinding {
  check:
    | 'entry-missing'
    | 'entry-reordered'
    | 'entry-edited'
    | 'entry-backdated'
    | 'head-mismatch'
    | 'head-signature'
    | 'head-beyond-log'
    | 'rollback'
    | 'fork'
    | 'content-edited'
    | 'content-missing'
    | 'content-unlogged'
    | 'file-swapped'
    | 'file-missing';
  message: string;
  index?: number;
  treeSize?: number;
  subject?: { type: string; id: string };
}

export interface LogAuditReport {
  ok: boolean;
  treeSize: number;
  heads: number;
  entriesChecked: number;
  findings: AuditFinding[];
}

const BATCH = 5000;
const utf8 = new TextEncoder();
interface ParsedEntry {
  v: number;
  index: number;
  sequencedAt: string;
  event: { kind: string; subject: { type: string; id: string }; data: Record<string, unknown> };
}

/**
 * Recomputes the log from the database and checks it against everything that cannot be rewritten with it:
 * the signed heads (signatures need the key, kept outside the database), the head last published (a file
 * beside the keys), and the content the entries vouch for (annotation results, imported tasks, files).
 * Detects: an entry edited, deleted, truncated, inserted with an old date or moved; a forked or
 * rolled-back head; a content row edited or added behind the application's back; a swapped file.
 */
export async function auditLog(database: Database, keys: LogKeyring, blobs: BlobStore): Promise<LogAuditReport> {
  const findings: AuditFinding[] = [];
  const db = database.db;
  const heads = (await db.selectFrom('log_heads').selectAll().orderBy('tree_size').execute()).map((h) => ({
    size: Number(h.tree_size),
    root: new Uint8Array(h.root_hash),
    checkpoint: h.checkpoint,
  }));
  for (const h of heads) checkHeadNote(h, keys, findings);

  const acc = new MerkleAccumulator();
  const rootsAt = new Map<number, Uint8Array>();
  const wantedSizes = new Set(heads.map((h) => h.size));
  const published = readPublished(keys, findings);
  if (published) wantedSizes.add(published.size);
  const logged = { annotationVersions: new Set<string>(), imports: [] as ParsedEntry[], datasets: [] as ParsedEntry[] };
  let expected = 0;
  let lastSequencedAt = '';
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('log_entries as e')
      .leftJoin('log_nodes as n', (j) => j.onRef('n.idx', '=', 'e.leaf_index').on('n.level', '=', 0))
      .select(['e.leaf_index', 'e.entry', 'e.event', 'n.hash'])
      .where('e.leaf_index', 'is not', null)
      .where('e.leaf_index', '>', String(after))
      .orderBy('e.leaf_index')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const index = Number(r.leaf_index);
      after = index;
      if (index !== expected) {
        findings.push({ check: 'entry-missing', index: expected, message: `log entries ${expected}${index - 1 > expected ? `–${index - 1}` : ''} are missing (deleted)` });
        expected = index;
      }
      expected++;
      const entryText = r.entry ?? '';
      const leaf = merkleLeafHash(utf8.encode(entryText));
      if (!r.hash || !bytesEqual(leaf, new Uint8Array(r.hash))) {
        findings.push({ check: 'entry-edited', index, message: `log entry ${index} does not hash to its stored leaf (the entry or its leaf was changed after logging)` });
      }
      acc.addLeafHash(leaf);
      if (wantedSizes.has(acc.size)) rootsAt.set(acc.size, acc.root());
      let entry: ParsedEntry;
      try {
        entry = JSON.parse(entryText) as ParsedEntry;
      } catch {
        findings.push({ check: 'entry-edited', index, message: `log entry ${index} is not JSON` });
        continue;
      }
      if (entry.index !== index) findings.push({ check: 'entry-reordered', index, message: `log entry ${index} says it is entry ${entry.index} (entries were moved)` });
      if (canonicalJson(entry.event) !== r.event) findings.push({ check: 'entry-edited', index, message: `log entry ${index} differs from the event its act recorded` });
      if (entry.sequencedAt < lastSequencedAt) findings.push({ check: 'entry-backdated', index, message: `log entry ${index} is dated ${entry.sequencedAt}, before entry ${index - 1} (${lastSequencedAt}): inserted with an old date` });
      lastSequencedAt = entry.sequencedAt > lastSequencedAt ? entry.sequencedAt : lastSequencedAt;
      const kind = entry.event?.kind;
      if (kind === 'annotation.submit' || kind === 'annotation.edit') logged.annotationVersions.add(`${entry.event.subject.id}:${String(entry.event.data.version)}`);
      if (kind === 'import') logged.imports.push(entry);
      if (kind === 'dataset.version') logged.datasets.push(entry);
    }
  }
  const treeSize = acc.size;

  for (const h of heads) {
    if (h.size > treeSize) {
      findings.push({ check: 'head-beyond-log', treeSize: h.size, message: `the signed head of size ${h.size} is beyond the ${treeSize} entries in the database (entries were truncated)` });
      continue;
    }
    const root = h.size === 0 ? new MerkleAccumulator().root() : rootsAt.get(h.size);
    if (!root || !bytesEqual(root, h.root)) {
      findings.push({ check: 'head-mismatch', treeSize: h.size, message: `the signed head of size ${h.size} does not match the entries now in the database (history was rewritten, or the head forked)` });
    }
  }
  if (published) {
    const newest = heads.at(-1)?.size ?? 0;
    if (published.size > newest) {
      findings.push({ check: 'rollback', treeSize: published.size, message: `the database's newest head has size ${newest}, but a head of size ${published.size} was published before: the database was rolled back` });
    } else {
      const root = rootsAt.get(published.size);
      if (root && !bytesEqual(root, published.root)) findings.push({ check: 'fork', treeSize: published.size, message: `the head of size ${published.size} published earlier has another root than the log now has at that size: a forked head` });
    }
  }

  await checkAnnotationContent(database, logged.annotationVersions, findings);
  for (const entry of logged.imports) await checkImport(database, blobs, entry, findings);
  for (const entry of logged.datasets) await checkDatasetVersion(database, blobs, entry, findings);
  return { ok: findings.length === 0, treeSize, heads: heads.length, entriesChecked: treeSize, findings };
}

function checkHeadNote(h: { size: number; root: Uint8Array; checkpoint: string }, keys: LogKeyring, findings: AuditFinding[]): void {
  try {
    const c = parseCheckpoint(openNote(h.checkpoint, keys.trusted).text);
    if (c.size !== h.size || !bytesEqual(c.rootHash, h.root) || c.origin !== keys.origin) throw new Error('its text names another size, root or origin than the stored head');
  } catch (e) {
    findings.push({ check: 'head-signature', treeSize: h.size, message: `the stored head of size ${h.size} does not verify with the instance's trusted keys: ${(e as Error).message}` });
  }
}

function readPublished(keys: LogKeyring, findings: AuditFinding[]): { size: number; root: Uint8Array } | undefined {
  const text = readPublishedHead(keys.dir);
  if (!text) return undefined;
  try {
    const c = parseCheckpoint(openNote(text, keys.trusted).text);
    return { size: c.size, root: c.rootHash };
  } catch (e) {
    findings.push({ check: 'head-signature', message: `the published head file in ${keys.dir} does not verify: ${(e as Error).message}` });
    return undefined;
  }
}

/** Every logged annotation version still has the result it was logged with, and no version exists unlogged. */
async function checkAnnotationContent(database: Database, logged: Set<string>, findings: AuditFinding[]): Promise<void> {
  const seen = new Set<string>();
  // Logged results, re-hashed from the rows as they are now.
  let after: { id: string; version: number } | undefined;
  for (;;) {
    let q = database.db.selectFrom('annotation_versions').select(['annotation_id', 'version', 'result']).orderBy('annotation_id').orderBy('version').limit(BATCH);
    if (after) {
      const a = after;
      q = q.where((w) => w.or([w('annotation_id', '>', a.id), w.and([w('annotation_id', '=', a.id), w('version', '>', a.version)])]));
    }
    const rows = await q.execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const key = `${r.annotation_id}:${r.version}`;
      seen.add(key);
      if (!logged.has(key)) findings.push({ check: 'content-unlogged', subject: { type: 'annotation', id: r.annotation_id }, message: `annotation ${r.annotation_id} version ${r.version} has no log entry (written behind the application's back)` });
    }
    after = { id: rows.at(-1)!.annotation_id, version: rows.at(-1)!.version };
  }
  for (const key of logged) if (!seen.has(key)) {
    const [id] = key.split(':');
    findings.push({ check: 'content-missing', subject: { type: 'annotation', id: id! }, message: `annotation version ${key} is in the log but not in the database (deleted)` });
  }
  await checkAnnotationHashes(database, findings);
}

async function checkAnnotationHashes(database: Database, findings: AuditFinding[]): Promise<void> {
  let after = -1;
  for (;;) {
    const rows = await database.db
      .selectFrom('log_entries as e')
      .innerJoin('annotation_versions as v', (j) => j.on(sql<boolean>`v.annotation_id::text = e.subject_id AND v.version = ((e.event::jsonb) -> 'data' ->> 'version')::int`))
      .select(['e.leaf_index', 'e.event', 'v.version', 'v.result', 'v.annotation_id'])
      .where('e.kind', 'in', ['annotation.submit', 'annotation.edit'])
      .where('e.leaf_index', '>', String(after))
      .orderBy('e.leaf_index')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      after = Number(r.leaf_index);
      const event = JSON.parse(r.event) as { data: { resultSha256: string } };
      if (contentHash(r.result) !== event.data.resultSha256) {
        findings.push({ check: 'content-edited', index: after, subject: { type: 'annotation', id: r.annotation_id }, message: `annotation ${r.annotation_id} version ${r.version} was changed after it was logged at entry ${after}` });
      }
    }
  }
}

/** An import's tasks still hash to the logged root, and its original file is still the logged bytes. */
async function checkImport(database: Database, blobs: BlobStore, entry: ParsedEntry, findings: AuditFinding[]): Promise<void> {
  const importId = entry.event.subject.id;
  const data = entry.event.data as { tasksRoot: string; taskCount: number; sourceSha256: string };
  const digest = new TaskDigest();
  let after = '0';
  for (;;) {
    const rows = await database.db.selectFrom('tasks').select(['id', 'data']).where('import_id', '=', importId).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) break;
    for (const r of rows) digest.add(r.data);
    after = rows.at(-1)!.id;
  }
  if (digest.count !== data.taskCount || digest.root() !== data.tasksRoot) {
    findings.push({ check: 'content-edited', index: entry.index, subject: { type: 'import', id: importId }, message: `the tasks of import ${importId} (${digest.count} now, ${data.taskCount} logged) no longer hash to the root logged at entry ${entry.index}: a task was edited, added or deleted` });
  }
  const stream = await blobs.get(data.sourceSha256);
  if (!stream) {
    findings.push({ check: 'file-missing', index: entry.index, subject: { type: 'import', id: importId }, message: `the original file ${data.sourceSha256} of import ${importId} is missing from blob storage` });
    return;
  }
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual !== data.sourceSha256) {
    findings.push({ check: 'file-swapped', index: entry.index, subject: { type: 'import', id: importId }, message: `the original file of import ${importId} was swapped: its bytes hash to ${actual}, the log says ${data.sourceSha256}` });
  }
}

/** A dataset version's row and snapshot file are still what its entry logged. */
async function checkDatasetVersion(database: Database, blobs: BlobStore, entry: ParsedEntry, findings: AuditFinding[]): Promise<void> {
  const id = entry.event.subject.id;
  const subject = { type: 'dataset-version', id };
  const data = entry.event.data as { itemsRoot: string; itemCount: number; dataSha256: string };
  const row = await database.db.selectFrom('dataset_versions').select(['items_root', 'item_count', 'data_sha256']).where('id', '=', id).executeTakeFirst();
  if (!row) {
    findings.push({ check: 'content-missing', index: entry.index, subject, message: `dataset version ${id} is in the log (entry ${entry.index}) but not in the database` });
    return;
  }
  if (row.items_root !== data.itemsRoot || row.item_count !== data.itemCount || row.data_sha256 !== data.dataSha256) {
    findings.push({ check: 'content-edited', index: entry.index, subject, message: `dataset version ${id} was changed after it was logged at entry ${entry.index}` });
  }
  const stream = await blobs.get(data.dataSha256);
  if (!stream) {
    findings.push({ check: 'file-missing', index: entry.index, subject, message: `the snapshot file ${data.dataSha256} of dataset version ${id} is missing from blob storage` });
    return;
  }
  const hash = createHash('sha256');
  const leaves: Uint8Array[] = [];
  let carry = Buffer.alloc(0);
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    let buf = Buffer.concat([carry, chunk as Buffer]);
    let nl: number;
    while ((nl = buf.indexOf(0x0a)) !== -1) {
      leaves.push(merkleLeafHash(buf.subarray(0, nl)));
      buf = buf.subarray(nl + 1);
    }
    carry = buf;
  }
  if (carry.length > 0) leaves.push(merkleLeafHash(carry));
  const actual = hash.digest('hex');
  if (actual !== data.dataSha256 || itemsRootOfLeaves(leaves) !== data.itemsRoot) {
    findings.push({ check: 'file-swapped', index: entry.index, subject, message: `the snapshot file of dataset version ${id} was swapped: its records no longer match the items root logged at entry ${entry.index}` });
  }
}
