import { randomUUID } from 'node:crypto';
import type { JobDto, JobListQuery } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { notFound } from '../http/app-error.js';
import { findJob, insertJob, listJobs, requestCancel } from '../repositories/jobs.repository.js';
import { isUuid } from '../db/ids.js';
import { requirePermission, type TenantContext } from './context.js';

/** A job to start, as a feature's service describes it (docs/jobs.md). */
export interface NewJob {
  kind: string;
  projectId: string | null;
  payload: unknown;
  total?: number | undefined;
  /** The job this one is a part of (a shard of a split pipeline run): the parent is not claimable until its parts end. */
  parentId?: string | undefined;
}

/**
 * Durable background jobs seen from requests: a feature's service enqueues one inside its own
 * transaction (so the job exists exactly when the feature's other writes do); people list, follow and
 * cancel them. Running them is the `JobRunner`'s work, in this process or in `yungang worker`s.
 */
export class JobService {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly database: Database) {}

  /** `wake` is called after a job is enqueued here, so a runner in this process starts it at once. */
  onEnqueued(wake: () => void): () => void {
    this.listeners.add(wake);
    return () => this.listeners.delete(wake);
  }

  /** Queues a job inside the caller's transaction; call `notify()` after it commits. */
  async enqueue(tx: Tx, ctx: TenantContext, job: NewJob): Promise<string> {
    const id = randomUUID();
    await insertJob(tx, { id, orgId: ctx.orgId, projectId: job.projectId, kind: job.kind, payload: job.payload, createdBy: ctx.caller.userId, total: job.total, parentId: job.parentId });
    return id;
  }

  notify(): void {
    for (const wake of this.listeners) wake();
  }

  async list(ctx: TenantContext, query: JobListQuery): Promise<JobDto[]> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, (tx) => listJobs(tx, { projectId: query.projectId, kind: query.kind, limit: query.limit ?? 50 }));
  }

  async get(ctx: TenantContext, id: string): Promise<JobDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, (tx) => this.require(tx, id));
  }

  /** Queued jobs end at once; running ones stop at their next step (their committed output stays, marked as a cancelled run). */
  async cancel(ctx: TenantContext, id: string): Promise<JobDto> {
    requirePermission(ctx, 'task.import');
    return this.database.tenant(ctx, async (tx) => {
      await this.require(tx, id);
      await requestCancel(tx, id);
      return this.require(tx, id);
    });
  }

  private async require(tx: Tx, id: string): Promise<JobDto> {
    const job = isUuid(id) ? await findJob(tx, id) : undefined;
    if (!job) throw notFound('job', { jobId: id });
    return job;
  }
}
