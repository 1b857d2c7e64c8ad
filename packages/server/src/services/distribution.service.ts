import { randomUUID } from 'node:crypto';
import { resolveQualityPolicy, type NextTaskDto } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { conflict, notFound } from '../http/app-error.js';
import { findClaimContext, findClaimedTaskRecordingAudit, leaseAndReadClaimedTask, type ClaimedTask } from '../repositories/claim-context.repository.js';
import { clusterNewTasks } from '../models/task-clustering.js';
import { clearFullHint, finishAssignment, lockAssignmentWithTask, lockCandidateTask, upsertLease } from '../repositories/assignments.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { lockGoldCandidate } from '../repositories/quality.repository.js';
import { isUuid } from '../db/ids.js';
import { requirePermission, type TenantContext } from './context.js';
import { nextTaskDto } from './next-task-dto.js';
import { ClaimBatches } from './claim-batch.js';
import { requireCertified } from './certification-gate.js';
import { auditPackageRefusal, requirePackageStaff } from './work-package-gate.js';

/** Upper bound on claim attempts; each failed attempt means another claimer took the task first. */
const MAX_CLAIM_ATTEMPTS = 200;

/**
 * Hands out tasks under leases. Each attempt is its own short transaction: find a claimable task,
 * lock its row, re-check it with a fresh statement (the search saw a snapshot from before the lock),
 * then lease it. When every claimable row is locked by others in flight, the next attempt waits for
 * one instead of answering "no task"; holding no other lock while waiting keeps it deadlock-free.
 */
export class DistributionService {
  // Claims that arrive together share one transaction on PostgreSQL (claim-batch.ts); the rest, and PGlite, claim one at a time.
  private readonly batches: ClaimBatches | undefined;

  constructor(private readonly database: Database) {
    this.batches = database.concurrent ? new ClaimBatches(database) : undefined;
  }

  async next(ctx: TenantContext, projectId: string): Promise<NextTaskDto> {
    try {
      return await this.claim(ctx, projectId);
    } catch (e) {
      await auditPackageRefusal(this.database, ctx, e);
      throw e;
    }
  }

  private async claim(ctx: TenantContext, projectId: string): Promise<NextTaskDto> {
    requirePermission(ctx, 'task.annotate');
    const batched = await this.batches?.claim(ctx, projectId);
    if (batched) return batched;
    const userId = ctx.caller.userId;
    let mode: 'skip' | 'wait' = 'skip';
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const outcome = await this.database.tenant(ctx, async (tx): Promise<NextTaskDto | 'skip' | 'wait'> => {
        // The project, its queue order, whether it requires certifications and the caller's live lease: one statement (issue 10).
        // In mode 'skip' the same statement runs the default queue's candidate search when the claim will need it.
        const project = await requireClaimContext(tx, projectId, userId, mode === 'skip');
        // Required certifications (docs/training.md) are checked on every claim, resumed leases included.
        if (project.requires_certification) await requireCertified(tx, userId, projectId, 'annotate');
        // A vendor's work package project is worked only by the staff assigned to it (docs/work-packages.md).
        if (project.package_project) await requirePackageStaff(tx, userId, projectId, 'annotate');
        let lease = project.active_lease;
        const resumed = lease !== undefined;
        if (!lease) {
          // Gold tasks are mixed in at the policy's rate, while they last; each person does each one once.
          const gold = project.policy.goldRate > 0 && Math.random() < project.policy.goldRate ? await lockGoldCandidate(tx, projectId, userId) : undefined;
          if (gold !== undefined) {
            lease = await upsertLease(tx, { id: randomUUID(), orgId: ctx.orgId, projectId, taskId: gold, userId, leaseSeconds: project.lease_seconds });
          }
        }
        let claimed: ClaimedTask | undefined;
        if (!lease) {
          const order = project.queue_order;
          if (order === 'diversity') await clusterNewTasks(tx, ctx.orgId, projectId);
          const candidate = project.searched ? project.candidate : await lockCandidateTask(tx, projectId, userId, project.overlap, mode, order);
          if (candidate === undefined) return mode === 'wait' ? { assignment: null, task: null, annotation: null } : 'wait';
          // The re-check, the lease, its audit row and the task's read: one statement.
          const made = await leaseAndReadClaimedTask(tx, { id: randomUUID(), orgId: ctx.orgId, projectId, taskId: candidate, userId, leaseSeconds: project.lease_seconds }, project.overlap);
          if (!made) return 'skip';
          ({ lease, claimed } = made);
        } else {
          // A claim is also a read of the task's data; one audit row says both, written with the task's read.
          claimed = await findClaimedTaskRecordingAudit(tx, lease.task_id, { orgId: ctx.orgId, userId, action: resumed ? 'task.resume' : 'task.claim', objectType: 'task', objectId: lease.task_id, details: { assignmentId: lease.id } });
        }
        if (!claimed) throw notFound('task', { taskId: lease.task_id });
        return nextTaskDto(userId, lease, claimed);
      });
      if (typeof outcome !== 'string') return outcome;
      mode = outcome;
    }
    throw conflict('too many annotators are claiming tasks in this project at once; try again', { projectId });
  }

  async skip(ctx: TenantContext, assignmentId: string): Promise<void> {
    await this.finish(ctx, assignmentId, 'skipped');
  }

  async release(ctx: TenantContext, assignmentId: string): Promise<void> {
    await this.finish(ctx, assignmentId, 'released');
  }

  private async finish(ctx: TenantContext, assignmentId: string, status: 'skipped' | 'released'): Promise<void> {
    requirePermission(ctx, 'task.annotate');
    await this.database.tenant(ctx, async (tx) => {
      const a = await lockAssignmentWithTask(tx, assignmentId);
      if (!a || a.user_id !== ctx.caller.userId) throw notFound('assignment', { assignmentId });
      if (a.status !== 'active') throw conflict(`this assignment is already ${a.status}`, { status: a.status });
      await finishAssignment(tx, a.id, status);
      // A slot may be free again: the claim search must count this task's assignments again.
      await clearFullHint(tx, a.task_id);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: `task.${status === 'skipped' ? 'skip' : 'release'}`, objectType: 'task', objectId: a.task_id });
    });
  }
}

/** The claim's project (with its label config and quality policy resolved), or 404, as `requireProject` answers. */
async function requireClaimContext(tx: Tx, projectId: string, userId: string, search: boolean) {
  const row = isUuid(projectId) ? await findClaimContext(tx, projectId, userId, search) : undefined;
  if (!row) throw notFound('project', { projectId });
  return { ...row, policy: resolveQualityPolicy(row.quality_policy) };
}
