/**
 * Where synthesis jobs (augmentation, text and speech synthesis) put what they make: one import per run in
 * the target project, whose source blob is the run's parameters, tasks added batch by batch inside the
 * job's steps (so a crash neither loses nor doubles one), predictions for their labels, and at the end the
 * import's task count, an audit row and the transparency-log entry over every task it made.
 */
import { Readable } from 'node:stream';
import type { Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { insertImport } from '../repositories/tasks.repository.js';
import { insertTasksReturningIds } from '../repositories/predictions.repository.js';
import { setImportTaskCount } from '../repositories/media.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { importEvent, TaskDigest } from '../provenance/log-events.js';
import { randomUUID } from 'node:crypto';
import type { JobRecord } from './job-handler.js';

/** Task-data key holding an item's synthetic mark (core `syntheticMark`): generator, parameters, source task. */
export const SYNTHETIC_KEY = '_synthetic';

export interface SyntheticImport {
  importId: string;
  sourceSha256: string;
  sourceBytes: number;
}

/** Stores the run's parameters as the import's source blob (before any step; a crash leaves at most an unused blob). */
export async function storeRunSource(blobs: BlobStore, kind: string, job: JobRecord, payload: unknown): Promise<SyntheticImport> {
  const ref = await blobs.put(Readable.from([Buffer.from(JSON.stringify({ kind, jobId: job.id, payload }))]));
  return { importId: randomUUID(), sourceSha256: ref.sha256, sourceBytes: ref.size };
}

/** Creates the import row (in the first step, so it commits with the first tasks). */
export async function insertSyntheticImport(tx: Tx, job: JobRecord, projectId: string, format: string, imp: SyntheticImport): Promise<void> {
  await insertImport(tx, { id: imp.importId, orgId: job.orgId, projectId, fileName: `${format}-${job.id}.json`, format, taskCount: 0, createdBy: job.createdBy, source: { sha256: imp.sourceSha256, size: imp.sourceBytes } });
}

export interface SyntheticTask {
  data: Record<string, unknown>;
  /** Labels for the task, stored as a prediction of `modelVersion`. */
  prediction?: { result: unknown[]; modelVersion: string };
}

/** Adds tasks (with their predictions) to the import; returns their ids in order. */
export async function insertSyntheticTasks(tx: Tx, job: JobRecord, projectId: string, importId: string, tasks: readonly SyntheticTask[]): Promise<string[]> {
  const ids = await insertTasksReturningIds(tx, tasks.map((t) => ({ orgId: job.orgId, projectId, importId, data: t.data })));
  const predictions = tasks.flatMap((t, i) =>
    t.prediction && t.prediction.result.length > 0
      ? [{ id: randomUUID(), org_id: job.orgId, project_id: projectId, task_id: ids[i]!, import_id: importId, result: JSON.stringify(t.prediction.result), model_version: t.prediction.modelVersion, score: null, created_by: job.createdBy }]
      : [],
  );
  if (predictions.length > 0) await tx.insertInto('predictions').values(predictions).execute();
  return ids;
}

/** The last step's writes: the import's final count, the audit row and the log entry over every task of the import. */
export async function finishSyntheticImport(tx: Tx, job: JobRecord, projectId: string, format: string, imp: SyntheticImport, details: Record<string, unknown>): Promise<number> {
  const digest = new TaskDigest();
  let after: string | null = null;
  for (;;) {
    let query = tx.selectFrom('tasks').select(['id', 'data']).where('import_id', '=', imp.importId).orderBy('id').limit(1_000);
    if (after !== null) query = query.where('id', '>', after);
    const batch = await query.execute();
    if (batch.length === 0) break;
    for (const task of batch) digest.add(task.data);
    after = batch[batch.length - 1]!.id;
  }
  await setImportTaskCount(tx, imp.importId, digest.count);
  await appendAudit(tx, { orgId: job.orgId, userId: job.createdBy, action: 'task.import', objectType: 'project', objectId: projectId, details: { importId: imp.importId, count: digest.count, format, jobId: job.id, sourceSha256: imp.sourceSha256, ...details } });
  await appendLogEvent(tx, importEvent({ orgId: job.orgId, actorId: job.createdBy }, { importId: imp.importId, projectId, format, fileName: `${format}-${job.id}.json`, sourceSha256: imp.sourceSha256, sourceBytes: imp.sourceBytes, taskCount: digest.count, tasksRoot: digest.root() }));
  return digest.count;
}
