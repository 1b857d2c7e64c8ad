import { sql } from 'kysely';
import { canonicalJson } from '@yungang/core';
import type { Tx } from '../db/database.js';

/** What an act records in the transparency log; the content hashes in `data` are what the log vouches for. */
export interface LogEvent {
  kind: string;
  orgId: string | null;
  actorId: string | null;
  subject: { type: string; id: string };
  projectId?: string | undefined;
  taskId?: string | undefined;
  data: Record<string, unknown>;
}

/**
 * Queues an event in the caller's transaction: it is logged if and only if the act commits. The
 * sequencer later gives it a leaf index; until then it is only a row the request role cannot change.
 */
export async function appendLogEvent(tx: Tx, e: LogEvent): Promise<void> {
  await appendLogEvents(tx, [e]);
}

export async function appendLogEvents(tx: Tx, events: readonly LogEvent[]): Promise<void> {
  if (events.length === 0) return;
  const at = new Date().toISOString();
  await tx
    .insertInto('log_entries')
    .values(events.map((e) => logEntryRow(e, at)))
    .execute();
}

/** The queued row for an event stamped `at`; also used where the queue insert rides in another statement's CTE. */
export function logEntryRow(e: LogEvent, at: string) {
  return {
    org_id: e.orgId,
    kind: e.kind,
    subject_type: e.subject.type,
    subject_id: e.subject.id,
    project_id: e.projectId ?? null,
    task_id: e.taskId ?? null,
    actor_id: e.actorId,
    event: canonicalJson(eventBody(e, at)),
  };
}

/** The event as logged: everything that identifies the act, nothing that is not covered by the hash. */
export function eventBody(e: LogEvent, at: string): Record<string, unknown> {
  return {
    kind: e.kind,
    org: e.orgId,
    actor: e.actorId,
    at,
    subject: e.subject,
    ...(e.projectId !== undefined ? { project: e.projectId } : {}),
    ...(e.taskId !== undefined ? { task: e.taskId } : {}),
    data: e.data,
  };
}

export interface NodeKey {
  level: number;
  index: number;
}

/** Reads stored perfect-subtree hashes, keyed "level:index". */
export async function readNodes(tx: Tx, ids: readonly NodeKey[]): Promise<Map<string, Uint8Array>> {
  const map = new Map<string, Uint8Array>();
  if (ids.length === 0) return map;
  const unique = [...new Map(ids.map((n) => [nodeKey(n.level, n.index), n])).values()];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await tx
      .selectFrom('log_nodes')
      .select(['level', 'idx', 'hash'])
      .where(sql<boolean>`(level, idx) IN (${sql.join(chunk.map((n) => sql`(${n.level}::int, ${String(n.index)}::bigint)`))})`)
      .execute();
    for (const r of rows) map.set(nodeKey(r.level, Number(r.idx)), new Uint8Array(r.hash));
  }
  return map;
}

export function nodeKey(level: number, index: number): string {
  return `${level}:${index}`;
}

/** A NodeReader over fetched nodes; a missing node means the stored tree is damaged. */
export function nodeReader(nodes: ReadonlyMap<string, Uint8Array>) {
  return (level: number, index: number): Uint8Array => {
    const hash = nodes.get(nodeKey(level, index));
    if (!hash) throw new Error(`log node ${level}:${index} is missing from the store; run \`yungang audit\``);
    return hash;
  };
}

export async function insertNodes(tx: Tx, nodes: readonly { level: number; index: number; hash: Uint8Array }[]): Promise<void> {
  for (let i = 0; i < nodes.length; i += 1000) {
    await tx
      .insertInto('log_nodes')
      .values(nodes.slice(i, i + 1000).map((n) => ({ level: n.level, idx: String(n.index), hash: n.hash })))
      .execute();
  }
}

/** The next leaf index: one past the highest sequenced entry. */
export async function logSize(tx: Tx): Promise<number> {
  const row = await tx.selectFrom('log_entries').select(sql<string | null>`max(leaf_index)`.as('last')).executeTakeFirstOrThrow();
  return row.last === null ? 0 : Number(row.last) + 1;
}

export async function latestHead(tx: Tx) {
  return tx.selectFrom('log_heads').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
}

export async function headAt(tx: Tx, size: number) {
  return tx.selectFrom('log_heads').selectAll().where('tree_size', '=', String(size)).executeTakeFirst();
}
