import {
  base64,
  consistencyProofFromNodes,
  inclusionProofFromNodes,
  nodesForConsistency,
  nodesForInclusion,
  openNote,
  parseCheckpoint,
  verifyConsistency,
  type ConsistencyProofDto,
  type HistoryDto,
  type HistorySubject,
  type InclusionProofDto,
  type LogEntryDto,
  type LogKeysDto,
} from '@yungang/core';
import type { Database } from '../db/database.js';
import { AppError, badRequest, notFound } from '../http/app-error.js';
import { appendLogEvent, headAt, latestHead, nodeKey, nodeReader, readNodes } from '../repositories/log.repository.js';
import { readPublishedHead, type LogKeyring } from '../provenance/log-keys.js';
import type { LogSequencer } from '../provenance/sequencer.js';
import { isTaskId, isUuid } from '../db/ids.js';
import { findTask } from '../repositories/tasks.repository.js';
import { findAnnotation } from '../repositories/annotations.repository.js';
import { findProject } from '../repositories/projects.repository.js';
import { findDatasetVersion } from '../repositories/datasets.repository.js';
import { requirePermission, type TenantContext } from './context.js';

/**
 * Reads of the transparency log. Checkpoints and proofs hold only hashes, so they are public, as in
 * Certificate Transparency: anyone (a witness, a buyer with a bundle) can check the log without an
 * account. Entries and histories carry tenant data and stay behind the tenant wall.
 */
export class LogService {
  /** The largest head this process has served: it never serves one that does not extend it. */
  private served: { size: number; root: Uint8Array } | undefined;

  constructor(
    private readonly database: Database,
    readonly keys: LogKeyring,
    readonly sequencer: LogSequencer,
  ) {
    const file = readPublishedHead(keys.dir);
    if (file) {
      try {
        const c = parseCheckpoint(openNote(file, keys.trusted).text);
        this.served = { size: c.size, root: c.rootHash };
      } catch {
        // An unreadable head file is reported by the audit; serving starts from the database's heads.
      }
    }
  }

  publicKeys(): LogKeysDto {
    return { origin: this.keys.origin, trusted: this.keys.trusted, revoked: this.keys.revoked };
  }

  /** The newest signed checkpoint, after checking it verifies and extends every head served before. */
  async checkpoint(): Promise<string> {
    const head = await latestHead(this.database.db);
    if (!head) {
      await this.sequencer.flush();
    }
    const latest = head ?? (await latestHead(this.database.db));
    if (!latest) throw notFound('checkpoint (the log is empty)');
    const size = Number(latest.tree_size);
    const root = new Uint8Array(latest.root_hash);
    try {
      openNote(latest.checkpoint, this.keys.trusted);
    } catch (e) {
      throw new AppError('internal', `the stored checkpoint of size ${size} does not verify with the instance keys (${(e as Error).message}); run \`yungang audit\``);
    }
    if (this.served) {
      const { size: oldSize, root: oldRoot } = this.served;
      const consistent = size >= oldSize && verifyConsistency(oldSize, size, oldRoot, root, await this.consistencyHashes(oldSize, size));
      if (!consistent) {
        throw new AppError('internal', `refusing to serve the head of size ${size}: it does not extend the head of size ${oldSize} published before (the log was rolled back or forked); run \`yungang audit\``);
      }
    }
    this.served = { size, root };
    return latest.checkpoint;
  }

  async inclusion(index: number, treeSize?: number): Promise<InclusionProofDto> {
    const head = treeSize === undefined ? await latestHead(this.database.db) : await headAt(this.database.db, treeSize);
    if (!head) throw notFound(treeSize === undefined ? 'checkpoint (the log is empty)' : `published checkpoint of size ${treeSize}`, { treeSize });
    const size = Number(head.tree_size);
    if (index >= size) throw badRequest(`entry ${index} is not in the tree of size ${size}; ask again once it is sequenced, or name a larger treeSize`, { index, treeSize: size });
    const nodes = await readNodes(this.database.db, nodesForInclusion(index, size));
    const leaf = nodes.get(nodeKey(0, index));
    const leafHash = leaf ?? (await readNodes(this.database.db, [{ level: 0, index }])).get(nodeKey(0, index));
    if (!leafHash) throw notFound(`log entry ${index}`);
    const proof = inclusionProofFromNodes(index, size, nodeReader(nodes));
    return { index, treeSize: size, leafHash: base64(leafHash), proof: proof.map(base64), checkpoint: head.checkpoint };
  }

  async consistency(from: number, to: number): Promise<ConsistencyProofDto> {
    if (from > to) throw badRequest(`"from" (${from}) must not exceed "to" (${to})`, { from, to });
    const head = await latestHead(this.database.db);
    const size = head ? Number(head.tree_size) : 0;
    if (to > size) throw badRequest(`the log has ${size} published entries; "to" (${to}) is beyond it`, { to, size });
    const proof = await this.consistencyHashes(from, to);
    return { from, to, proof: proof.map(base64) };
  }

  /** Who did what to a task, annotation, project or dataset version, oldest first, with each entry's log position. */
  async history(ctx: TenantContext, subject: HistorySubject, id: string): Promise<HistoryDto> {
    requirePermission(ctx, 'task.read');
    if (subject === 'task' ? !isTaskId(id) : !isUuid(id)) throw notFound(subject, { id });
    const rows = await this.database.tenant(ctx, async (tx) => {
      // The subject must exist in this organisation: an empty history is 200, someone else's is 404.
      const exists =
        subject === 'task' ? await findTask(tx, id) : subject === 'annotation' ? await findAnnotation(tx, id) : subject === 'project' ? await findProject(tx, id) : await findDatasetVersion(tx, id);
      if (!exists) throw notFound(subject, { id });
      let q = tx
        .selectFrom('log_entries as l')
        .leftJoin('users as u', 'u.id', 'l.actor_id')
        .select(['l.leaf_index', 'l.kind', 'l.created_at', 'l.actor_id', 'u.email', 'l.subject_type', 'l.subject_id', 'l.event', 'l.entry']);
      if (subject === 'task') q = q.where((w) => w.or([w('l.task_id', '=', id), w.and([w('l.subject_type', '=', 'task'), w('l.subject_id', '=', id)])]));
      else if (subject === 'project') q = q.where((w) => w.or([w('l.project_id', '=', id), w.and([w('l.subject_type', '=', 'project'), w('l.subject_id', '=', id)])]));
      else q = q.where('l.subject_type', '=', subject).where('l.subject_id', '=', id);
      return q.orderBy('l.id').limit(1000).execute();
    });
    const items: LogEntryDto[] = rows.map((r) => {
      const event = JSON.parse(r.event) as { at: string; data: unknown };
      return {
        index: r.leaf_index === null ? null : Number(r.leaf_index),
        kind: r.kind,
        at: event.at,
        actorId: r.actor_id,
        actorEmail: r.email,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        data: event.data,
        entry: r.entry,
      };
    });
    return { subjectType: subject, subjectId: id, items };
  }

  /** Logs a change of the instance's signing keys (an instance event: no organisation), and seals it into a head. */
  async recordKeyChange(kind: 'key.rotate' | 'key.revoke', data: { active: string; revoked: string[] }): Promise<void> {
    await this.database.system((tx) => appendLogEvent(tx, { kind, orgId: null, actorId: null, subject: { type: 'log-key', id: data.active }, data }));
    await this.sequencer.flush();
  }

  private async consistencyHashes(from: number, to: number): Promise<Uint8Array[]> {
    const nodes = await readNodes(this.database.db, nodesForConsistency(from, to));
    return consistencyProofFromNodes(from, to, nodeReader(nodes));
  }
}
