import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { matchClaimers, resolveQualityPolicy, type NextTaskDto } from '@yungang/core';
import type { Database } from '../db/database.js';
import { isUuid } from '../db/ids.js';
import { findClaimBatch, leaseAndReadClaimedTasks } from '../repositories/claim-batch.repository.js';
import type { TenantContext } from './context.js';
import { nextTaskDto } from './next-task-dto.js';

interface Pending {
  ctx: TenantContext;
  projectId: string;
}

/**
 * Claims ("next") that arrive together in one organisation share one transaction per project on PostgreSQL: one
 * statement reads the project, finds who among the claimers holds a live lease and locks the first open tasks;
 * `matchClaimers` hands each claimer the first of them with a free slot that they have not done, as claims one
 * at a time would; one statement writes every lease with its audit row and the claim-search hint, counting
 * each task's slots afresh, and reads the tasks back; then one COMMIT. A claim on its own is three statements
 * and a commit, and under load the per-statement cost is most of a claim's (issue 10).
 *
 * The batch is whatever arrived in one turn of the event loop (`setImmediate`), so a lone claim waits for
 * nothing. Whatever the batch does not serve gets undefined and claims on its own afterwards, which answers each
 * case as it always has: a project with gates, gold tasks or another queue order; a claimer who resumes a live
 * lease, asks twice at once, or finds no task here; and every claim of a batch whose transaction failed.
 */
export class ClaimBatches {
  private readonly byOrg = new Map<string, DataLoader<Pending, NextTaskDto | undefined>>();
  /**
   * Per project, its first open task as a batch last read it, and until when to trust it: the next batches search
   * from there instead of walking over every completed task again (`findClaimBatch`'s `from`). Only a hint: a
   * task before it that reopens (its overlap raised) waits for the next read, at most `floorTtlMs`, and claims
   * on their own always search from the first task.
   */
  private readonly floors = new Map<string, { taskId: string; until: number }>();
  private readonly floorTtlMs: number;

  constructor(
    private readonly database: Database,
    options: { floorTtlMs?: number } = {},
  ) {
    this.floorTtlMs = options.floorTtlMs ?? 1000;
  }

  claim(ctx: TenantContext, projectId: string): Promise<NextTaskDto | undefined> {
    let batches = this.byOrg.get(ctx.orgId);
    if (!batches) {
      batches = new DataLoader((items) => this.run(ctx.orgId, items), { cache: false, maxBatchSize: 64, batchScheduleFn: (run) => setImmediate(run) });
      this.byOrg.set(ctx.orgId, batches);
    }
    return batches.load({ ctx, projectId });
  }

  private async run(orgId: string, items: readonly Pending[]): Promise<(NextTaskDto | undefined)[]> {
    const answers: (NextTaskDto | undefined)[] = items.map(() => undefined);
    const byProject = new Map<string, number[]>();
    items.forEach((item, k) => {
      if (!isUuid(item.projectId)) return;
      byProject.set(item.projectId, [...(byProject.get(item.projectId) ?? []), k]);
    });
    await Promise.all(
      [...byProject].map(async ([projectId, indexes]) => {
        const served = await this.serve(orgId, projectId, indexes.map((k) => items[k]!.ctx));
        indexes.forEach((k, i) => (answers[k] = served[i]));
      }),
    );
    return answers;
  }

  private async serve(orgId: string, projectId: string, claimers: readonly TenantContext[]): Promise<(NextTaskDto | undefined)[]> {
    // One claim per person: a second "next" of the same person in the batch claims on its own (and resumes the first's lease).
    const first = new Map<string, number>();
    claimers.forEach((ctx, k) => {
      if (!first.has(ctx.caller.userId)) first.set(ctx.caller.userId, k);
    });
    try {
      const made = await this.database.tenant({ orgId }, async (tx) => {
        const users = [...first.keys()];
        const floor = this.floors.get(projectId);
        const from = floor && floor.until > Date.now() ? floor.taskId : undefined;
        const row = await findClaimBatch(tx, projectId, users, users.length, from);
        if (from === undefined && row?.first_open) this.floors.set(projectId, { taskId: row.first_open, until: Date.now() + this.floorTtlMs });
        // Nothing found from the hint: read it afresh next time (and these claimers search from the first task, on their own).
        else if (from === undefined || row?.candidates.length === 0) this.floors.delete(projectId);
        if (!row || !row.plain || resolveQualityPolicy(row.quality_policy).goldRate > 0) return new Map<string, NextTaskDto>();
        const leased = new Set(row.leased);
        const matched = matchClaimers(users.filter((u) => !leased.has(u)), row.candidates);
        if (matched.size === 0) return new Map<string, NextTaskDto>();
        const leases = [...matched].map(([userId, taskId]) => ({ id: randomUUID(), taskId, userId, address: claimers[first.get(userId)!]!.address || null }));
        const written = await this.database.commitBehind(tx, () => leaseAndReadClaimedTasks(tx, { orgId, projectId, overlap: row.overlap, leaseSeconds: row.lease_seconds, leases }));
        return new Map([...written].map(([userId, w]) => [userId, nextTaskDto(userId, w.lease, w.claimed)]));
      }, { genericPlans: true });
      return claimers.map((ctx, k) => (first.get(ctx.caller.userId) === k ? made.get(ctx.caller.userId) : undefined));
    } catch {
      // Nothing of the batch was written (its transaction rolled back): every claim runs on its own instead.
      return claimers.map(() => undefined);
    }
  }
}
