import { createHash, randomUUID } from 'node:crypto';
import { evaluateConsistency, groupAgreement, hasSafetyLabel, resultAgreement, type AnnotationDto, type AnnotationResult, type LabelConfig, type QualityPolicy } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { annotationsOfTasks } from '../repositories/annotations.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { enqueueReview, insertGoldCheck, openAdjudication, setReviewStatus, supersedeReviews } from '../repositories/quality.repository.js';
import { contentHash } from '../provenance/log-events.js';
import type { TenantContext } from './context.js';

/**
 * What the hooks did to a submission: the review status a new annotation ends with (it starts at 'none'; the
 * hooks only ever set it to 'pending'), so a submit can answer without reading it back, and gold feedback.
 */
export interface SubmitOutcome {
  reviewStatus: 'none' | 'pending';
  goldFeedback: AnnotationDto['goldFeedback'];
}

/**
 * What the quality policy does when work is saved, inside the saving transaction: a gold task is scored
 * against its expected result; other work enters review when the policy selects it; a task that just
 * reached its overlap goes to adjudication when its annotators agree less than the threshold; work that
 * breaks one of the project's cross-modal consistency rules goes to review (reason `inconsistent`).
 */
export interface Saved {
  project: { id: string; config: LabelConfig; policy: QualityPolicy; overlap: number };
  task: { id: string; gold?: unknown[] | null | undefined };
  annotationId: string;
  version: number;
  result: AnnotationResult;
}

export async function afterSubmit(tx: Tx, ctx: TenantContext, s: Saved): Promise<SubmitOutcome> {
  const { project, task } = s;
  if (task.gold) {
    const expected = task.gold as AnnotationResult;
    const score = resultAgreement(project.config, expected, s.result);
    const passed = score >= project.policy.goldPassScore;
    await insertGoldCheck(tx, { id: randomUUID(), orgId: ctx.orgId, projectId: project.id, taskId: task.id, annotationId: s.annotationId, version: s.version, userId: ctx.caller.userId, score, passed });
    await appendLogEvent(tx, {
      kind: 'gold.check',
      orgId: ctx.orgId,
      actorId: ctx.caller.userId,
      subject: { type: 'annotation', id: s.annotationId },
      projectId: project.id,
      taskId: task.id,
      data: { version: s.version, goldSha256: contentHash(expected), score, passed },
    });
    return {
      reviewStatus: 'none',
      goldFeedback: project.policy.goldFeedback === 'immediate' ? { passed, score, expected: task.gold as NonNullable<AnnotationDto['goldFeedback']>['expected'] } : undefined,
    };
  }
  const reason = submitReviewReason(s);
  if (reason) await queueForReview(tx, ctx.orgId, ctx.caller.userId, s, reason);
  if (project.policy.adjudicationThreshold !== null && adjudicates(project)) await maybeAdjudicate(tx, ctx, s, project.policy.adjudicationThreshold);
  return { reviewStatus: reason ? 'pending' : 'none', goldFeedback: undefined };
}

/**
 * Whether `afterSubmit` has nothing to do for this submission (it then runs no statement and reports review
 * status 'none'): not gold, a project that neither reviews by policy nor adjudicates, and a result without a
 * safety finding or a broken consistency rule. Batched submits write only such submissions (`submit-batch.ts`).
 * It does not look at the annotation's id: a sample drawn by id and declined by the batch would be drawn again,
 * with a new id, on the long way, and the sample would shrink to its rate squared.
 */
export function quietSubmission(s: Omit<Saved, 'annotationId' | 'version'>): boolean {
  const policy = s.project.policy;
  const reviewsByPolicy = policy.review === 'all' || (policy.review === 'sample' && policy.reviewSampleRate > 0);
  return !s.task.gold && !reviewsByPolicy && !adjudicates(s.project) && !hasSafetyLabel(s.project.config, s.result) && !isInconsistent(policy, s.result);
}

/** Why a (non-gold) submission goes to review, if it does. Safety findings are reviewed at 100 %, whatever the sampling policy says (docs/llm-data.md). */
function submitReviewReason(s: Saved): string | undefined {
  return (hasSafetyLabel(s.project.config, s.result) ? 'safety' : undefined) ?? reviewReason(s.project.policy, s.annotationId) ?? (isInconsistent(s.project.policy, s.result) ? 'inconsistent' : undefined);
}

function adjudicates(project: Saved['project']): boolean {
  return project.policy.adjudicationThreshold !== null && project.overlap >= 2;
}

/** A new version of an annotation: older open reviews close; rejected or pending work goes (back) to review. */
export async function afterEdit(tx: Tx, ctx: TenantContext, s: Saved & { annotatorId: string; reviewStatus: string }): Promise<void> {
  await supersedeReviews(tx, s.annotationId, s.version);
  if (s.reviewStatus === 'rejected' || s.reviewStatus === 'pending') {
    await queueForReview(tx, ctx.orgId, s.annotatorId, s, s.reviewStatus === 'rejected' ? 'rework' : 'all');
  } else if (!s.task.gold && hasSafetyLabel(s.project.config, s.result)) {
    await queueForReview(tx, ctx.orgId, s.annotatorId, s, 'safety');
  } else if (!s.task.gold && isInconsistent(s.project.policy, s.result)) {
    await queueForReview(tx, ctx.orgId, s.annotatorId, s, 'inconsistent');
  }
}

/** Whether a result breaks one of the policy's consistency rules (none set: never). */
export function isInconsistent(policy: QualityPolicy, result: AnnotationResult): boolean {
  return policy.consistencyRules.length > 0 && !evaluateConsistency(policy.consistencyRules, result).consistent;
}

/** Whether the policy sends this submission to review: all, or a deterministic sample by annotation id. */
export function reviewReason(policy: QualityPolicy, annotationId: string): 'all' | 'sample' | undefined {
  if (policy.review === 'all') return 'all';
  if (policy.review === 'sample' && sampleFraction(annotationId) < policy.reviewSampleRate) return 'sample';
  return undefined;
}

/** A number in [0, 1) fixed by the id: the same submission is always in or out of the sample. */
export function sampleFraction(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) / 2 ** 32;
}

/** Queues the saved version for review; `annotatorId` is whose work it is (a reviewer may have saved it). */
async function queueForReview(tx: Tx, orgId: string, annotatorId: string, s: Saved, reason: string): Promise<void> {
  await enqueueReview(tx, { id: randomUUID(), orgId, projectId: s.project.id, annotationId: s.annotationId, version: s.version, annotatorId, reason, lotId: null });
  await setReviewStatus(tx, s.annotationId, 'pending');
}

async function maybeAdjudicate(tx: Tx, ctx: TenantContext, s: Saved, threshold: number): Promise<void> {
  const annotations = await annotationsOfTasks(tx, [s.task.id]);
  if (annotations.length < s.project.overlap) return;
  const agreement = groupAgreement(
    s.project.config,
    annotations.map((a) => a.result as AnnotationResult),
  );
  if (agreement >= threshold) return;
  await openAdjudication(tx, { taskId: s.task.id, orgId: ctx.orgId, projectId: s.project.id, agreement });
}
