import { can, type TaskDto, type TaskListQuery, type TaskPageDto } from '@yungang/core';
import type { Database } from '../db/database.js';
import { badRequest, notFound } from '../http/app-error.js';
import { listTasksRecordingAudit } from '../repositories/tasks.repository.js';
import { hasWorkedOn } from '../repositories/assignments.repository.js';
import { findUserIdByEmail } from '../repositories/users.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { requireProject } from './project.service.js';
import { loadTaskDto, taskStatus } from './task-view.js';
import { requirePermission, type TenantContext } from './context.js';
import { isTaskId, isUuid } from '../db/ids.js';

export class TaskService {
  constructor(private readonly database: Database) {}

  /** A keyset page of tasks: `nextCursor` is the last id; pass it back as `after`. */
  async list(ctx: TenantContext, projectId: string, query: TaskListQuery): Promise<TaskPageDto> {
    requirePermission(ctx, 'task.read');
    const limit = query.limit ?? 50;
    if (query.after !== undefined && !isTaskId(query.after)) throw badRequest('"after" must be the nextCursor of a previous page', { path: 'after' });
    if (!isUuid(projectId)) throw notFound('project', { projectId });
    return this.database.tenant(ctx, async (tx) => {
      let annotatorId: string | undefined;
      if (query.annotator) {
        annotatorId = query.annotator.includes('@') ? ((await findUserIdByEmail(tx, query.annotator)) ?? '00000000-0000-0000-0000-000000000000') : query.annotator;
        if (!isUuid(annotatorId)) throw badRequest('"annotator" must be a user id or an e-mail', { path: 'annotator' });
      }
      // The page and its audit row in one statement. Row-level security shows only this organisation's tasks, so
      // rows mean the project is there; only an empty page needs to ask (and a 404 rolls the audit row back).
      const rows = await listTasksRecordingAudit(tx, { projectId, limit: limit + 1, afterId: query.after, status: query.status, annotatorId }, limit, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.list', objectType: 'project', objectId: projectId });
      if (rows.length === 0) await requireProject(tx, projectId);
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          id: r.id,
          data: r.data,
          status: taskStatus(r.completed, r.annotation_count + r.active_assignments),
          annotationCount: r.annotation_count,
          activeAssignments: r.active_assignments,
          annotators: r.annotators ?? [],
          createdAt: r.created_at.toISOString(),
        })),
        nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
      };
    });
  }

  /**
   * A task with its annotations. Roles with task.read see all of it; an annotator sees a task they
   * worked on (to fix their own annotation) with only their own annotation, so others' work cannot
   * sway them. Any other task answers 403, as for the role.
   */
  async get(ctx: TenantContext, taskId: string): Promise<TaskDto> {
    const readsAll = can(ctx.role, 'task.read');
    if (!readsAll) requirePermission(ctx, 'task.annotate');
    return this.database.tenant(ctx, async (tx) => {
      const task = await loadTaskDto(tx, taskId);
      let visible = task;
      if (!readsAll) {
        if (!(await hasWorkedOn(tx, taskId, ctx.caller.userId))) requirePermission(ctx, 'task.read');
        visible = { ...task, annotations: task.annotations.filter((a) => a.userId === ctx.caller.userId) };
      }
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.read', objectType: 'task', objectId: taskId });
      return visible;
    });
  }
}
