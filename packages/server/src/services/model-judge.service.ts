import { createHash, randomUUID } from 'node:crypto';
import { DEFAULT_JUDGE_RUBRIC, dialogueCandidates, dialogueOf, judgeSchema, readVerdict, renderJudgePrompt, ValidationError, type JudgeBody, type JudgementDto, type JudgementsDto, type JudgeVerdict, type LabelConfig } from '@yungang/core';
import type { Database } from '../db/database.js';
import { badGateway, badRequest, notFound } from '../http/app-error.js';
import { annotationsOfTasks } from '../repositories/annotations.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { insertJudgement, judgementsOfTask, type JudgementRow } from '../repositories/judgements.repository.js';
import { findProjectModelSettings } from '../repositories/model-backends.repository.js';
import { findProject } from '../repositories/projects.repository.js';
import { findTask } from '../repositories/tasks.repository.js';
import type { BackendRegistry } from '../models/backend-registry.js';
import { backendOf, upstreamError } from './model-assist.service.js';
import { requirePermission, type TenantContext } from './context.js';

/**
 * LLM-as-judge (docs/models.md): a reviewer asks a chat model to score the annotations of one task
 * against the project's rubric. Per task and synchronous, because it serves the reviewer looking at that
 * task; the model is called outside any transaction (a slow judge holds no locks) and each verdict is
 * stored with the model version, the judged annotation version and the rubric's hash.
 */
export class ModelJudgeService {
  constructor(
    private readonly database: Database,
    private readonly registry: BackendRegistry,
  ) {}

  async judge(ctx: TenantContext, projectId: string, taskId: string, body: JudgeBody): Promise<JudgementsDto> {
    requirePermission(ctx, 'task.review');
    const found = await this.database.tenant(ctx, async (tx) => {
      const project = await findProject(tx, projectId);
      if (!project) throw notFound('project', { projectId });
      const task = await findTask(tx, taskId);
      if (!task || task.project_id !== projectId) throw notFound('task', { projectId, taskId });
      const annotations = (await annotationsOfTasks(tx, [taskId])).filter((a) => body.annotationId === undefined || a.id === body.annotationId);
      if (body.annotationId !== undefined && annotations.length === 0) throw notFound('annotation', { annotationId: body.annotationId });
      if (annotations.length === 0) throw badRequest('this task has no annotation to judge yet', { taskId });
      const backend = await backendOf(tx, projectId, body.backendId);
      const rubric = (await findProjectModelSettings(tx, projectId))?.judge_rubric ?? DEFAULT_JUDGE_RUBRIC;
      return { project, task, annotations, backend, rubric };
    });
    const model = this.registry.backendFor(found.backend);
    if (!model.judge) throw badRequest(`backendId: a ${found.backend.kind} backend cannot judge; choose an OpenAI-compatible chat model`, { backendId: found.backend.id });
    const candidates = candidatesOf(found.project.label_config as LabelConfig, found.task.data);
    const schema = judgeSchema(candidates.length);
    const rubricSha256 = createHash('sha256').update(found.rubric).digest('hex');
    const verdicts: { annotation: (typeof found.annotations)[number]; modelVersion: string; verdict: JudgeVerdict }[] = [];
    for (const annotation of found.annotations) {
      try {
        const { answer, modelVersion } = await model.judge({ prompt: renderJudgePrompt(found.rubric, found.task.data, annotation.result, candidates), schema }, new AbortController().signal);
        verdicts.push({ annotation, modelVersion, verdict: readVerdict(answer, candidates.length) });
      } catch (error) {
        // A timeout answers 504, an error or a verdict that does not fit the schema 502 (with its paths).
        if (error instanceof ValidationError) throw badGateway(`model backend "${found.backend.name}" answered a verdict that does not fit the schema: ${error.message}`, { backendId: found.backend.id, issues: error.issues });
        throw upstreamError(found.backend, error);
      }
    }
    const rows = await this.database.tenant(ctx, async (tx) => {
      const stored: JudgementRow[] = [];
      for (const { annotation, modelVersion, verdict } of verdicts) {
        stored.push(
          await insertJudgement(tx, {
            id: randomUUID(),
            orgId: ctx.orgId,
            projectId,
            taskId,
            annotationId: annotation.id,
            annotationVersion: annotation.version,
            backendId: found.backend.id,
            modelVersion,
            score: verdict.score,
            reasons: verdict.reasons,
            candidates: verdict.candidates ?? null,
            rubricSha256,
            createdBy: ctx.caller.userId,
          }),
        );
      }
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.judge', objectType: 'task', objectId: taskId, details: { backendId: found.backend.id, judgements: stored.map((r) => r.id) } });
      return stored;
    });
    return { items: rows.map(toDto) };
  }

  /** The task's verdicts, newest first (reviewers see them beside the work). */
  async list(ctx: TenantContext, projectId: string, taskId: string): Promise<JudgementsDto> {
    requirePermission(ctx, 'task.review');
    return this.database.tenant(ctx, async (tx) => {
      const task = await findTask(tx, taskId);
      if (!task || task.project_id !== projectId) throw notFound('task', { projectId, taskId });
      return { items: (await judgementsOfTask(tx, taskId)).map(toDto) };
    });
  }
}

/** A dialogue task's candidate responses, when it has several to compare (else the annotation alone is judged). */
function candidatesOf(config: LabelConfig, data: Record<string, unknown>): string[] {
  for (const field of config.fields) {
    if (field.type !== 'dialogue') continue;
    const dialogue = dialogueOf(data, field.name);
    if (!dialogue) continue;
    const c = dialogueCandidates(dialogue);
    if (c.fromResponses && c.candidates.length > 1) return c.candidates;
  }
  return [];
}

function toDto(row: JudgementRow): JudgementDto {
  return {
    id: row.id,
    taskId: row.task_id,
    annotationId: row.annotation_id,
    annotationVersion: row.annotation_version,
    backendId: row.backend_id,
    modelVersion: row.model_version,
    score: row.score,
    reasons: row.reasons,
    candidates: row.candidates,
    createdAt: row.created_at.toISOString(),
  };
}
