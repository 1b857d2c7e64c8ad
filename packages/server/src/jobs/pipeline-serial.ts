import { createPipeline, isAudioOperator, isImageOperator, mergeOperatorStats, specAt, splitRun, type DroppedBy, type PipelineStats, type ProcessResult } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Database, Tx } from '../db/database.js';
import { AUDIO_EXAMPLES } from '../media/audio-stage.js';
import { IMAGE_EXAMPLES } from '../media/image-stage.js';
import type { JobRun } from './job-handler.js';
import { outputRecordsOf, SPLIT_KEY, SPLIT_PIECES_KEY, type RunTotals } from './pipeline-record.js';
import { DERIVED_AUDIO_KEY, DERIVED_KEY, derivedAudioName, publish, publishedImport, throwIfAborted, type PipelineCheckpoint, type PipelinePayload } from './pipeline-job.js';
import { insertDerivedMedia, type StoredDerivedImage } from '../media/derived-image.js';
import { insertDerivedAudioMedia, type StoredDerivedAudio } from '../media/derived-audio.js';
import type { PipelineShardPayload, PipelineShardResult } from './pipeline-shard-job.js';

const BATCH = 500;
/** Examples a text operator keeps in a run (core's default). */
const TEXT_EXAMPLES = 3;

/** One input's outcome after the shards' operators (what its shard stored). */
interface ShardItem {
  input_task_id: string;
  outcome: string;
  dropped_by: unknown;
  output: Record<string, unknown> | null;
}

interface Outcome {
  outcome: 'kept' | 'changed' | 'dropped';
  droppedBy: unknown;
  output: Record<string, unknown> | null;
}

/** The changed media a shard stored for an input, whose media rows the serial part adds. */
interface Derived {
  image?: StoredDerivedImage | undefined;
  audio?: StoredDerivedAudio[] | undefined;
}

/**
 * The serial part of a split run (docs/pipelines.md, "Splitting a run"), run by the run's own job once all
 * its shards have ended: it reads the shards' outcomes in task order, runs the text operators core's
 * `splitRun` left to it (the first dedup and what follows; after image or audio operators, every text
 * operator) over what they kept, and stores each input's final outcome in `pipeline_items` under the run's
 * job as an unsplit run does (`SpecRunner.process`, whose rules this follows); then it publishes the same
 * way. Counts, examples, outcomes, outputs and their order are an unsplit run's: records keep their run
 * positions, and the shards' counts and examples merge in task order. On resume, the inputs already done
 * are fed through the serial operators again without writing, which rebuilds dedup state and counts.
 */
export async function runSerialPart(database: Database, blobs: BlobStore, run: JobRun, payload: PipelinePayload): Promise<Record<string, unknown>> {
  const scope = { orgId: run.job.orgId };
  const shards = await database.tenant(scope, (tx) => shardJobs(tx, run.job.id));
  const notDone = shards.find((s) => s.status !== 'succeeded');
  if (notDone || shards.length !== payload.shards) {
    throw new Error(notDone ? `shard ${notDone.index + 1} of ${payload.shards} ${notDone.status}${notDone.error ? `: ${notDone.error}` : ''}` : `the run has ${shards.length} shard jobs, not ${payload.shards}`);
  }
  const shardIds = shards.map((s) => s.id);
  const spec = payload.spec;
  const split = splitRun(spec, payload.shards ?? 1);
  const examples = split.parallel.map((i) => (isImageOperator(spec.operators[i]!) ? IMAGE_EXAMPLES : isAudioOperator(spec.operators[i]!) ? AUDIO_EXAMPLES : TEXT_EXAMPLES));
  const parallelStats = mergeOperatorStats(
    shards.map((s) => s.result.operators),
    examples,
  );
  const text = split.serial.length > 0 ? createPipeline(specAt(spec, split.serial), { pseudonymKey: Buffer.from(payload.pseudonymKey, 'hex'), ...(payload.wordLists ? { wordLists: payload.wordLists } : {}) }) : null;
  const audio = spec.operators.some((op) => isAudioOperator(op));
  const totals: RunTotals = { records: 0, kept: 0, changed: 0, dropped: 0 };
  const total = shards.reduce((n, s) => n + s.result.records, 0);
  const stats = (): PipelineStats => {
    const serialStats = text?.stats().operators ?? [];
    return { ...totals, operators: spec.operators.map((_, i) => (split.parallel.includes(i) ? parallelStats[split.parallel.indexOf(i)]! : serialStats[split.serial.indexOf(i)]!)) };
  };
  /** A text drop, with the operator's place in the whole spec. */
  const dropOf = (result: ProcessResult & { status: 'dropped' }): DroppedBy => ({ ...result.droppedBy, operator: split.serial[result.droppedBy.operator]! });

  /** One input through the serial operators, at its run position, with the changed media whose rows to add. */
  const next = (stored: ShardItem): Outcome & Derived => {
    const { [DERIVED_KEY]: image, [DERIVED_AUDIO_KEY]: audioPieces, ...output } = stored.output ?? {};
    const outcome = follow({ ...stored, output: stored.output === null ? null : output });
    // As an unsplit run: a changed image's media row only for a record it keeps; a recording's whenever the audio operators kept it.
    return { ...outcome, image: outcome.outcome !== 'dropped' ? (image as StoredDerivedImage | undefined) : undefined, audio: audioPieces as StoredDerivedAudio[] | undefined };
  };
  const follow = (item: ShardItem): Outcome => {
    const index = totals.records++;
    if (item.outcome === 'dropped' || item.output === null) {
      totals.dropped++;
      return { outcome: 'dropped', droppedBy: item.dropped_by, output: null };
    }
    const at = split.numbering === 'run' ? index : undefined;
    let outcome: 'kept' | 'changed' = item.outcome === 'changed' ? 'changed' : 'kept';
    if (!text) {
      totals[outcome]++;
      return { outcome, droppedBy: null, output: item.output };
    }
    if (!audio) {
      const result = text.process(item.output, at);
      if (result.status === 'dropped') {
        totals.dropped++;
        return { outcome: 'dropped', droppedBy: dropOf(result), output: null };
      }
      if (result.status === 'changed') outcome = 'changed';
      totals[outcome]++;
      return { outcome, droppedBy: null, output: result.record };
    }
    // After audio operators: the text operators see each utterance (the records the shard stored).
    const pieces = outputRecordsOf(item.output);
    const outputs: Record<string, unknown>[] = [];
    let firstDrop: (DroppedBy & { audioPieces: number }) | undefined;
    for (const piece of pieces) {
      const result = text.process(piece, at);
      if (result.status === 'dropped') {
        firstDrop ??= { ...dropOf(result), audioPieces: pieces.length };
        continue;
      }
      if (result.status === 'changed') outcome = 'changed';
      outputs.push(result.record);
    }
    if (outputs.length === 0) {
      totals.dropped++;
      return { outcome: 'dropped', droppedBy: firstDrop!, output: null };
    }
    totals[outcome]++;
    return { outcome, droppedBy: null, output: pieces.length > 1 ? { [SPLIT_KEY]: outputs, [SPLIT_PIECES_KEY]: pieces.length } : outputs[0]! };
  };

  const checkpoint: PipelineCheckpoint = (run.job.checkpoint as PipelineCheckpoint | null) ?? { lastTaskId: null, done: 0 };
  let last: string | null = null;
  while (checkpoint.lastTaskId !== null) {
    throwIfAborted(run.signal);
    const upTo = checkpoint.lastTaskId;
    const batch = await database.tenant(scope, (tx) => shardItems(tx, shardIds, last, 2_000, upTo));
    if (batch.length === 0) break;
    for (const item of batch) next(item);
    last = batch[batch.length - 1]!.input_task_id;
  }
  last = checkpoint.lastTaskId;
  let done = checkpoint.done;
  while (!checkpoint.published) {
    throwIfAborted(run.signal);
    const batch = await database.tenant(scope, (tx) => shardItems(tx, shardIds, last, BATCH));
    if (batch.length === 0) break;
    const outcomes = batch.map((item) => ({ id: item.input_task_id, out: next(item) }));
    await run.step(async (tx) => {
      const target = { orgId: run.job.orgId, projectId: payload.targetProjectId, createdBy: run.job.createdBy };
      for (const { id, out } of outcomes) {
        if (out.image) await insertDerivedMedia(tx, out.image, { ...target, name: `pipeline-${run.job.id}-${id}` });
        for (const [k, derived] of (out.audio ?? []).entries()) await insertDerivedAudioMedia(tx, derived, { ...target, name: derivedAudioName(run.job.id, id, k, out.audio!.length, derived) });
      }
      const items = outcomes.map(({ id, out }) => ({
        job_id: run.job.id,
        org_id: run.job.orgId,
        input_task_id: id,
        outcome: out.outcome,
        dropped_by: out.droppedBy === null ? null : JSON.stringify(out.droppedBy),
        output: out.output === null ? null : JSON.stringify(out.output),
      }));
      await tx.insertInto('pipeline_items').values(items).execute();
      last = batch[batch.length - 1]!.input_task_id;
      done += batch.length;
      return { done, total: Math.max(total, done), checkpoint: { lastTaskId: last, done } satisfies PipelineCheckpoint, summary: stats() };
    });
  }
  const final = stats();
  const published = checkpoint.published ? await publishedImport(database, scope, run.job.id) : await publish(database, blobs, run, payload, final, { lastTaskId: last, done });
  return { targetProjectId: payload.targetProjectId, ...published, records: final.records, kept: final.kept, changed: final.changed, dropped: final.dropped, shards: payload.shards };
}

interface ShardJob {
  id: string;
  index: number;
  status: string;
  error: string | null;
  result: PipelineShardResult;
}

/** The run's shard jobs, in shard (task range) order. */
async function shardJobs(tx: Tx, parentId: string): Promise<ShardJob[]> {
  const rows = await tx.selectFrom('jobs').select(['id', 'status', 'error', 'result', 'payload']).where('parent_id', '=', parentId).execute();
  return rows.map((r) => ({ id: r.id, index: (r.payload as PipelineShardPayload).index, status: r.status, error: r.error, result: r.result as PipelineShardResult })).sort((a, b) => a.index - b.index);
}

/** The shards' stored outcomes after `after` (and up to `upTo`), in task order across shards. */
function shardItems(tx: Tx, shardIds: string[], after: string | null, limit: number, upTo?: string): Promise<ShardItem[]> {
  let query = tx.selectFrom('pipeline_items').select(['input_task_id', 'outcome', 'dropped_by', 'output']).where('job_id', 'in', shardIds).orderBy('input_task_id').limit(limit);
  if (after !== null) query = query.where('input_task_id', '>', after);
  if (upTo !== undefined) query = query.where('input_task_id', '<=', upTo);
  return query.execute() as Promise<ShardItem[]>;
}
