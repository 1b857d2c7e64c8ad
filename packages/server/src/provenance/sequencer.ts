import { sql } from 'kysely';
import {
  completedNodes,
  consistencyProofFromNodes,
  formatCheckpoint,
  merkleLeafHash,
  nodesForConsistency,
  nodesForRoot,
  rootFromNodes,
  signNote,
  verifyConsistency,
} from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { insertNodes, latestHead, logSize, nodeKey, nodeReader, readNodes } from '../repositories/log.repository.js';
import { logEntryText } from './log-entry.js';
import { writePublishedHead, type LogKeyring } from './log-keys.js';

/** Advisory lock id of the sequencer ("YGLG"): one sequencer at a time across every process of the instance. */
const SEQUENCER_LOCK = 0x59474c47;
const BATCH = 2000;
const utf8 = new TextEncoder();

/**
 * Turns queued events into log leaves, the way a transparency log's sequencer does. Every run is one
 * transaction under an advisory lock: it takes committed events in queue order, fixes each entry's bytes
 * (event + leaf index + sequencing time, canonical JSON: `logEntryText`), stores the perfect subtrees that
 * complete, and signs a checkpoint for the new size, but only after proving it consistent with the last
 * published head.
 * A crash anywhere rolls the whole run back; nothing is half-sequenced.
 */
export class LogSequencer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly database: Database,
    private readonly keys: LogKeyring,
  ) {}

  /** Sequences up to one batch; returns how many entries it added (0 when idle or another process holds the lock). */
  runOnce(): Promise<number> {
    // Within one process runs never overlap (PGlite has one connection, and the advisory lock is reentrant per session).
    this.running ??= this.database
      .system((tx) => this.sequenceBatch(tx))
      .then(({ count, checkpoint }) => {
        // Kept beside the keys only once committed: a file ahead of the database means a rollback happened.
        if (checkpoint) writePublishedHead(this.keys.dir, checkpoint);
        return count;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Sequences until the queue is empty (tests, the CLI, shutdown). */
  async flush(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      const n = await this.runOnce();
      if (n === 0 && !(await this.hasQueued())) return;
      if (n === 0) await new Promise((r) => setTimeout(r, 20));
    }
  }

  start(intervalMs = 250): void {
    const tick = (): void => {
      this.runOnce()
        .catch((e: unknown) => console.error(`[yungang] log sequencer: ${(e as Error).message}`))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, intervalMs).unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async hasQueued(): Promise<boolean> {
    const row = await this.database.db.selectFrom('log_entries').select('id').where('leaf_index', 'is', null).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  private async sequenceBatch(tx: Tx): Promise<{ count: number; checkpoint?: string }> {
    const lock = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) AS ok`.execute(tx);
    if (!lock.rows[0]?.ok) return { count: 0 };
    const queued = await tx.selectFrom('log_entries').select(['id', 'event']).where('leaf_index', 'is', null).orderBy('id').limit(BATCH).execute();
    if (queued.length === 0) return { count: 0 };
    const size = await logSize(tx);
    const nodes = await readNodes(tx, nodesForRoot(size));
    const read = nodeReader(nodes);
    // Sequencing time never goes backwards, even if this machine's clock does.
    const last = size === 0 ? undefined : await tx.selectFrom('log_entries').select('sequenced_at').where('leaf_index', '=', String(size - 1)).executeTakeFirst();
    const now = new Date(Math.max(Date.now(), last?.sequenced_at?.getTime() ?? 0));
    const sequencedAt = now.toISOString();
    const fresh: { level: number; index: number; hash: Uint8Array }[] = [];
    const ids: string[] = [];
    const indexes: string[] = [];
    const entries: string[] = [];
    queued.forEach((q, k) => {
      const index = size + k;
      const entry = logEntryText(q.event, index, sequencedAt);
      for (const n of completedNodes(index, merkleLeafHash(utf8.encode(entry)), read)) {
        nodes.set(nodeKey(n.level, n.index), n.hash);
        fresh.push(n);
      }
      ids.push(q.id);
      indexes.push(String(index));
      entries.push(entry);
    });
    await insertNodes(tx, fresh);
    await sql`
      UPDATE log_entries e SET leaf_index = v.leaf_index, entry = v.entry, sequenced_at = ${now}
      FROM unnest(${ids}::bigint[], ${indexes}::bigint[], ${entries}::text[]) AS v(id, leaf_index, entry)
      WHERE e.id = v.id`.execute(tx);
    const newSize = size + queued.length;
    const checkpoint = await this.publish(tx, newSize, rootFromNodes(newSize, read), nodes);
    return { count: queued.length, checkpoint };
  }

  /** Signs and stores the checkpoint for `size`, refusing one that does not extend the last published head. */
  private async publish(tx: Tx, size: number, root: Uint8Array, known: Map<string, Uint8Array>): Promise<string> {
    const previous = await latestHead(tx);
    if (previous) {
      const oldSize = Number(previous.tree_size);
      const missing = nodesForConsistency(oldSize, size).filter((n) => !known.has(nodeKey(n.level, n.index)));
      for (const [k, v] of await readNodes(tx, missing)) known.set(k, v);
      const proof = consistencyProofFromNodes(oldSize, size, nodeReader(known));
      if (!verifyConsistency(oldSize, size, new Uint8Array(previous.root_hash), root, proof)) {
        throw new Error(`refusing to sign a head of size ${size}: it is not consistent with the published head of size ${oldSize} (the stored log was changed)`);
      }
    }
    const checkpoint = signNote(formatCheckpoint({ origin: this.keys.origin, size, rootHash: root }), this.keys.signerKey);
    await tx.insertInto('log_heads').values({ tree_size: String(size), root_hash: root, checkpoint }).execute();
    return checkpoint;
  }
}
