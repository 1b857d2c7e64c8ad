import { validateResult, type GoldDto, type SetGoldBody } from '@yungang/core';
import type { Database } from '../db/database.js';
import { notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { setGold } from '../repositories/quality.repository.js';
import { findTask } from '../repositories/tasks.repository.js';
import { contentHash } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';

/** Gold (honeypot) tasks: a manager gives a task its expected result; claims then mix it in at the policy's rate. */
export class GoldService {
  constructor(private readonly database: Database) {}

  async set(ctx: TenantContext, taskId: string, body: SetGoldBody): Promise<GoldDto> {
    requirePermission(ctx, 'project.write');
    return this.database.tenant(ctx, async (tx) => {
      const task = await findTask(tx, taskId);
      if (!task) throw notFound('task', { taskId });
      const project = await requireProject(tx, task.project_id);
      const result = validateResult(project.config, task.data, body.result);
      await setGold(tx, task.id, result);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'gold.set', objectType: 'task', objectId: task.id });
      await appendLogEvent(tx, { kind: 'gold.set', orgId: ctx.orgId, actorId: ctx.caller.userId, subject: { type: 'task', id: task.id }, projectId: project.id, taskId: task.id, data: { goldSha256: contentHash(result) } });
      return { taskId: task.id, result: body.result };
    });
  }

  async clear(ctx: TenantContext, taskId: string): Promise<void> {
    requirePermission(ctx, 'project.write');
    await this.database.tenant(ctx, async (tx) => {
      const task = await findTask(tx, taskId);
      if (!task) throw notFound('task', { taskId });
      await setGold(tx, task.id, null);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'gold.clear', objectType: 'task', objectId: task.id });
      await appendLogEvent(tx, { kind: 'gold.clear', orgId: ctx.orgId, actorId: ctx.caller.userId, subject: { type: 'task', id: task.id }, projectId: task.project_id, taskId: task.id, data: {} });
    });
  }
}
