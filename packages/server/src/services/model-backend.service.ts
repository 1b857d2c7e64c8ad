import { randomUUID } from 'node:crypto';
import { ruleSetIssues, ValidationError, type ModelBackendBody, type ModelBackendDto, type ModelBackendPatch, type ModelHealthDto, type ProjectModelSettingsBody, type ProjectModelSettingsDto, type RuleSet } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { badRequest, conflict, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { findProject } from '../repositories/projects.repository.js';
import {
  deleteModelBackend,
  findModelBackend,
  findModelBackendByName,
  findProjectModelSettings,
  insertModelBackend,
  listModelBackends,
  updateModelBackend,
  upsertProjectModelSettings,
  type ModelBackendRow,
  type ModelBackendValues,
} from '../repositories/model-backends.repository.js';
import type { BackendRegistry } from '../models/backend-registry.js';
import { ModelBackendError } from '../models/model-backend.js';
import { requirePermission, type TenantContext } from './context.js';

const DEFAULTS = { timeoutMs: 30_000, retries: 2, ratePerMinute: 600 };

/** Model backends registered per organisation, and each project's model settings (docs/models.md). */
export class ModelBackendService {
  constructor(
    private readonly database: Database,
    private readonly registry: BackendRegistry,
  ) {}

  async list(ctx: TenantContext): Promise<ModelBackendDto[]> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => (await listModelBackends(tx)).map(toDto));
  }

  async create(ctx: TenantContext, body: ModelBackendBody): Promise<ModelBackendDto> {
    requirePermission(ctx, 'model.manage');
    const values = checked({
      name: body.name,
      kind: body.kind,
      url: body.url ?? null,
      model: body.model ?? null,
      languages: body.languages ?? null,
      rules: body.rules ?? null,
      speech: body.speech ?? null,
      apiKey: body.apiKey ?? null,
      timeoutMs: body.timeoutMs ?? DEFAULTS.timeoutMs,
      retries: body.retries ?? DEFAULTS.retries,
      ratePerMinute: body.ratePerMinute ?? DEFAULTS.ratePerMinute,
    });
    return this.database.tenant(ctx, async (tx) => {
      if (await findModelBackendByName(tx, values.name)) throw conflict(`name: a model backend "${values.name}" already exists in this organisation; pick another name`, { name: values.name });
      const id = randomUUID();
      await insertModelBackend(tx, { ...this.sealed(values), id, orgId: ctx.orgId, createdBy: ctx.caller.userId });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'model_backend.create', objectType: 'model_backend', objectId: id, details: { name: values.name, kind: values.kind, url: values.url } });
      return toDto((await findModelBackend(tx, id))!);
    });
  }

  async update(ctx: TenantContext, id: string, patch: ModelBackendPatch): Promise<ModelBackendDto> {
    requirePermission(ctx, 'model.manage');
    return this.database.tenant(ctx, async (tx) => {
      const row = await findModelBackend(tx, id);
      if (!row) throw notFound('model backend', { modelBackendId: id });
      const pick = <K extends keyof ModelBackendPatch, V>(key: K, current: V): V => (patch[key] === undefined ? current : (patch[key] as V));
      const values = checked({
        name: pick('name', row.name),
        kind: row.kind,
        url: pick('url', row.url),
        model: pick('model', row.model),
        languages: pick('languages', row.languages),
        rules: pick('rules', row.rules),
        speech: pick('speech', row.speech),
        // Opened and sealed again below: a key stored in plaintext before encryption is encrypted on this write.
        apiKey: pick('apiKey', this.registry.apiKeyOf(row)),
        timeoutMs: pick('timeoutMs', row.timeout_ms),
        retries: pick('retries', row.retries),
        ratePerMinute: pick('ratePerMinute', row.rate_per_minute),
      });
      const clash = await findModelBackendByName(tx, values.name);
      if (clash && clash.id !== id) throw conflict(`name: a model backend "${values.name}" already exists in this organisation; pick another name`, { name: values.name });
      await updateModelBackend(tx, id, this.sealed(values));
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'model_backend.update', objectType: 'model_backend', objectId: id, details: { fields: Object.keys(patch) } });
      return toDto((await findModelBackend(tx, id))!);
    });
  }

  async remove(ctx: TenantContext, id: string): Promise<void> {
    requirePermission(ctx, 'model.manage');
    await this.database.tenant(ctx, async (tx) => {
      const row = await findModelBackend(tx, id);
      if (!row || !(await deleteModelBackend(tx, id))) throw notFound('model backend', { modelBackendId: id });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'model_backend.delete', objectType: 'model_backend', objectId: id, details: { name: row.name } });
    });
  }

  /** The values to store: the API key sealed (AES-256-GCM), never in plaintext. */
  private sealed(values: ModelBackendValues): ModelBackendValues {
    return { ...values, apiKey: values.apiKey === null ? null : this.registry.secrets.seal(values.apiKey) };
  }

  /** Asks the backend whether it works, with its timeout; a failure is an answer (ok: false), not an error. */
  async health(ctx: TenantContext, id: string): Promise<ModelHealthDto> {
    requirePermission(ctx, 'model.manage');
    const row = await this.database.tenant(ctx, (tx) => findModelBackend(tx, id));
    if (!row) throw notFound('model backend', { modelBackendId: id });
    const started = Date.now();
    try {
      const health = await this.registry.backendFor(row).health(AbortSignal.timeout(row.timeout_ms + 1000));
      return { ok: health.ok, detail: health.detail, latencyMs: Date.now() - started };
    } catch (error) {
      return { ok: false, detail: error instanceof ModelBackendError ? error.message : `failed: ${(error as Error).message}`, latencyMs: Date.now() - started };
    }
  }

  async settings(ctx: TenantContext, projectId: string): Promise<ProjectModelSettingsDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      if (!(await findProject(tx, projectId))) throw notFound('project', { projectId });
      return settingsDto(tx, projectId);
    });
  }

  async setSettings(ctx: TenantContext, projectId: string, body: ProjectModelSettingsBody): Promise<ProjectModelSettingsDto> {
    requirePermission(ctx, 'model.manage');
    return this.database.tenant(ctx, async (tx) => {
      if (!(await findProject(tx, projectId))) throw notFound('project', { projectId });
      if (body.backendId !== null && !(await findModelBackend(tx, body.backendId))) throw badRequest(`backendId: no model backend ${body.backendId} in this organisation; register it first (POST /api/v1/model-backends)`, { backendId: body.backendId });
      const current = await findProjectModelSettings(tx, projectId);
      await upsertProjectModelSettings(tx, {
        projectId,
        orgId: ctx.orgId,
        backendId: body.backendId,
        trainEvery: body.trainEvery === undefined ? (current?.train_every ?? null) : body.trainEvery,
        queueOrder: body.queueOrder ?? current?.queue_order ?? 'default',
        judgeRubric: body.judgeRubric === undefined ? (current?.judge_rubric ?? null) : body.judgeRubric,
      });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.model_settings', objectType: 'project', objectId: projectId, details: body });
      return settingsDto(tx, projectId);
    });
  }
}

async function settingsDto(tx: Tx, projectId: string): Promise<ProjectModelSettingsDto> {
  const row = await findProjectModelSettings(tx, projectId);
  return { backendId: row?.backend_id ?? null, trainEvery: row?.train_every ?? null, queueOrder: row?.queue_order ?? 'default', acceptedSinceTraining: row?.accepted_since_training ?? 0, judgeRubric: row?.judge_rubric ?? null };
}

/** What each kind needs, checked with the path of the missing or broken setting. */
function checked(values: ModelBackendValues): ModelBackendValues {
  const issues: { path: string; message: string }[] = [];
  if ((values.kind === 'label-studio' || values.kind === 'openai') && !values.url) issues.push({ path: 'url', message: `a ${values.kind} backend needs the URL of its server, e.g. http://127.0.0.1:9090` });
  if (values.kind === 'openai' && !values.model) issues.push({ path: 'model', message: 'an OpenAI-compatible backend needs the model to ask, e.g. "qwen2.5-7b-instruct"' });
  if (values.kind === 'rules') {
    if (!values.rules) issues.push({ path: 'rules', message: 'a rules backend needs rules: {regex: [...], gazetteer: [...], keywords: [...]}' });
    else issues.push(...ruleSetIssues(values.rules as RuleSet));
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return values;
}

function toDto(row: ModelBackendRow): ModelBackendDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: row.url,
    model: row.model,
    languages: row.languages,
    rules: (row.rules ?? null) as ModelBackendDto['rules'],
    speech: (row.speech ?? null) as ModelBackendDto['speech'],
    hasApiKey: row.api_key !== null,
    timeoutMs: row.timeout_ms,
    retries: row.retries,
    ratePerMinute: row.rate_per_minute,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
