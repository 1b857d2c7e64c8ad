import { estimateAccuracy, resultAgreement, scoreTrend, type AnnotationResult, type LabelConfig, type QualitySummaryDto } from '@yungang/core';
import { sql } from 'kysely';
import type { Database, Tx } from '../db/database.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { lotsOf } from './review.service.js';

type Rate = QualitySummaryDto['accuracy'];
/** Completed overlapping tasks read for consensus scores: the most recent ones, so the summary stays quick. */
const CONSENSUS_TASKS = 2000;
/** Days of history a trend looks back over. */
const TREND_DAYS = 14;

/**
 * Quality scores of a project: per annotator (gold accuracy, review pass rate, agreement with the
 * others on overlapping tasks, speed), review and adjudication counts, lots, and the project's accuracy
 * estimated from review decisions with a Wilson 95% interval.
 */
export class QualityService {
  constructor(private readonly database: Database) {}

  async summary(ctx: TenantContext, projectId: string): Promise<QualitySummaryDto> {
    requirePermission(ctx, 'task.read');
    return this.database.tenant(ctx, async (tx) => {
      const project = await requireProject(tx, projectId);
      const work = await sql<{ user_id: string; email: string; submitted: number; median_ms: number | null }>`
        SELECT an.user_id, u.email, count(*)::int AS submitted,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY v.lead_time_ms) AS median_ms
        FROM annotations an
        JOIN users u ON u.id = an.user_id
        JOIN tasks t ON t.id = an.task_id
        JOIN annotation_versions v ON v.annotation_id = an.id AND v.version = an.version
        WHERE an.project_id = ${projectId} AND t.gold IS NULL
        GROUP BY an.user_id, u.email`.execute(tx);
      const gold = await sql<{ user_id: string; email: string; passed: number; total: number }>`
        SELECT g.user_id, u.email, count(*) FILTER (WHERE g.passed)::int AS passed, count(*)::int AS total
        FROM gold_checks g JOIN users u ON u.id = g.user_id WHERE g.project_id = ${projectId} GROUP BY g.user_id, u.email`.execute(tx);
      const reviews = await sql<{ annotator_id: string; email: string; accepted: number; rejected: number }>`
        SELECT q.annotator_id, u.email, count(*) FILTER (WHERE q.decision = 'accept')::int AS accepted, count(*) FILTER (WHERE q.decision = 'reject')::int AS rejected
        FROM review_queue q JOIN users u ON u.id = q.annotator_id WHERE q.project_id = ${projectId} GROUP BY q.annotator_id, u.email`.execute(tx);
      const queue = await sql<{ pending: number; accepted: number; rejected: number }>`
        SELECT count(*) FILTER (WHERE status <> 'done')::int AS pending,
               count(*) FILTER (WHERE decision = 'accept')::int AS accepted,
               count(*) FILTER (WHERE decision = 'reject')::int AS rejected
        FROM review_queue WHERE project_id = ${projectId}`.execute(tx);
      const adjudication = await sql<{ pending: number; done: number }>`
        SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'done')::int AS done
        FROM adjudications WHERE project_id = ${projectId}`.execute(tx);
      const consensus = await this.consensus(tx, projectId, project.config);
      const trends = await this.trends(tx, projectId);

      const people = new Map<string, string>();
      // Everyone with work, gold checks or review decisions in the project (a task made gold later keeps its reviews).
      for (const r of [...work.rows, ...gold.rows]) people.set(r.user_id, r.email);
      for (const r of reviews.rows) people.set(r.annotator_id, r.email);
      const annotators = [...people].map(([userId, email]) => {
        const w = work.rows.find((r) => r.user_id === userId);
        const g = gold.rows.find((r) => r.user_id === userId);
        const rv = reviews.rows.find((r) => r.annotator_id === userId);
        const c = consensus.get(userId);
        return {
          userId,
          email,
          submitted: w?.submitted ?? 0,
          gold: rate(g?.passed ?? 0, g?.total ?? 0),
          review: rate(rv?.accepted ?? 0, (rv?.accepted ?? 0) + (rv?.rejected ?? 0)),
          consensus: rate(c?.agree ?? 0, c?.total ?? 0),
          medianLeadTimeMs: w?.median_ms === null || w?.median_ms === undefined ? null : Number(w.median_ms),
          trend: trendOf(trends.get(userId) ?? []),
        };
      });
      annotators.sort((a, b) => a.email.localeCompare(b.email));
      const q = queue.rows[0] ?? { pending: 0, accepted: 0, rejected: 0 };
      return {
        policy: project.policy,
        annotators,
        review: q,
        adjudication: adjudication.rows[0] ?? { pending: 0, done: 0 },
        accuracy: rate(q.accepted, q.accepted + q.rejected),
        lots: await lotsOf(tx, projectId),
      };
    });
  }

  /** Per annotator and UTC day of the last TREND_DAYS: submissions, and checks passed of checks made (gold + review). */
  private async trends(tx: Tx, projectId: string) {
    const rows = await sql<{ user_id: string; day: string; submitted: number; correct: number; total: number }>`
      WITH events AS (
        SELECT an.user_id, v.created_at AS at, 1 AS submitted, 0 AS correct, 0 AS total
        FROM annotation_versions v JOIN annotations an ON an.id = v.annotation_id
        WHERE an.project_id = ${projectId} AND v.version = 1 AND v.created_at >= now() - make_interval(days => ${TREND_DAYS})
        UNION ALL
        SELECT g.user_id, g.created_at, 0, CASE WHEN g.passed THEN 1 ELSE 0 END, 1
        FROM gold_checks g WHERE g.project_id = ${projectId} AND g.created_at >= now() - make_interval(days => ${TREND_DAYS})
        UNION ALL
        SELECT q.annotator_id, q.decided_at, 0, CASE WHEN q.decision = 'accept' THEN 1 ELSE 0 END, 1
        FROM review_queue q WHERE q.project_id = ${projectId} AND q.decision IS NOT NULL AND q.decided_at >= now() - make_interval(days => ${TREND_DAYS})
      )
      SELECT user_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
             sum(submitted)::int AS submitted, sum(correct)::int AS correct, sum(total)::int AS total
      FROM events GROUP BY user_id, day ORDER BY user_id, day`.execute(tx);
    const out = new Map<string, { day: string; submitted: number; correct: number; total: number }[]>();
    for (const r of rows.rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { day: r.day, submitted: r.submitted, correct: r.correct, total: r.total }]);
    return out;
  }

  /** Per annotator: on completed overlapping tasks, how often their result agrees (≥ 0.5) with the others on average. */
  private async consensus(tx: Tx, projectId: string, config: LabelConfig) {
    const rows = await sql<{ task_id: string; user_id: string; result: AnnotationResult }>`
      WITH recent AS (
        SELECT t.id FROM tasks t WHERE t.project_id = ${projectId} AND t.completed AND t.gold IS NULL ORDER BY t.id DESC LIMIT ${CONSENSUS_TASKS}
      )
      SELECT an.task_id, an.user_id, v.result
      FROM annotations an JOIN recent r ON r.id = an.task_id
      JOIN annotation_versions v ON v.annotation_id = an.id AND v.version = an.version`.execute(tx);
    const byTask = new Map<string, { user_id: string; result: AnnotationResult }[]>();
    for (const r of rows.rows) byTask.set(r.task_id, [...(byTask.get(r.task_id) ?? []), r]);
    const out = new Map<string, { agree: number; total: number }>();
    for (const group of byTask.values()) {
      if (group.length < 2) continue;
      for (const mine of group) {
        const others = group.filter((g) => g !== mine);
        const mean = others.reduce((s, o) => s + resultAgreement(config, mine.result, o.result), 0) / others.length;
        const entry = out.get(mine.user_id) ?? { agree: 0, total: 0 };
        entry.total++;
        if (mean >= 0.5) entry.agree++;
        out.set(mine.user_id, entry);
      }
    }
    return out;
  }
}

function trendOf(days: { day: string; submitted: number; correct: number; total: number }[]): QualitySummaryDto['annotators'][number]['trend'] {
  const { direction, earlier, later } = scoreTrend(days);
  return { days, direction, earlier, later };
}

function rate(correct: number, total: number): Rate {
  if (total === 0) return { correct, total, estimate: null, lower: null, upper: null };
  const e = estimateAccuracy({ correct, total, method: 'wilson' });
  return { correct, total, estimate: e.estimate, lower: e.lower, upper: e.upper };
}
