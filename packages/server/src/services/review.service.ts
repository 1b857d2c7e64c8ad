import { randomUUID } from 'node:crypto';
import {
  AQL_VALUES,
  initialSwitchingState,
  nextSwitchingState,
  samplingPlan,
  type InspectionLevel,
  type LotDto,
  type LotsDto,
  type NextReviewDto,
  type ReturnedWorkDto,
  type ReviewDecisionBody,
  type ReviewDto,
  type ReviewReason,
  type SwitchingState,
} from '@yungang/core';
import { countLabelForTraining } from '../models/training-trigger.js';
import type { Database, Tx } from '../db/database.js';
import { badRequest, conflict, forbidden, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import {
  decideReview,
  enqueueReview,
  findReview,
  findReviewLease,
  leaseNextReview,
  listLots,
  lotSampleProgress,
  nextLotNumber,
  returnedWork,
  reviewHistory,
  setReviewStatus,
  unlottedWork,
  type LotRow,
} from '../repositories/quality.repository.js';
import { findAnnotation } from '../repositories/annotations.repository.js';
import { contentHash } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { requireCertified } from './certification-gate.js';
import { auditPackageRefusal, requirePackageStaff } from './work-package-gate.js';
import { loadTaskDto } from './task-view.js';
import { sample, seedOf } from './sampling.js';

const REVIEW_LEASE_SECONDS = 30 * 60;

/**
 * Review and acceptance sampling. Reviewers lease one queued submission at a time (never their own
 * work) and accept or reject it with a comment; a rejection sends the work back to its annotator. Lots
 * follow GB/T 2828.1 / ISO 2859-1: a lot of submitted work gets its sampling plan from the project's AQL,
 * inspection level and current severity; its sample enters the queue; when the sample is inspected the
 * lot is accepted (nonconforming ≤ Ac) or rejected, the switching rules move the severity, and a rejected
 * lot's remaining items are screened (all reviewed).
 */
export class ReviewService {
  constructor(private readonly database: Database) {}

  async next(ctx: TenantContext, projectId: string): Promise<NextReviewDto> {
    requirePermission(ctx, 'task.review');
    try {
      return await this.claim(ctx, projectId);
    } catch (e) {
      await auditPackageRefusal(this.database, ctx, e);
      throw e;
    }
  }

  private async claim(ctx: TenantContext, projectId: string): Promise<NextReviewDto> {
    return this.database.tenant(ctx, async (tx): Promise<NextReviewDto> => {
      await requireProject(tx, projectId);
      await requireCertified(tx, ctx.caller.userId, projectId, 'review');
      await requirePackageStaff(tx, ctx.caller.userId, projectId, 'review');
      const row = (await findReviewLease(tx, projectId, ctx.caller.userId)) ?? (await leaseNextReview(tx, projectId, ctx.caller.userId, REVIEW_LEASE_SECONDS));
      if (!row) return { item: null };
      const task = await loadTaskDto(tx, (await findAnnotation(tx, row.annotation_id))!.task_id);
      const annotation = task.annotations.find((a) => a.id === row.annotation_id);
      if (!annotation) throw notFound('annotation', { annotationId: row.annotation_id });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'review.claim', objectType: 'annotation', objectId: row.annotation_id, details: { reviewId: row.id } });
      const earlier = await reviewHistory(tx, row.annotation_id);
      return {
        item: {
          id: row.id,
          reason: row.reason as ReviewReason,
          lotId: row.lot_id,
          task,
          annotation,
          earlier: earlier.map((e) => ({ version: e.version, decision: e.decision as 'accept' | 'reject', comment: e.comment, reviewerEmail: e.email, at: e.decided_at!.toISOString() })),
          expiresAt: row.expires_at!.toISOString(),
        },
      };
    });
  }

  async decide(ctx: TenantContext, reviewId: string, body: ReviewDecisionBody): Promise<ReviewDto> {
    requirePermission(ctx, 'task.review');
    const comment = (body.comment ?? '').trim();
    if (body.decision === 'reject' && comment === '') throw badRequest('say what is wrong: a rejection needs a comment for the annotator', { path: 'comment' });
    return this.database.tenant(ctx, async (tx) => {
      const row = await findReview(tx, reviewId, { forUpdate: true });
      if (!row) throw notFound('review', { reviewId });
      if (row.annotator_id === ctx.caller.userId) throw forbidden('you cannot review your own work');
      if (row.status === 'done') throw conflict('this review was already decided (or the annotation changed since); ask for the next one');
      if (row.status === 'leased' && row.reviewer_id !== ctx.caller.userId && row.expires_at! > new Date()) throw conflict('another reviewer holds this review; ask for the next one');
      const annotation = await findAnnotation(tx, row.annotation_id, { forUpdate: true });
      if (!annotation) throw notFound('annotation', { annotationId: row.annotation_id });
      await decideReview(tx, row.id, ctx.caller.userId, body.decision, comment);
      if (annotation.version === row.version) await setReviewStatus(tx, annotation.id, body.decision === 'accept' ? 'accepted' : 'rejected');
      // A label held for review counts towards the model's training when accepted; work sampled into a lot
      // already counted when it passed without review.
      if (annotation.version === row.version && body.decision === 'accept' && row.lot_id === null) await countLabelForTraining(tx, ctx.orgId, ctx.caller.userId, row.project_id);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: `review.${body.decision}`, objectType: 'annotation', objectId: annotation.id, details: { reviewId: row.id, version: row.version } });
      await appendLogEvent(tx, {
        kind: 'review.decision',
        orgId: ctx.orgId,
        actorId: ctx.caller.userId,
        subject: { type: 'annotation', id: annotation.id },
        projectId: row.project_id,
        taskId: annotation.task_id,
        data: { version: row.version, decision: body.decision, reason: row.reason, commentSha256: contentHash(comment), lot: row.lot_id },
      });
      const lot = row.lot_id ? await this.settleLot(tx, ctx, row.project_id, row.lot_id) : null;
      return { id: row.id, annotationId: annotation.id, version: row.version, decision: body.decision, comment, lot };
    });
  }

  async returned(ctx: TenantContext, projectId: string): Promise<ReturnedWorkDto[]> {
    requirePermission(ctx, 'task.annotate');
    return this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId);
      const rows = await returnedWork(tx, projectId, ctx.caller.userId);
      const items: ReturnedWorkDto[] = [];
      for (const r of rows) {
        const task = await loadTaskDto(tx, r.task_id);
        const annotation = task.annotations.find((a) => a.id === r.id);
        if (!annotation) continue;
        items.push({ task: { ...task, annotations: [annotation] }, annotation, comment: r.comment, reviewerEmail: r.email, rejectedAt: r.decided_at!.toISOString() });
      }
      // The page shows each task's data: one audit row for the page, counted per task by the access alerts.
      if (items.length > 0) {
        await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.returned', objectType: 'project', objectId: projectId, details: { count: items.length, taskIds: items.map((i) => i.task.id) } });
      }
      return items;
    });
  }

  async createLot(ctx: TenantContext, projectId: string, size: number | undefined): Promise<LotDto> {
    requirePermission(ctx, 'project.write');
    return this.database.tenant(ctx, async (tx) => {
      // Locks the project row: lot numbers and the switching state move one lot at a time. Lots may overlap in
      // inspection; each takes the severity in force when it is formed, and the state moves as each is decided.
      const project = await requireProject(tx, projectId, { lock: 'update' });
      const aql = project.policy.aql;
      if (aql === null) throw badRequest("set an AQL in the project's quality policy first (PATCH /projects/{id} with qualityPolicy.aql)", { path: 'qualityPolicy.aql' });
      if (!(AQL_VALUES as readonly number[]).includes(aql)) throw badRequest(`the AQL ${aql} is not a preferred value of GB/T 2828.1; use one of ${AQL_VALUES.filter((v) => v <= 10).join(', ')}`, { path: 'qualityPolicy.aql' });
      const state = stateOf(project.sampling_state);
      if (state.discontinued) throw conflict('acceptance inspection is discontinued after 5 lots were rejected under tightened inspection (GB/T 2828.1 §9.4); fix the process, then resume it');
      const items = await unlottedWork(tx, projectId, size ?? 1_000_000);
      if (items.length === 0) throw badRequest('no submitted work outside a lot yet: annotate first', { projectId });
      const plan = samplingPlan({ lotSize: items.length, aql, inspectionLevel: project.policy.inspectionLevel as InspectionLevel, severity: state.severity });
      const id = randomUUID();
      const number = await nextLotNumber(tx, projectId);
      const sampled = new Set(sample(items.length, plan.sampleSize, seedOf(id)));
      await tx
        .insertInto('lots')
        .values({ id, org_id: ctx.orgId, project_id: projectId, number, size: items.length, aql, inspection_level: plan.inspectionLevel, severity: plan.severity, code_letter: plan.codeLetter, sample_size: plan.sampleSize, accept: plan.accept, reject: plan.reject, created_by: ctx.caller.userId })
        .execute();
      await tx.insertInto('lot_items').values(items.map((it, i) => ({ lot_id: id, org_id: ctx.orgId, annotation_id: it.id, version: it.version, sampled: sampled.has(i) }))).execute();
      for (const i of sampled) {
        const it = items[i]!;
        await enqueueReview(tx, { id: randomUUID(), orgId: ctx.orgId, projectId, annotationId: it.id, version: it.version, annotatorId: it.user_id, reason: 'lot', lotId: id });
      }
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'lot.create', objectType: 'lot', objectId: id, details: { number, size: items.length, sampleSize: plan.sampleSize } });
      await appendLogEvent(tx, {
        kind: 'lot.create',
        orgId: ctx.orgId,
        actorId: ctx.caller.userId,
        subject: { type: 'lot', id },
        projectId,
        data: { number, size: items.length, aql, inspectionLevel: plan.inspectionLevel, severity: plan.severity, codeLetter: plan.codeLetter, sampleSize: plan.sampleSize, accept: plan.accept, reject: plan.reject },
      });
      // Items already reviewed for another reason count at once; a lot may be decided right away.
      await this.settleLot(tx, ctx, projectId, id);
      return toLotDto((await listLots(tx, projectId)).find((l) => l.id === id)!);
    });
  }

  async lots(ctx: TenantContext, projectId: string): Promise<LotsDto> {
    requirePermission(ctx, 'task.read');
    return this.database.tenant(ctx, (tx) => lotsOf(tx, projectId));
  }

  /** Decides a lot once its whole sample is inspected: accept, or reject and screen the rest. */
  private async settleLot(tx: Tx, ctx: TenantContext, projectId: string, lotId: string): Promise<{ id: string; status: 'inspecting' | 'accepted' | 'rejected' }> {
    const lot = await tx.selectFrom('lots').selectAll().where('id', '=', lotId).forUpdate().executeTakeFirstOrThrow();
    if (lot.status !== 'inspecting') return { id: lot.id, status: lot.status as 'accepted' | 'rejected' };
    const progress = await lotSampleProgress(tx, lotId);
    if (progress.inspected < lot.sample_size) return { id: lot.id, status: 'inspecting' };
    const accepted = progress.nonconforming <= lot.accept;
    const status = accepted ? 'accepted' : 'rejected';
    await tx.updateTable('lots').set({ status, nonconforming: progress.nonconforming, decided_at: new Date() }).where('id', '=', lotId).execute();
    const project = await requireProject(tx, projectId);
    const plan = samplingPlan({ lotSize: lot.size, aql: lot.aql, inspectionLevel: lot.inspection_level as InspectionLevel, severity: lot.severity as SwitchingState['severity'] });
    const state = nextSwitchingState(stateOf(project.sampling_state), { accepted, nonconforming: progress.nonconforming, plan });
    await tx.updateTable('projects').set({ sampling_state: JSON.stringify(state) }).where('id', '=', projectId).execute();
    if (!accepted) {
      // GB/T 2828.1 leaves a rejected lot to the responsible authority; we screen it: every unsampled item is reviewed.
      const rest = await tx
        .selectFrom('lot_items as li')
        .innerJoin('annotations as an', 'an.id', 'li.annotation_id')
        .select(['li.annotation_id', 'li.version', 'an.user_id'])
        .where('li.lot_id', '=', lotId)
        .where('li.sampled', '=', false)
        .execute();
      for (const r of rest) {
        await enqueueReview(tx, { id: randomUUID(), orgId: ctx.orgId, projectId, annotationId: r.annotation_id, version: r.version, annotatorId: r.user_id, reason: 'screening', lotId });
        await setReviewStatus(tx, r.annotation_id, 'pending');
      }
    }
    await appendLogEvent(tx, {
      kind: 'lot.decision',
      orgId: ctx.orgId,
      actorId: ctx.caller.userId,
      subject: { type: 'lot', id: lotId },
      projectId,
      data: { status, nonconforming: progress.nonconforming, sampleSize: lot.sample_size, accept: lot.accept, nextSeverity: state.severity, discontinued: state.discontinued },
    });
    return { id: lotId, status };
  }
}

export async function lotsOf(tx: Tx, projectId: string): Promise<LotsDto> {
  const project = await requireProject(tx, projectId);
  const state = stateOf(project.sampling_state);
  return { items: (await listLots(tx, projectId)).map(toLotDto), severity: state.severity, discontinued: state.discontinued };
}

function stateOf(stored: unknown): SwitchingState {
  return stored ? (stored as SwitchingState) : initialSwitchingState();
}

function toLotDto(l: LotRow): LotDto {
  return {
    id: l.id,
    number: l.number,
    size: l.size,
    aql: l.aql,
    inspectionLevel: l.inspection_level,
    severity: l.severity as LotDto['severity'],
    codeLetter: l.code_letter,
    sampleSize: l.sample_size,
    accept: l.accept,
    reject: l.reject,
    inspected: l.inspected,
    nonconforming: l.nonconforming,
    status: l.status as LotDto['status'],
    createdAt: l.created_at.toISOString(),
    decidedAt: l.decided_at ? l.decided_at.toISOString() : null,
  };
}
