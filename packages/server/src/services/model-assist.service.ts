import { can, resultAgreement, ValidationError, type AnnotationResult, type JobDto, type LabelConfig, type ModelAccuracyDto, type PreannotateBody, type SuggestBody, type SuggestionDto } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { AppError, badGateway, badRequest, conflict, gatewayTimeout, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { hasWorkedOn } from '../repositories/assignments.repository.js';
import { findModelBackend, findProjectModelSettings, predictionsWithFinalLabels, type ModelBackendRow } from '../repositories/model-backends.repository.js';
import { findProject, type ProjectRow } from '../repositories/projects.repository.js';
import { findTask } from '../repositories/tasks.repository.js';
import type { BackendRegistry } from '../models/backend-registry.js';
import { checkedPrediction } from '../models/checked-prediction.js';
import { ModelBackendError, type ModelProject } from '../models/model-backend.js';
import { PREANNOTATE, type PreannotatePayload } from '../models/preannotate-job.js';
import type { JobService } from './job.service.js';
import { requirePermission, type TenantContext } from './context.js';

/**
 * Suggestions on the current task and per-model accuracy (docs/models.md). The backend is called outside
 * any database transaction, with its timeout, so a slow backend holds no locks and never blocks the
 * workbench: it answers 504 or 502 and the annotator carries on by hand.
 */
export class ModelAssistService {
  constructor(
    private readonly database: Database,
    private readonly registry: BackendRegistry,
  ) {}

  async suggest(ctx: TenantContext, projectId: string, taskId: string, body: SuggestBody): Promise<SuggestionDto> {
    // Asking a model is annotating work; who may only annotate asks about tasks they hold (or held).
    requirePermission(ctx, 'task.annotate');
    const readsAll = can(ctx.role, 'task.read');
    const { project, task, backend } = await this.database.tenant(ctx, async (tx) => {
      const project = await findProject(tx, projectId);
      if (!project) throw notFound('project', { projectId });
      const task = await findTask(tx, taskId);
      if (!task || task.project_id !== projectId) throw notFound('task', { projectId, taskId });
      // Like reading the task: an annotator asks only about a task they hold (or held) a lease on.
      if (!readsAll && !(await hasWorkedOn(tx, taskId, ctx.caller.userId))) requirePermission(ctx, 'task.read');
      const backend = await backendOf(tx, projectId, body.backendId);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'task.suggest', objectType: 'task', objectId: taskId, details: { backendId: backend.id } });
      return { project, task, backend };
    });
    const started = Date.now();
    const model = this.registry.backendFor(backend);
    const config = project.label_config as LabelConfig;
    try {
      const [prediction] = await model.predict(modelProject(project), [{ id: task.id, data: task.data }], body.context, new AbortController().signal);
      if (!prediction) throw new ModelBackendError(`model backend "${backend.name}" answered no prediction`, false);
      const checked = checkedPrediction(config, task.data, prediction);
      return { backendId: backend.id, result: checked.result as unknown as SuggestionDto['result'], score: checked.score, modelVersion: checked.modelVersion, latencyMs: Date.now() - started };
    } catch (error) {
      throw upstreamError(backend, error);
    }
  }

  /** Starts a background job that runs the backend over the project's tasks (docs/jobs.md); answers the queued job. */
  async preannotate(ctx: TenantContext, projectId: string, body: PreannotateBody, jobs: JobService): Promise<JobDto> {
    requirePermission(ctx, 'model.manage');
    const jobId = await this.database.tenant(ctx, async (tx) => {
      if (!(await findProject(tx, projectId))) throw notFound('project', { projectId });
      const backend = await backendOf(tx, projectId, body.backendId);
      const payload: PreannotatePayload = { backendId: backend.id, projectId, taskFilter: body.taskFilter, batchSize: body.batchSize ?? 20 };
      const id = await jobs.enqueue(tx, ctx, { kind: PREANNOTATE, projectId, payload });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.preannotate', objectType: 'project', objectId: projectId, details: { jobId: id, backendId: backend.id } });
      return id;
    });
    jobs.notify();
    return jobs.get(ctx, jobId);
  }

  /** Per model version: predictions, how many have an accepted final label, and the mean agreement with it. */
  async accuracy(ctx: TenantContext, projectId: string): Promise<ModelAccuracyDto> {
    requirePermission(ctx, 'task.read');
    return this.database.tenant(ctx, async (tx) => {
      const project = await findProject(tx, projectId);
      if (!project) throw notFound('project', { projectId });
      const config = project.label_config as LabelConfig;
      const groups = new Map<string, { predictions: number; compared: number; agreement: number; scores: number[] }>();
      for (const row of await predictionsWithFinalLabels(tx, projectId)) {
        const g = groups.get(row.model_version) ?? { predictions: 0, compared: 0, agreement: 0, scores: [] };
        g.predictions++;
        if (row.score !== null) g.scores.push(row.score);
        if (row.final !== null) {
          g.compared++;
          g.agreement += resultAgreement(config, row.prediction as AnnotationResult, row.final as AnnotationResult);
        }
        groups.set(row.model_version, g);
      }
      return {
        items: [...groups.entries()]
          .map(([modelVersion, g]) => ({
            modelVersion,
            predictions: g.predictions,
            compared: g.compared,
            meanAgreement: g.compared === 0 ? null : g.agreement / g.compared,
            meanScore: g.scores.length === 0 ? null : g.scores.reduce((a, b) => a + b, 0) / g.scores.length,
          }))
          .sort((a, b) => (b.meanAgreement ?? -1) - (a.meanAgreement ?? -1) || a.modelVersion.localeCompare(b.modelVersion)),
      };
    });
  }
}

export function modelProject(project: ProjectRow): ModelProject {
  return { id: project.id, title: project.name, labelConfig: project.label_config as LabelConfig };
}

/** The backend asked for, or the project's; a clear 409/400 when there is none. */
export async function backendOf(tx: Tx, projectId: string, backendId: string | undefined): Promise<ModelBackendRow> {
  const id = backendId ?? (await findProjectModelSettings(tx, projectId))?.backend_id;
  if (!id) throw conflict('this project has no model backend: a manager chooses one in the project settings (PUT /api/v1/projects/{id}/model-settings), or name one as backendId', { projectId });
  const row = await findModelBackend(tx, id);
  if (!row) throw badRequest(`backendId: no model backend ${id} in this organisation`, { backendId: id });
  return row;
}

/** A backend's failure as the HTTP answer: 504 when it ran out of time, 502 for errors and results that do not fit. */
export function upstreamError(backend: ModelBackendRow, error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ModelBackendError) return error.kind === 'timeout' ? gatewayTimeout(error.message, { backendId: backend.id }) : badGateway(error.message, { backendId: backend.id });
  if (error instanceof ValidationError) return badGateway(`model backend "${backend.name}" answered a result that does not fit this project: ${error.message}`, { backendId: backend.id, issues: error.issues });
  return badGateway(`model backend "${backend.name}" failed: ${(error as Error).message}`, { backendId: backend.id });
}
