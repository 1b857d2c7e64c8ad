import { randomUUID } from 'node:crypto';
import { can, resolveQualityPolicy, validateResult, type AnnotationDto, type LabelConfig, type AnnotationVersionDto, type SubmitAnnotationBody } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { conflict, notFound } from '../http/app-error.js';
import { liveWorkCount } from '../repositories/assignments.repository.js';
import { insertFirstVersionsRecordingSubmissions, lockSubmitContext, recordSubmission } from '../repositories/submission.repository.js';
import { isUuid } from '../db/ids.js';
import { annotationsOfTasks, appendVersion, findAnnotation, findAnnotationOf, listVersions } from '../repositories/annotations.repository.js';
import { findTask } from '../repositories/tasks.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { annotationVersionEvent } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { toAnnotationDto } from './task-view.js';
import { afterEdit, afterSubmit } from './quality-hooks.js';
import { countSubmissionForTraining } from '../models/training-trigger.js';
import { newAnnotationDto, submissionRecords, SubmitBatches } from './submit-batch.js';

export class AnnotationService {
  /** Batched submits (`submit-batch.ts`) where the database takes several connections (PostgreSQL). */
  private readonly batches: SubmitBatches | undefined;

  constructor(private readonly database: Database) {
    this.batches = database.concurrent ? new SubmitBatches(database) : undefined;
  }

  /** Submits the caller's work on a leased task: version 1 of their annotation (or a new version). */
  async submit(ctx: TenantContext, assignmentId: string, body: SubmitAnnotationBody): Promise<AnnotationDto> {
    requirePermission(ctx, 'task.annotate');
    // The common case, a first annotation, goes with the submits that arrive with it; the batch hands back what it does not write.
    if (this.batches && isUuid(assignmentId) && !body.baseVersion) {
      const saved = await this.batches.submit(ctx, assignmentId, body);
      if (saved) return saved;
    }
    return this.database.tenant(ctx, async (tx) => {
      // Locks in one order everywhere: project (shared), task, assignment, taken by the submit's first statement
      // (`lockSubmitContext`). The shared project lock keeps an overlap change (which locks the project for update,
      // then recounts tasks) from interleaving with this count; task before assignment is the order claiming
      // uses, so submits and claims cannot deadlock, and the completion count below sees every submission
      // committed before ours.
      const locked = isUuid(assignmentId) ? await lockSubmitContext(tx, assignmentId, ctx.caller.userId) : undefined;
      if (!locked) throw notFound('assignment', { assignmentId });
      const { task, assignment: a } = locked;
      const project = { ...locked, config: locked.label_config as LabelConfig, policy: resolveQualityPolicy(locked.quality_policy) };
      if (a.status !== 'active') {
        throw conflict(`this assignment is ${a.status}; ${a.status === 'submitted' ? 'edit the annotation with PUT /api/v1/annotations/{id}' : 'ask for the next task'}`, { status: a.status });
      }
      if (a.expires_at.getTime() <= Date.now() && (await liveWorkCount(tx, a.task_id, ctx.caller.userId)) >= project.overlap) {
        throw conflict('your lease on this task expired and the task went to another annotator; your result was not saved, ask for the next task', { expiredAt: a.expires_at.toISOString() });
      }
      const result = validateResult(project.config, task.data, body.result);
      // Insert first: a new annotation (with its version 1, one statement) is the common case, and the task
      // lock keeps this user's submits in line. A later version (an earlier lease's annotation) takes the long way.
      const leadTimeMs = body.leadTimeMs ?? 0;
      if (body.baseVersion !== undefined && body.baseVersion !== 0) {
        const prior = await findAnnotationOf(tx, task.id, ctx.caller.userId);
        if (!prior || prior.version !== body.baseVersion) throw staleVersion(prior?.version ?? 0, body.baseVersion);
      }
      // Gold tasks take any number of annotators and never complete: they exist to test people. The audit row
      // and the transparency-log event ride in the same statement as the assignment's state change.
      const overlap = task.gold ? null : project.overlap;
      const submitted = (id: string, version: number) => ({ overlap, ...submissionRecords(ctx, project.id, task.id, id, version, result) });
      const newId = randomUUID();
      const written = await insertFirstVersionsRecordingSubmissions(tx, ctx.orgId, [
        { id: newId, projectId: project.id, taskId: task.id, userId: ctx.caller.userId, assignmentId: a.id, result, leadTimeMs, address: ctx.address || null, ...submitted(newId, 1) },
      ]);
      const createdAt = written.get(newId);
      const created = createdAt ? { id: newId, createdAt } : undefined;
      let saved: { id: string; version: number };
      if (created !== undefined) {
        saved = { id: created.id, version: 1 };
      } else {
        const existing = await findAnnotationOf(tx, task.id, ctx.caller.userId);
        if (!existing) throw notFound('annotation', { taskId: task.id });
        if (body.baseVersion !== undefined && body.baseVersion !== existing.version) throw staleVersion(existing.version, body.baseVersion);
        await appendVersion(tx, { annotationId: existing.id, orgId: ctx.orgId, version: existing.version + 1, result, leadTimeMs, createdBy: ctx.caller.userId });
        saved = { id: existing.id, version: existing.version + 1 };
        await recordSubmission(tx, { assignmentId: a.id, taskId: task.id, ...submitted(saved.id, saved.version) });
      }
      const { goldFeedback, reviewStatus } = await afterSubmit(tx, ctx, { project, task, annotationId: saved.id, version: saved.version, result });
      // The saved annotation as answered. A new one is known whole (its review status is the hooks'); a later
      // version is read back, after the hooks, for its first creation time and its earlier review status.
      const dto: AnnotationDto = created ? newAnnotationDto(ctx, { id: created.id, taskId: task.id, result, leadTimeMs, createdAt: created.createdAt, reviewStatus }) : await this.load(tx, saved.id, task.id);
      if (!task.gold) await countSubmissionForTraining(tx, ctx.orgId, ctx.caller.userId, project.id, dto.reviewStatus, { backend_id: locked.train_backend_id, train_every: locked.train_every });
      return goldFeedback ? { ...dto, goldFeedback } : dto;
    });
  }

  /** Edits an annotation: a new version on top of `baseVersion`; a stale base answers 409, never overwrites. */
  async edit(ctx: TenantContext, annotationId: string, body: SubmitAnnotationBody): Promise<AnnotationDto> {
    requirePermission(ctx, 'task.annotate');
    return this.database.tenant(ctx, async (tx) => {
      const an = await findAnnotation(tx, annotationId, { forUpdate: true });
      if (!an) throw notFound('annotation', { annotationId });
      if (an.user_id !== ctx.caller.userId && !can(ctx.role, 'task.review')) throw notFound('annotation', { annotationId });
      if (body.baseVersion === undefined) throw conflict('send "baseVersion" (the version you edited) so concurrent edits cannot overwrite each other', { currentVersion: an.version });
      if (body.baseVersion !== an.version) throw staleVersion(an.version, body.baseVersion);
      const project = await requireProject(tx, an.project_id);
      const task = await findTask(tx, an.task_id);
      if (!task) throw notFound('task', { taskId: an.task_id });
      const result = validateResult(project.config, task.data, body.result);
      await appendVersion(tx, { annotationId: an.id, orgId: ctx.orgId, version: an.version + 1, result, leadTimeMs: body.leadTimeMs ?? 0, createdBy: ctx.caller.userId });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'annotation.edit', objectType: 'annotation', objectId: an.id, details: { version: an.version + 1 } });
      await appendLogEvent(tx, annotationVersionEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { annotationId: an.id, projectId: project.id, taskId: task.id, version: an.version + 1, result, edit: true }));
      await afterEdit(tx, ctx, { project, task, annotationId: an.id, version: an.version + 1, result, annotatorId: an.user_id, reviewStatus: an.review_status });
      return this.load(tx, an.id, task.id);
    });
  }

  async versions(ctx: TenantContext, annotationId: string): Promise<AnnotationVersionDto[]> {
    requirePermission(ctx, 'task.annotate');
    return this.database.tenant(ctx, async (tx) => {
      const an = await findAnnotation(tx, annotationId);
      if (!an || (an.user_id !== ctx.caller.userId && !can(ctx.role, 'task.read'))) throw notFound('annotation', { annotationId });
      const rows = await listVersions(tx, [an.id]);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'annotation.read', objectType: 'annotation', objectId: an.id });
      return rows.map((v) => ({ annotationId: v.annotation_id, version: v.version, result: v.result as AnnotationVersionDto['result'], leadTimeMs: v.lead_time_ms, createdBy: v.created_by, createdAt: v.created_at.toISOString() }));
    });
  }

  private async load(tx: Tx, annotationId: string, taskId: string): Promise<AnnotationDto> {
    const rows = await annotationsOfTasks(tx, [taskId]);
    const row = rows.find((r) => r.id === annotationId);
    if (!row) throw notFound('annotation', { annotationId });
    return toAnnotationDto(row);
  }
}

function staleVersion(current: number, base: number) {
  return conflict(`someone saved version ${current} of this annotation after the version ${base} you edited; reload it and reapply your change`, { currentVersion: current, baseVersion: base });
}
