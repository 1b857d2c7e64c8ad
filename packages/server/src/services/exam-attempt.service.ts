import { randomUUID } from 'node:crypto';
import {
  attemptAllowance,
  can,
  scoreExam,
  scoreExamItem,
  validateResult,
  type AnnotationResult,
  type AnswerBody,
  type AnswerDto,
  type AttemptDto,
  type AttemptMode,
  type ControlScoreDto,
  type LabelConfig,
} from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { conflict, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { findCertification, findHolding, grantHolding } from '../repositories/certification.repository.js';
import {
  answersOf,
  attemptsOf,
  examItems,
  findAttempt,
  findExam,
  finishAttempt,
  insertAttempt,
  isPastDeadline,
  now,
  overdueAttempts,
  upsertAnswer,
  type AttemptRow,
  type ExamRow,
} from '../repositories/training.repository.js';
import { certificationEvent, examAttemptEvent } from '../provenance/log-events.js';
import { requirePermission, type TenantContext } from './context.js';

/** Answers a few seconds late still count: the network, not the person, is slow. Later ones are refused. */
export const DEADLINE_GRACE_SECONDS = 5;

type Outcome<T> = { ok: T } | { late: Date };

/**
 * Taking exams (docs/training.md). A real attempt fixes its deadline at the start (database clock), keeps
 * the expected answers hidden until it is finished, refuses answers after the deadline and grace, and is
 * scored as it stood at the deadline. Practice gives per-item feedback at once and never certifies.
 */
export class ExamAttemptService {
  constructor(private readonly database: Database) {}

  /** Starts an attempt; a real attempt already under way is returned instead of a second one. */
  async start(ctx: TenantContext, examId: string, mode: AttemptMode): Promise<AttemptDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      const exam = await findExam(tx, examId, { lock: true });
      if (!exam) throw notFound('exam', { examId });
      await closeOverdueAttempts(tx, ctx);
      const attempts = await attemptsOf(tx, exam.id, ctx.caller.userId);
      if (mode === 'exam') {
        const open = attempts.find((a) => a.mode === 'exam' && a.finished_at === null);
        if (open) return toAttemptDto(tx, open, exam);
        const finished = attempts.filter((a) => a.mode === 'exam' && a.finished_at !== null).map((a) => ({ finishedAt: a.finished_at!, passed: a.passed === true }));
        const allowance = attemptAllowance({ maxAttempts: exam.max_attempts, cooldownSeconds: exam.cooldown_seconds }, finished, await now(tx));
        if (!allowance.allowed) {
          const why =
            allowance.reason === 'max-attempts'
              ? `you have used all ${exam.max_attempts} attempts at exam "${exam.title}" since your last pass; ask a manager to allow more (the exam's maxAttempts)`
              : `exam "${exam.title}" has a cool-down after a failed attempt; try again at ${allowance.nextAt.toISOString()}, or practise meanwhile (mode "practice")`;
          throw conflict(why, { reason: allowance.reason, nextAttemptAt: allowance.nextAt?.toISOString() ?? null });
        }
      }
      const row = await insertAttempt(tx, { id: randomUUID(), orgId: ctx.orgId, examId: exam.id, userId: ctx.caller.userId, mode, timeLimitSeconds: mode === 'exam' ? exam.time_limit_seconds : null });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'exam.start', objectType: 'exam-attempt', objectId: row.id, details: { examId: exam.id, mode } });
      return toAttemptDto(tx, row, exam);
    });
  }

  /** The attempt as its taker (or a training manager) may see it now. */
  async get(ctx: TenantContext, attemptId: string): Promise<AttemptDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      await closeOverdueAttempts(tx, ctx);
      const { attempt, exam } = await requireAttempt(tx, ctx, attemptId, { manager: true });
      return toAttemptDto(tx, attempt, exam);
    });
  }

  /** Saves (or replaces) one answer; practice answers come back with their feedback against gold. */
  async answer(ctx: TenantContext, attemptId: string, itemId: string, body: AnswerBody): Promise<AnswerDto> {
    requirePermission(ctx, 'project.read');
    const outcome = await this.database.tenant(ctx, async (tx): Promise<Outcome<AnswerDto>> => {
      const { attempt, exam } = await requireAttempt(tx, ctx, attemptId, { lock: true });
      if (attempt.finished_at !== null) throw conflict('this attempt is finished; its answers can no longer change', { finishedAt: attempt.finished_at.toISOString() });
      if (await isPastDeadline(tx, attempt.id, DEADLINE_GRACE_SECONDS)) {
        // Closed here and now, as it stood at the deadline; the refusal follows once that is committed.
        await finalizeAttempt(tx, ctx, attempt, exam);
        return { late: attempt.deadline_at! };
      }
      const item = (await examItems(tx, exam.id)).find((i) => i.id === itemId);
      if (!item) throw notFound('exam item', { attemptId, itemId });
      const config = exam.label_config as LabelConfig;
      const result = validateResult(config, item.data, body.result);
      const scored = scoreExamItem(config, item.expected as AnnotationResult, result);
      await upsertAnswer(tx, { attemptId: attempt.id, itemId, orgId: ctx.orgId, result, score: scored.score, controls: scored.controls });
      return { ok: { itemId, feedback: attempt.mode === 'practice' ? { score: scored.score, controls: scored.controls, expected: item.expected as NonNullable<AnswerDto['feedback']>['expected'] } : null } };
    });
    if ('late' in outcome) throw conflict(`time is up: this attempt ended at ${outcome.late.toISOString()} and was scored with the answers saved by then`, { deadlineAt: outcome.late.toISOString() });
    return outcome.ok;
  }

  /** Ends the attempt and scores it (again: the same answer for a finished one). */
  async finish(ctx: TenantContext, attemptId: string): Promise<AttemptDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      const { attempt, exam } = await requireAttempt(tx, ctx, attemptId, { lock: true });
      const done = attempt.finished_at === null ? await finalizeAttempt(tx, ctx, attempt, exam) : attempt;
      return toAttemptDto(tx, done, exam);
    });
  }
}

async function requireAttempt(tx: Tx, ctx: TenantContext, attemptId: string, opts: { lock?: boolean; manager?: boolean }): Promise<{ attempt: AttemptRow; exam: ExamRow }> {
  const attempt = await findAttempt(tx, attemptId, { lock: opts.lock ?? false });
  // Someone else's attempt is not there at all (a training manager may look at it, never answer it).
  const visible = attempt && (attempt.user_id === ctx.caller.userId || (opts.manager === true && can(ctx.role, 'training.manage')));
  if (!attempt || !visible) throw notFound('exam attempt', { attemptId });
  return { attempt, exam: (await findExam(tx, attempt.exam_id))! };
}

/** Closes the caller's real attempts whose time ran out, so standings, gates and records see them scored. */
export async function closeOverdueAttempts(tx: Tx, ctx: TenantContext): Promise<void> {
  for (const id of await overdueAttempts(tx, ctx.caller.userId, DEADLINE_GRACE_SECONDS)) {
    const attempt = await findAttempt(tx, id, { lock: true });
    if (!attempt || attempt.finished_at !== null) continue;
    await finalizeAttempt(tx, ctx, attempt, (await findExam(tx, attempt.exam_id))!);
  }
}

/**
 * Scores the attempt from its saved answers (unanswered items count 0), ends it, and for a passed real
 * attempt grants or renews the exam's certification. Real attempts go to the audit and transparency logs.
 */
async function finalizeAttempt(tx: Tx, ctx: TenantContext, attempt: AttemptRow, exam: ExamRow): Promise<AttemptRow> {
  const items = await examItems(tx, exam.id);
  const answers = new Map((await answersOf(tx, attempt.id)).map((a) => [a.item_id, a]));
  const { score, passed } = scoreExam(items.map((i) => answers.get(i.id)?.score ?? null), exam.pass_score);
  const real = attempt.mode === 'exam';
  const finishedAt = await finishAttempt(tx, attempt.id, score, real ? passed : null);
  const actor = { orgId: ctx.orgId, actorId: attempt.user_id };
  if (real) {
    const answerLog = items.map((i) => ({ item: i.id, result: answers.get(i.id)?.result ?? null }));
    await appendAudit(tx, { orgId: ctx.orgId, userId: attempt.user_id, action: 'exam.finish', objectType: 'exam-attempt', objectId: attempt.id, details: { examId: exam.id, score, passed } });
    await appendLogEvent(tx, examAttemptEvent(actor, { attemptId: attempt.id, examId: exam.id, score, passed, answers: answerLog }));
    if (passed && exam.certification_id) {
      const cert = (await findCertification(tx, exam.certification_id))!;
      const granted = await grantHolding(tx, { id: randomUUID(), orgId: ctx.orgId, certificationId: cert.id, userId: attempt.user_id, attemptId: attempt.id, validityDays: cert.validity_days });
      const expiresAt = granted.expires_at ? granted.expires_at.toISOString() : null;
      await appendAudit(tx, { orgId: ctx.orgId, userId: attempt.user_id, action: 'certification.grant', objectType: 'certification', objectId: cert.id, details: { userId: attempt.user_id, attemptId: attempt.id, expiresAt, status: granted.status } });
      await appendLogEvent(tx, certificationEvent(actor, { kind: 'certification.grant', certificationId: cert.id, userId: attempt.user_id, attemptId: attempt.id, expiresAt }));
    }
  }
  return { ...attempt, finished_at: finishedAt, score, passed: real ? passed : null };
}

async function toAttemptDto(tx: Tx, attempt: AttemptRow, exam: ExamRow): Promise<AttemptDto> {
  const items = await examItems(tx, exam.id);
  const answers = new Map((await answersOf(tx, attempt.id)).map((a) => [a.item_id, a]));
  const finished = attempt.finished_at !== null;
  const practice = attempt.mode === 'practice';
  let granted: AttemptDto['granted'] = null;
  if (attempt.passed === true && exam.certification_id) {
    const holding = await findHolding(tx, exam.certification_id, attempt.user_id);
    if (holding && holding.attempt_id === attempt.id) granted = { id: holding.certification_id, name: holding.certification_name, expiresAt: holding.expires_at ? holding.expires_at.toISOString() : null };
  }
  return {
    id: attempt.id,
    examId: exam.id,
    examTitle: exam.title,
    userId: attempt.user_id,
    mode: attempt.mode as AttemptMode,
    status: finished ? 'finished' : 'in_progress',
    startedAt: attempt.started_at.toISOString(),
    deadlineAt: attempt.deadline_at ? attempt.deadline_at.toISOString() : null,
    finishedAt: attempt.finished_at ? attempt.finished_at.toISOString() : null,
    serverNow: (await now(tx)).toISOString(),
    labelConfig: exam.label_config as AttemptDto['labelConfig'],
    passScore: exam.pass_score,
    items: items.map((item) => {
      const answer = answers.get(item.id);
      // Scores show once they can no longer help: at once in practice, after the end in a real attempt.
      const scored = finished || (practice && answer !== undefined);
      const reveal = practice ? answer !== undefined || finished : finished && exam.show_answers;
      return {
        id: item.id,
        data: item.data,
        answer: (answer?.result as AttemptDto['items'][number]['answer']) ?? null,
        score: scored ? (answer?.score ?? 0) : null,
        controls: scored && answer ? (answer.controls as ControlScoreDto[]) : null,
        expected: reveal ? (item.expected as AttemptDto['items'][number]['expected']) : null,
      };
    }),
    score: finished ? attempt.score : null,
    passed: attempt.passed,
    granted,
  };
}
