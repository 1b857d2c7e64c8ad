import type { Tx } from '../db/database.js';

/**
 * Durable background jobs (docs/jobs.md). A job is a row in `jobs`; any server or `yungang worker`
 * process leases it, runs its handler and renews the lease while it works. If the process dies, the
 * lease runs out and another process resumes the job from its last checkpoint.
 *
 * Exactly-once output comes from `JobRun.step`: a handler writes one batch of output and the checkpoint
 * that says "this batch is written" in the same transaction, so a crash either loses both (the batch is
 * redone) or keeps both (the batch is skipped on resume). Never write output outside a step.
 */
export interface JobRecord {
  id: string;
  orgId: string;
  projectId: string | null;
  kind: string;
  /** What the job was asked to do, as validated by the handler when it was enqueued. */
  payload: unknown;
  /** The last committed checkpoint (null before the first step). */
  checkpoint: unknown;
  createdBy: string | null;
  /** 1 on the first run, 2 after one resume, ... */
  attempt: number;
}

export interface JobProgress {
  /** Units done so far (items, tasks, records): shown as a progress bar with `total`. */
  done: number;
  total?: number | undefined;
  /** Where to resume; stored with the step's output in one transaction. */
  checkpoint: unknown;
  /** A small JSON summary shown with the job (counts, examples); replaces the previous one. */
  summary?: unknown;
}

export class JobLeaseLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} is no longer held by this process (cancelled, or its lease expired and another process took it)`);
    this.name = 'JobLeaseLostError';
  }
}

export interface JobRun {
  readonly job: JobRecord;
  /** Aborted when the job is cancelled or this process loses its lease; long waits should pass it on. */
  readonly signal: AbortSignal;
  /**
   * Runs `work` in one tenant transaction of the job's organisation and, in the same transaction,
   * stores the progress and checkpoint it returns, but only while this process still holds the job's
   * lease: otherwise everything rolls back and `JobLeaseLostError` is thrown.
   */
  step(work: (tx: Tx) => Promise<JobProgress>): Promise<void>;
}

export interface JobHandler {
  /** Unique name, e.g. `preannotate`, `pipeline`. */
  readonly kind: string;
  /** Runs (or resumes, from `run.job.checkpoint`) the job; the value returned is stored as its result. */
  run(run: JobRun): Promise<unknown>;
}
