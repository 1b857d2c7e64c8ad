import { sql } from 'kysely';
import type { OperatorStats, PipelineSpec } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Database } from '../db/database.js';
import type { JobHandler } from './job-handler.js';
import { SpecRunner } from './pipeline-record.js';
import { countTasks, processTasks, type PipelineCheckpoint, type TaskRange } from './pipeline-job.js';

export const PIPELINE_SHARD_JOB = 'pipeline-shard';

/**
 * One shard of a split pipeline run (docs/pipelines.md, "Splitting a run"): the operators at `parallel`
 * (core `splitRun`) over the source tasks with `from <= id < until`, ascending.
 */
export interface PipelineShardPayload extends TaskRange {
  /** The run's own job (kind `pipeline`), which runs the serial part once every shard has ended. */
  parentJobId: string;
  /** 0-based position of this shard; shards hold ascending, disjoint task ranges. */
  index: number;
  shards: number;
  sourceProjectId: string;
  targetProjectId: string;
  /** The run's whole spec; the shard runs the operators at `parallel`. */
  spec: PipelineSpec;
  parallel: number[];
  wordLists?: Record<string, string[]> | undefined;
  /** The run's pseudonym key: every shard pseudonymises a value as the others do. */
  pseudonymKey: string;
  imageField?: string | undefined;
  audioField?: string | undefined;
}

/** What a finished shard leaves for the serial part: how many tasks it did, and its operators' counts and examples (spec order). */
export interface PipelineShardResult {
  records: number;
  operators: OperatorStats[];
}

/**
 * Runs one shard as an unsplit run runs its tasks (`processTasks`: outcomes in `pipeline_items` under the
 * shard's job id, with the checkpoint; on resume the done tasks are replayed to rebuild the counts), but
 * numbers its records by their place in the whole run, so examples name what an unsplit run names, and adds
 * each step's tasks to the run's progress (`done` of the parent job) in the step's transaction.
 * Changed images and recordings are stored as blobs here; the serial part adds their media rows.
 */
export function pipelineShardJobHandler(database: Database, blobs: BlobStore): JobHandler {
  return {
    kind: PIPELINE_SHARD_JOB,
    async run(run): Promise<PipelineShardResult> {
      const payload = run.job.payload as PipelineShardPayload;
      const firstIndex = payload.from === null ? 0 : await database.tenant({ orgId: run.job.orgId }, (tx) => countTasks(tx, payload.sourceProjectId, payload, true));
      const options = { pseudonymKey: Buffer.from(payload.pseudonymKey, 'hex'), firstIndex, ...(payload.wordLists ? { wordLists: payload.wordLists } : {}) };
      const runner = new SpecRunner(payload.spec, payload.imageField, options, payload.audioField, payload.parallel);
      const checkpoint: PipelineCheckpoint = (run.job.checkpoint as PipelineCheckpoint | null) ?? { lastTaskId: null, done: 0 };
      const { done } = await processTasks(database, blobs, run, runner, checkpoint, {
        sourceProjectId: payload.sourceProjectId,
        targetProjectId: payload.targetProjectId,
        range: payload,
        mediaName: payload.parentJobId,
        deferMedia: true,
        onStep: async (tx, tasks) => {
          await tx.updateTable('jobs').set({ done: sql`done + ${tasks}`, updated_at: sql`now()` }).where('id', '=', payload.parentJobId).execute();
        },
      });
      return { records: done, operators: runner.stats().operators };
    },
  };
}
