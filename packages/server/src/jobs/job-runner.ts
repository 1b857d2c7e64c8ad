import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../db/database.js';
import { claimJob, commitStep, finishJob, releaseJob, renewLease } from '../repositories/jobs.repository.js';
import { JobLeaseLostError, type JobHandler, type JobRecord, type JobRun } from './job-handler.js';

export interface JobRunnerOptions {
  /** Jobs run at the same time by this process. */
  concurrency?: number;
  /** How long a lease lasts without renewal; a dead process's jobs resume after this. */
  leaseMs?: number;
  /** How often to look for work when idle. */
  pollMs?: number;
  /** Where problems are reported (default: console). */
  log?: (level: 'info' | 'error', message: string) => void;
}

/**
 * Runs durable jobs in this process: claims, heartbeats, runs the handler, ends the job. The same class
 * runs inside `yungang serve` (embedded: the only worker) and in `yungang worker` processes.
 */
export class JobRunner {
  /** Unique per process and runner, so a restarted process never mistakes an old lease for its own. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly handlers: Map<string, JobHandler>;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly log: (level: 'info' | 'error', message: string) => void;
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly database: Database,
    handlers: readonly JobHandler[],
    options: JobRunnerOptions = {},
  ) {
    this.handlers = new Map(handlers.map((h) => [h.kind, h]));
    this.concurrency = options.concurrency ?? 1;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.log = options.log ?? ((level, message) => (level === 'error' ? console.error : console.log)(`[yungang] ${message}`));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.claimLoop();
  }

  /** Looks for work now instead of at the next poll (called after enqueueing in this process). */
  wake(): void {
    this.wakeUp?.();
  }

  /** How many jobs this process is running now. */
  get busy(): number {
    return this.active.size;
  }

  /**
   * Stops claiming, asks running jobs to stop and gives them back to the queue, so another process
   * resumes them at once from their last checkpoint instead of waiting for the lease to run out.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    for (const { controller } of this.active.values()) controller.abort(new Error('the worker is shutting down'));
    await Promise.all([...this.active.values()].map((a) => a.done));
  }

  private async claimLoop(): Promise<void> {
    while (this.running) {
      let claimed = false;
      if (this.active.size < this.concurrency) {
        try {
          const job = await claimJob(this.database.db, this.owner, [...this.handlers.keys()], this.leaseMs);
          if (job) {
            claimed = true;
            this.begin(job);
          }
        } catch (e) {
          this.log('error', `job queue: ${(e as Error).message}`);
        }
      }
      if (!claimed && this.running) await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private begin(job: JobRecord): void {
    const controller = new AbortController();
    const done = this.execute(job, controller).finally(() => {
      this.active.delete(job.id);
      this.wake();
    });
    this.active.set(job.id, { controller, done });
  }

  private async execute(job: JobRecord, controller: AbortController): Promise<void> {
    const handler = this.handlers.get(job.kind);
    if (!handler) return;
    let cancelled = false;
    // Renew the lease a few times per lease period; a lost lease or a cancel request stops the handler.
    const heartbeat = setInterval(() => {
      renewLease(this.database.db, job.id, this.owner, this.leaseMs).then(
        ({ held, cancel }) => {
          if (!held) controller.abort(new JobLeaseLostError(job.id));
          else if (cancel) {
            cancelled = true;
            controller.abort(new Error('cancelled'));
          }
        },
        (e: unknown) => this.log('error', `job ${job.id}: lease renewal failed: ${(e as Error).message}`),
      );
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    const run: JobRun = {
      job,
      signal: controller.signal,
      step: async (work) => {
        if (controller.signal.aborted) throw controller.signal.reason instanceof Error ? controller.signal.reason : new JobLeaseLostError(job.id);
        await this.database.tenant({ orgId: job.orgId }, async (tx) => {
          const progress = await work(tx);
          // Throwing here rolls the step's output back together with its checkpoint.
          if (!(await commitStep(tx, job.id, this.owner, this.leaseMs, progress))) throw new JobLeaseLostError(job.id);
        });
      },
    };
    try {
      const result = await handler.run(run);
      if (!(await finishJob(this.database.db, job.id, this.owner, { status: 'succeeded', result }))) {
        cancelled = cancelled || (await this.wasCancelRequested(job.id));
        if (cancelled) await finishJob(this.database.db, job.id, this.owner, { status: 'cancelled' });
      }
    } catch (e) {
      if (cancelled || (await this.wasCancelRequested(job.id))) {
        await finishJob(this.database.db, job.id, this.owner, { status: 'cancelled' });
      } else if (!this.running && controller.signal.aborted) {
        await releaseJob(this.database.db, job.id, this.owner);
      } else if (!(e instanceof JobLeaseLostError)) {
        this.log('error', `job ${job.id} (${job.kind}) failed: ${(e as Error).message}`);
        await finishJob(this.database.db, job.id, this.owner, { status: 'failed', error: (e as Error).message });
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async wasCancelRequested(id: string): Promise<boolean> {
    const row = await this.database.db.selectFrom('jobs').select('cancel_requested').where('id', '=', id).executeTakeFirst();
    return row?.cancel_requested ?? false;
  }
}
