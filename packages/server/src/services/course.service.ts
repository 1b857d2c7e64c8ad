import { randomUUID } from 'node:crypto';
import type { CourseBody, CourseDto } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { badRequest, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { findProject } from '../repositories/projects.repository.js';
import { findCourse, insertCourse, listCourses, listExams, updateCourse, type CourseRow } from '../repositories/training.repository.js';
import { requirePermission, type TenantContext } from './context.js';

/** Courses (docs/training.md): markdown guidelines for a project or the whole organisation, with their exams. */
export class CourseService {
  constructor(private readonly database: Database) {}

  async list(ctx: TenantContext, projectId?: string): Promise<CourseDto[]> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => toDtos(tx, await listCourses(tx, projectId)));
  }

  async get(ctx: TenantContext, id: string): Promise<CourseDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      const row = await findCourse(tx, id);
      if (!row) throw notFound('course', { courseId: id });
      return (await toDtos(tx, [row]))[0]!;
    });
  }

  async create(ctx: TenantContext, body: CourseBody): Promise<CourseDto> {
    requirePermission(ctx, 'training.manage');
    return this.database.tenant(ctx, async (tx) => {
      await checkProject(tx, body.projectId);
      const id = randomUUID();
      await insertCourse(tx, { id, orgId: ctx.orgId, projectId: body.projectId ?? null, title: body.title, body: body.body, createdBy: ctx.caller.userId });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'course.create', objectType: 'course', objectId: id, details: { title: body.title } });
      return (await toDtos(tx, [(await findCourse(tx, id))!]))[0]!;
    });
  }

  /** Replaces title, text and project (left out = organisation-wide). */
  async update(ctx: TenantContext, id: string, body: CourseBody): Promise<CourseDto> {
    requirePermission(ctx, 'training.manage');
    return this.database.tenant(ctx, async (tx) => {
      if (!(await findCourse(tx, id))) throw notFound('course', { courseId: id });
      await checkProject(tx, body.projectId);
      await updateCourse(tx, id, { projectId: body.projectId ?? null, title: body.title, body: body.body });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'course.update', objectType: 'course', objectId: id, details: { title: body.title } });
      return (await toDtos(tx, [(await findCourse(tx, id))!]))[0]!;
    });
  }
}

async function checkProject(tx: Tx, projectId: string | undefined): Promise<void> {
  if (projectId !== undefined && !(await findProject(tx, projectId))) throw badRequest(`projectId: no project ${projectId} in this organisation; leave it out for an organisation-wide course`, { projectId });
}

async function toDtos(tx: Tx, rows: readonly CourseRow[]): Promise<CourseDto[]> {
  const exams = rows.length === 0 ? [] : await listExams(tx);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    body: r.body,
    projectId: r.project_id,
    exams: exams.filter((e) => e.course_id === r.id).map((e) => ({ id: e.id, title: e.title })),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}
