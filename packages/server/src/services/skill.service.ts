import { can, estimateAccuracy, scoreTrend, type SkillRecordDto } from '@yungang/core';
import type { Database } from '../db/database.js';
import { forbidden, notFound } from '../http/app-error.js';
import { findUser, holdingsOfUser, isMember } from '../repositories/certification.repository.js';
import { goldByDay, workByProject } from '../repositories/skills.repository.js';
import { attemptsOfUser, now } from '../repositories/training.repository.js';
import { toHolderDto } from './certification.service.js';
import { closeOverdueAttempts } from './exam-attempt.service.js';
import { requirePermission, type TenantContext } from './context.js';

type Rate = SkillRecordDto['gold'];
/** How far back the gold-accuracy trend looks. */
const TREND_DAYS = 90;

/**
 * A person's skill record in the organisation (docs/training.md): exams taken, certifications with their
 * state, gold accuracy over time and review pass rate. Everyone sees their own; training managers anyone's.
 */
export class SkillService {
  constructor(private readonly database: Database) {}

  async record(ctx: TenantContext, userId: string): Promise<SkillRecordDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      if (!(await isMember(tx, userId))) throw notFound('member', { userId });
      const self = userId === ctx.caller.userId;
      if (!self && !can(ctx.role, 'training.manage')) throw forbidden(`your role "${ctx.role}" may see only your own skill record; training.manage is needed for others'`);
      if (self) await closeOverdueAttempts(tx, ctx);
      const at = await now(tx);
      const attempts = await attemptsOfUser(tx, userId);
      const projects = await workByProject(tx, userId);
      const days = await goldByDay(tx, userId, TREND_DAYS);
      const sum = (pick: (p: (typeof projects)[number]) => number) => projects.reduce((n, p) => n + pick(p), 0);
      return {
        user: await findUser(tx, userId),
        exams: attempts
          .filter((a) => a.mode === 'exam')
          .map((a) => ({
            attemptId: a.id,
            examId: a.exam_id,
            examTitle: a.title,
            startedAt: a.started_at.toISOString(),
            finishedAt: a.finished_at ? a.finished_at.toISOString() : null,
            score: a.score,
            passed: a.passed,
          })),
        practiceAttempts: attempts.filter((a) => a.mode === 'practice').length,
        certifications: (await holdingsOfUser(tx, userId)).map((h) => toHolderDto(h, at)),
        gold: rate(sum((p) => p.gold_passed), sum((p) => p.gold_total)),
        review: rate(sum((p) => p.accepted), sum((p) => p.decided)),
        goldTrend: { days, direction: scoreTrend(days).direction },
        projects: projects.map((p) => ({ projectId: p.project_id, projectName: p.name, submitted: p.submitted, gold: rate(p.gold_passed, p.gold_total), review: rate(p.accepted, p.decided) })),
      };
    });
  }
}

function rate(correct: number, total: number): Rate {
  if (total === 0) return { correct, total, estimate: null, lower: null, upper: null };
  const e = estimateAccuracy({ correct, total, method: 'wilson' });
  return { correct, total, estimate: e.estimate, lower: e.lower, upper: e.upper };
}
