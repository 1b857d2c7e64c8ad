import { randomUUID } from 'node:crypto';
import {
  attemptAllowance,
  can,
  canonicalJson,
  isValidationError,
  parseLabelConfig,
  taskDataFromRecord,
  validateResult,
  ValidationError,
  type ExamBody,
  type ExamDto,
  type ExamItemDto,
  type ExamStandingDto,
  type LabelConfig,
  type ValidationIssue,
} from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { badRequest, conflict, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { findCertification } from '../repositories/certification.repository.js';
import { findProject } from '../repositories/projects.repository.js';
import {
  attemptsOf,
  countAttempts,
  countExamItems,
  examItems,
  findCourse,
  findExam,
  insertExam,
  listExams,
  now,
  replaceExamItems,
  updateExam,
  type AttemptRow,
  type ExamRow,
  type ExamValues,
} from '../repositories/training.repository.js';
import { requirePermission, type TenantContext } from './context.js';
import { closeOverdueAttempts } from './exam-attempt.service.js';

/**
 * Exams (docs/training.md): a label config of their own, gold items with expected results, a pass mark,
 * a time limit and a retry policy. Managers write them; every member sees them with their own standing.
 */
export class ExamService {
  constructor(private readonly database: Database) {}

  async list(ctx: TenantContext, projectId?: string): Promise<ExamDto[]> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      await closeOverdueAttempts(tx, ctx);
      const exams = await listExams(tx, projectId);
      return toExamDtos(tx, ctx, exams, false);
    });
  }

  async get(ctx: TenantContext, id: string): Promise<ExamDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      await closeOverdueAttempts(tx, ctx);
      const exam = await findExam(tx, id);
      if (!exam) throw notFound('exam', { examId: id });
      return (await toExamDtos(tx, ctx, [exam], can(ctx.role, 'training.manage')))[0]!;
    });
  }

  async create(ctx: TenantContext, body: ExamBody): Promise<ExamDto> {
    requirePermission(ctx, 'training.manage');
    return this.database.tenant(ctx, async (tx) => {
      const { values, items } = await checkExam(tx, body);
      const id = randomUUID();
      await insertExam(tx, id, ctx.orgId, ctx.caller.userId, values);
      await replaceExamItems(tx, ctx.orgId, id, items);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'exam.create', objectType: 'exam', objectId: id, details: { title: body.title, items: items.length } });
      return (await toExamDtos(tx, ctx, [(await findExam(tx, id))!], true))[0]!;
    });
  }

  /** Replaces the exam. Its items may change only while nobody has attempted it, so every score of an exam means the same. */
  async update(ctx: TenantContext, id: string, body: ExamBody): Promise<ExamDto> {
    requirePermission(ctx, 'training.manage');
    return this.database.tenant(ctx, async (tx) => {
      const exam = await findExam(tx, id, { lock: true });
      if (!exam) throw notFound('exam', { examId: id });
      const { values, items } = await checkExam(tx, body);
      const current = await examItems(tx, id);
      const same = canonicalJson(current.map((i) => ({ data: i.data, expected: i.expected }))) === canonicalJson(items.map((i) => ({ data: i.data, expected: i.expected })));
      if (!same) {
        const attempts = await countAttempts(tx, id);
        if (attempts > 0) throw conflict(`exam "${exam.title}" has ${attempts} attempts, so its items can no longer change (scores must stay comparable); change the other settings, or create a new exam with these items`, { attempts });
        await replaceExamItems(tx, ctx.orgId, id, items);
      }
      await updateExam(tx, id, values);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'exam.update', objectType: 'exam', objectId: id, details: { title: body.title, itemsChanged: !same } });
      return (await toExamDtos(tx, ctx, [(await findExam(tx, id))!], true))[0]!;
    });
  }
}

/** Validates the body against the organisation and the exam's own label config; every issue carries its path in the body. */
async function checkExam(tx: Tx, body: ExamBody): Promise<{ values: ExamValues; items: { id: string; data: Record<string, unknown>; expected: unknown[] }[] }> {
  let config: LabelConfig;
  try {
    config = parseLabelConfig(body.labelConfig);
  } catch (err) {
    throw isValidationError(err) ? new ValidationError(err.issues.map((i) => prefixed('labelConfig', i))) : err;
  }
  const issues: ValidationIssue[] = [];
  const items = body.items.map((item, i) => {
    let data: Record<string, unknown> = item.data;
    try {
      data = taskDataFromRecord(item.data, config);
    } catch (err) {
      if (!isValidationError(err)) throw err;
      issues.push(...err.issues.map((x) => prefixed(`items[${i}].data`, x)));
      return { id: randomUUID(), data, expected: [] };
    }
    try {
      return { id: randomUUID(), data, expected: validateResult(config, data, item.expected) as unknown[] };
    } catch (err) {
      if (!isValidationError(err)) throw err;
      issues.push(...err.issues.map((x) => ({ path: x.path.replace(/^result/, `items[${i}].expected`), message: x.message })));
      return { id: randomUUID(), data, expected: [] };
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  if (body.projectId !== undefined && !(await findProject(tx, body.projectId))) throw badRequest(`projectId: no project ${body.projectId} in this organisation`, { projectId: body.projectId });
  if (body.courseId !== undefined && !(await findCourse(tx, body.courseId))) throw badRequest(`courseId: no course ${body.courseId} in this organisation`, { courseId: body.courseId });
  if (body.certificationId !== undefined && !(await findCertification(tx, body.certificationId))) {
    throw badRequest(`certificationId: no certification ${body.certificationId} in this organisation; create it first (POST /api/v1/certifications)`, { certificationId: body.certificationId });
  }
  return {
    values: {
      projectId: body.projectId ?? null,
      courseId: body.courseId ?? null,
      certificationId: body.certificationId ?? null,
      title: body.title,
      description: body.description ?? '',
      labelConfig: config,
      passScore: body.passScore,
      timeLimitSeconds: body.timeLimitSeconds ?? null,
      maxAttempts: body.maxAttempts ?? null,
      cooldownSeconds: body.cooldownSeconds ?? 0,
      showAnswers: body.showAnswers ?? false,
    },
    items,
  };
}

function prefixed(prefix: string, issue: ValidationIssue): ValidationIssue {
  return { path: issue.path === '' ? prefix : issue.path.startsWith('[') ? `${prefix}${issue.path}` : `${prefix}.${issue.path}`, message: issue.message };
}

async function toExamDtos(tx: Tx, ctx: TenantContext, exams: readonly ExamRow[], withItems: boolean): Promise<ExamDto[]> {
  const counts = await countExamItems(tx, exams.map((e) => e.id));
  const at = await now(tx);
  const out: ExamDto[] = [];
  for (const e of exams) {
    const cert = e.certification_id ? await findCertification(tx, e.certification_id) : undefined;
    const dto: ExamDto = {
      id: e.id,
      title: e.title,
      description: e.description,
      projectId: e.project_id,
      courseId: e.course_id,
      certification: cert ? { id: cert.id, name: cert.name } : null,
      labelConfig: e.label_config as ExamDto['labelConfig'],
      itemCount: counts.get(e.id) ?? 0,
      passScore: e.pass_score,
      timeLimitSeconds: e.time_limit_seconds,
      maxAttempts: e.max_attempts,
      cooldownSeconds: e.cooldown_seconds,
      showAnswers: e.show_answers,
      createdAt: e.created_at.toISOString(),
      updatedAt: e.updated_at.toISOString(),
      me: standing(e, await attemptsOf(tx, e.id, ctx.caller.userId), at),
    };
    if (withItems) dto.items = (await examItems(tx, e.id)).map((i) => ({ id: i.id, data: i.data, expected: i.expected as ExamItemDto['expected'] }));
    out.push(dto);
  }
  return out;
}

/** Where a person stands with an exam: attempts, best score, whether a real attempt may start now and if not why. */
export function standing(exam: ExamRow, attempts: readonly AttemptRow[], at: Date): ExamStandingDto {
  const real = attempts.filter((a) => a.mode === 'exam');
  const finished = real.filter((a) => a.finished_at !== null);
  const open = real.find((a) => a.finished_at === null);
  const scores = finished.map((a) => a.score ?? 0);
  const allowance = attemptAllowance({ maxAttempts: exam.max_attempts, cooldownSeconds: exam.cooldown_seconds }, finished.map((a) => ({ finishedAt: a.finished_at!, passed: a.passed === true })), at);
  const base = { attempts: finished.length, best: scores.length > 0 ? Math.max(...scores) : null, passed: finished.some((a) => a.passed === true), inProgressAttemptId: open?.id ?? null };
  if (open) return { ...base, canStart: true, reason: null, nextAttemptAt: null, remainingAttempts: allowance.remaining };
  if (allowance.allowed) return { ...base, canStart: true, reason: null, nextAttemptAt: null, remainingAttempts: allowance.remaining };
  if (allowance.reason === 'max-attempts') {
    return { ...base, canStart: false, reason: `all ${exam.max_attempts} attempts since your last pass are used; a manager can allow more by raising the exam's maxAttempts`, nextAttemptAt: null, remainingAttempts: 0 };
  }
  return { ...base, canStart: false, reason: `a failed attempt is followed by a cool-down; the next attempt may start at ${allowance.nextAt.toISOString()}`, nextAttemptAt: allowance.nextAt.toISOString(), remainingAttempts: allowance.remaining };
}
