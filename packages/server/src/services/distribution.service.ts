import { randomUUID } from 'node:crypto';
import type { AssignmentDto, NextTaskDto } from '@yungang/core';
import type { Database } from '../db/database.js';
import { conflict, notFound } from '../http/app-error.js';
import { findActiveLease, findAssignment, finishAssignment, isClaimable, lockCandidateTask, upsertLease, type AssignmentRow } from '../repositories/assignments.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { loadTaskDto } from './task-view.js';

/** Upper bound on claim attempts; each failed attempt means another claimer took the task first. */
const MAX_CLAIM_ATTEMPTS = 200;

/**
 * Hands out tasks under leases. Each attempt is its own short transaction: find a claimable task,
 * lock its row, re-check it with a fresh statement (the search saw a snapshot from before the lock),
 * then lease it. When every claimable row is locked by others in flight, the next attempt waits for
 * one instead of answering "no task"; holding no other lock while waiting keeps it deadlock-free.
 */
export class DistributionService {
  constructor(private readonly database: Database) {}

  async next(ctx: TenantContext, projectId: string): Promise<NextTaskDto> {
    requirePermission(ctx, 'task.annotate');
    const userId = ctx.caller.userId;
    let mode: 'skip' | 'wait' = 'skip';
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const outcome = await this.database.tenant(ctx, async (tx) => {
        const project = await requireProject(tx, projectId);
        const resumed = await findActiveLease(tx, projectId, userId);
        if (resumed) return { lease: resumed };
        const candidate = await lockCandidateTask(tx, projectId, userId, project.overlap, mode);
        if (candidate === undefined) {
          if (mode === 'wait') return { lease: null };
          return { retry: 'wait' as const };
        }
        if (!(await isClaimable(tx, candidate, userId, project.overlap))) return { retry: 'skip' as const };
        const lease = await upsertLease(tx, { id: randomUUID(), orgId: ctx.orgId, projectId, taskId: candidate, userId, leaseSeconds: project.lease_seconds });
        await appendAudit(tx, { orgId: ctx.orgId, userId, action: 'task.claim', objectType: 'task', objectId: candidate, details: { assignmentId: lease.id } });
        return { lease };
      });
      if ('retry' in outcome && outcome.retry) {
        mode = outcome.retry;
        continue;
      }
      if (!('lease' in outcome) || !outcome.lease) return { assignment: null, task: null, annotation: null };
      return this.withTask(ctx, outcome.lease);
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
      const a = await findAssignment(tx, assignmentId, { forUpdate: true });
      if (!a || a.user_id !== ctx.caller.userId) throw notFound('assignment', { assignmentId });
      if (a.status !== 'active') throw conflict(`this assignment is already ${a.status}`, { status: a.status });
      await finishAssignment(tx, a.id, status);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: `task.${status === 'skipped' ? 'skip' : 'release'}`, objectType: 'task', objectId: a.task_id });
    });
  }

  private async withTask(ctx: TenantContext, lease: AssignmentRow): Promise<NextTaskDto> {
    return this.database.tenant(ctx, async (tx) => {
      const task = await loadTaskDto(tx, lease.task_id);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.read', objectType: 'task', objectId: lease.task_id });
      const mine = task.annotations.find((a) => a.userId === ctx.caller.userId) ?? null;
      return { assignment: toAssignmentDto(lease), task, annotation: mine };
    });
  }
}

export function toAssignmentDto(a: AssignmentRow): AssignmentDto {
  return { id: a.id, taskId: a.task_id, projectId: a.project_id, status: a.status as AssignmentDto['status'], expiresAt: a.expires_at.toISOString() };
}
