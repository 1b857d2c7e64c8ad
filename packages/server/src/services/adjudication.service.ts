import { validateResult, type AdjudicateBody, type AdjudicationDto, type NextAdjudicationDto } from '@yungang/core';
import type { Database } from '../db/database.js';
import { conflict, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { annotationsOfTasks } from '../repositories/annotations.repository.js';
import { decideAdjudication, findAdjudication, leaseNextAdjudication } from '../repositories/quality.repository.js';
import { findTask } from '../repositories/tasks.repository.js';
import { contentHash } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { requireCertified } from './certification-gate.js';
import { loadTaskDto } from './task-view.js';

const ADJUDICATION_LEASE_SECONDS = 30 * 60;

/**
 * Tasks whose annotators disagreed beyond the policy's threshold wait here; an adjudicator (reviewer
 * or above) sees every annotation and decides the final result, which becomes the task's label. The
 * log records the decision with the annotation versions it was made from.
 */
export class AdjudicationService {
  constructor(private readonly database: Database) {}

  async next(ctx: TenantContext, projectId: string): Promise<NextAdjudicationDto> {
    requirePermission(ctx, 'task.review');
    return this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId);
      await requireCertified(tx, ctx.caller.userId, projectId, 'adjudicate');
      const row = await leaseNextAdjudication(tx, projectId, ctx.caller.userId, ADJUDICATION_LEASE_SECONDS);
      if (!row) return { item: null };
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'adjudication.claim', objectType: 'task', objectId: row.task_id });
      return { item: { task: await loadTaskDto(tx, row.task_id), agreement: row.agreement } };
    });
  }

  async decide(ctx: TenantContext, taskId: string, body: AdjudicateBody): Promise<AdjudicationDto> {
    requirePermission(ctx, 'task.review');
    return this.database.tenant(ctx, async (tx) => {
      const task = await findTask(tx, taskId);
      const row = task ? await findAdjudication(tx, task.id, { forUpdate: true }) : undefined;
      if (!task || !row) throw notFound('adjudication', { taskId });
      if (row.status === 'done') throw conflict('this task was already adjudicated', { adjudicator: row.email });
      if (row.adjudicator_id && row.adjudicator_id !== ctx.caller.userId && row.expires_at && row.expires_at > new Date()) throw conflict('another adjudicator holds this task; ask for the next one');
      const project = await requireProject(tx, task.project_id);
      const result = validateResult(project.config, task.data, body.result);
      await decideAdjudication(tx, task.id, ctx.caller.userId, result);
      const inputs = await annotationsOfTasks(tx, [task.id]);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'adjudication.decide', objectType: 'task', objectId: task.id });
      await appendLogEvent(tx, {
        kind: 'adjudication',
        orgId: ctx.orgId,
        actorId: ctx.caller.userId,
        subject: { type: 'task', id: task.id },
        projectId: project.id,
        taskId: task.id,
        data: { resultSha256: contentHash(result), agreement: row.agreement, inputs: inputs.map((a) => ({ annotation: a.id, version: a.version })) },
      });
      return { taskId: task.id, agreement: row.agreement, status: 'done', result: body.result, adjudicatorEmail: ctx.caller.email };
    });
  }
}
