import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { resolveQualityPolicy, validateResult, type AnnotationDto, type AnnotationResult, type LabelConfig, type SubmitAnnotationBody } from '@yungang/core';
import type { Database } from '../db/database.js';
import { insertFirstVersionsRecordingSubmissions, lockSubmitContexts, type FirstSubmission, type SubmitContextRow } from '../repositories/submission.repository.js';
import type { AuditEvent } from '../repositories/audit.repository.js';
import type { LogEvent } from '../repositories/log.repository.js';
import { annotationVersionEvent } from '../provenance/log-events.js';
import { countsForTraining } from '../models/training-trigger.js';
import { quietSubmission } from './quality-hooks.js';
import type { TenantContext } from './context.js';

/** What a submit writes beside its annotation: the audit row and the transparency-log event of `version`. */
export function submissionRecords(ctx: TenantContext, projectId: string, taskId: string, annotationId: string, version: number, result: unknown): { audit: AuditEvent; log: LogEvent } {
  return {
    audit: { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'annotation.submit', objectType: 'annotation', objectId: annotationId, details: { taskId, version } },
    log: annotationVersionEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { annotationId, projectId, taskId, version, result, edit: false }),
  };
}

/** A submit's answer for a new annotation (version 1), known whole from what was written. */
export function newAnnotationDto(ctx: TenantContext, a: { id: string; taskId: string; result: unknown; leadTimeMs: number; createdAt: Date; reviewStatus: AnnotationDto['reviewStatus'] }): AnnotationDto {
  const at = a.createdAt.toISOString();
  return { id: a.id, taskId: a.taskId, userId: ctx.caller.userId, userEmail: ctx.caller.email, version: 1, result: a.result as AnnotationDto['result'], leadTimeMs: a.leadTimeMs, createdAt: at, updatedAt: at, reviewStatus: a.reviewStatus };
}

interface Pending {
  ctx: TenantContext;
  assignmentId: string;
  body: SubmitAnnotationBody;
}

/**
 * The common submit as a batch writes it: the person's first annotation on a task of theirs that is leased and
 * unexpired, not gold, valid, that the quality hooks and the training trigger leave alone. Anything else (and any
 * doubt) is undefined: that submit takes the long way, `AnnotationService.submit` on its own, which answers
 * each case as it always has.
 */
function plan(p: Pending, locked: SubmitContextRow): FirstSubmission | undefined {
  const { task, assignment } = locked;
  if (assignment.status !== 'active' || assignment.expires_at.getTime() <= Date.now() || task.gold) return undefined;
  if (countsForTraining({ backend_id: locked.train_backend_id, train_every: locked.train_every })) return undefined;
  const project = { id: locked.id, config: locked.label_config as LabelConfig, policy: resolveQualityPolicy(locked.quality_policy), overlap: locked.overlap };
  let result: AnnotationResult;
  try {
    result = validateResult(project.config, task.data, p.body.result);
  } catch {
    return undefined;
  }
  if (!quietSubmission({ project, task, result })) return undefined;
  const id = randomUUID();
  return {
    id,
    projectId: project.id,
    taskId: task.id,
    userId: p.ctx.caller.userId,
    assignmentId: assignment.id,
    result,
    leadTimeMs: p.body.leadTimeMs ?? 0,
    overlap: project.overlap,
    address: p.ctx.address || null,
    ...submissionRecords(p.ctx, project.id, task.id, id, 1, result),
  };
}

/**
 * Submits that arrive together in one organisation share one transaction on PostgreSQL: one statement locks
 * every assignment with its task and project, one writes every first annotation with its version, audit row,
 * transparency-log event, the assignment's state and the task's completion; then one COMMIT. A submit on its
 * own is four statements and a commit, and under load the per-statement cost is most of a submit's (issue 10).
 *
 * The batch is whatever arrived in one turn of the event loop (`setImmediate`), so a lone submit waits for
 * nothing. A submit the batch does not write (see `plan`) gets undefined and runs on its own afterwards; if the
 * batch's transaction fails, they all do, so each answers with its own error and none is lost or written twice.
 */
export class SubmitBatches {
  private readonly byOrg = new Map<string, DataLoader<Pending, AnnotationDto | undefined>>();

  constructor(private readonly database: Database) {}

  submit(ctx: TenantContext, assignmentId: string, body: SubmitAnnotationBody): Promise<AnnotationDto | undefined> {
    let batches = this.byOrg.get(ctx.orgId);
    if (!batches) {
      batches = new DataLoader((items) => this.run(ctx.orgId, items), { cache: false, maxBatchSize: 64, batchScheduleFn: (run) => setImmediate(run) });
      this.byOrg.set(ctx.orgId, batches);
    }
    return batches.load({ ctx, assignmentId, body });
  }

  private async run(orgId: string, items: readonly Pending[]): Promise<(AnnotationDto | undefined)[]> {
    try {
      return await this.database.tenant({ orgId }, async (tx) => {
        const locked = new Map((await lockSubmitContexts(tx, items.map((i) => ({ assignmentId: i.assignmentId, userId: i.ctx.caller.userId })))).map((row) => [row.assignment.id, row]));
        // An assignment sent twice in one batch is written once at most; the other copy takes the long way (409).
        const taken = new Set<string>();
        const plans = items.map((i) => {
          const row = locked.get(i.assignmentId);
          if (!row || taken.has(i.assignmentId)) return undefined;
          taken.add(i.assignmentId);
          return plan(i, row);
        });
        const chosen = plans.filter((p): p is FirstSubmission => p !== undefined);
        const made = chosen.length > 0 ? await this.database.commitBehind(tx, () => insertFirstVersionsRecordingSubmissions(tx, orgId, chosen)) : new Map<string, Date>();
        return items.map((i, k) => {
          const p = plans[k];
          const createdAt = p && made.get(p.id);
          return p && createdAt ? newAnnotationDto(i.ctx, { id: p.id, taskId: p.taskId, result: p.result, leadTimeMs: p.leadTimeMs, createdAt, reviewStatus: 'none' }) : undefined;
        });
      }, { genericPlans: true });
    } catch {
      // Nothing of the batch was written (its transaction rolled back): every submit runs on its own instead.
      return items.map(() => undefined);
    }
  }
}
