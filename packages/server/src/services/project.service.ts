import { randomUUID } from 'node:crypto';
import { AQL_VALUES, checkConsistencyRules, parseLabelConfig, ValidationError, resolveQualityPolicy, type CreateProjectBody, type LabelConfig, type ProjectDto, type QualityPolicy, type UpdateProjectBody } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { badRequest, notFound } from '../http/app-error.js';
import { findProject, insertProject, listProjects, projectStats, recomputeCompleted, updateProject, type ProjectRow } from '../repositories/projects.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { projectEvent } from '../provenance/log-events.js';
import { requirePermission, type TenantContext } from './context.js';
import { isUuid } from '../db/ids.js';

export const DEFAULT_LEASE_SECONDS = 30 * 60;

export class ProjectService {
  constructor(private readonly database: Database) {}

  async create(ctx: TenantContext, body: CreateProjectBody): Promise<ProjectDto> {
    requirePermission(ctx, 'project.write');
    checkPolicy(body.qualityPolicy);
    const labelConfig = parseLabelConfig(body.labelConfig);
    checkRules(labelConfig, resolveQualityPolicy(body.qualityPolicy));
    return this.database.tenant(ctx, async (tx) => {
      const row = await insertProject(tx, {
        id: randomUUID(),
        orgId: ctx.orgId,
        name: body.name,
        description: body.description ?? '',
        labelConfig,
        overlap: body.overlap ?? 1,
        leaseSeconds: body.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
        qualityPolicy: resolveQualityPolicy(body.qualityPolicy),
        createdBy: ctx.caller.userId,
      });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.create', objectType: 'project', objectId: row.id });
      await appendLogEvent(tx, projectEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { kind: 'project.create', projectId: row.id, config: labelConfig, overlap: row.overlap, policy: row.quality_policy }));
      return toDto(row, { tasks: 0, completed: 0, annotations: 0 });
    });
  }

  async list(ctx: TenantContext): Promise<ProjectDto[]> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      const rows = await listProjects(tx);
      const stats = await projectStats(tx, rows.map((r) => r.id));
      return rows.map((r) => toDto(r, stats.get(r.id)));
    });
  }

  async get(ctx: TenantContext, id: string): Promise<ProjectDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      const row = await requireProject(tx, id);
      const stats = await projectStats(tx, [row.id]);
      return toDto(row, stats.get(row.id));
    });
  }

  async update(ctx: TenantContext, id: string, body: UpdateProjectBody): Promise<ProjectDto> {
    requirePermission(ctx, 'project.write');
    checkPolicy(body.qualityPolicy);
    const labelConfig = body.labelConfig !== undefined ? parseLabelConfig(body.labelConfig) : undefined;
    return this.database.tenant(ctx, async (tx) => {
      const before = await requireProject(tx, id, { lock: 'update' });
      const qualityPolicy = body.qualityPolicy ? { ...resolveQualityPolicy(before.policy), ...body.qualityPolicy } : undefined;
      // Rules name controls: a new config must keep the stored rules valid, and new rules must fit the config.
      if (labelConfig || qualityPolicy) checkRules(labelConfig ?? before.config, qualityPolicy ?? before.policy);
      const row = await updateProject(tx, id, { ...body, ...(labelConfig ? { labelConfig } : {}), ...(qualityPolicy ? { qualityPolicy } : {}) });
      if (row.overlap !== before.overlap) await recomputeCompleted(tx, id, row.overlap);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.update', objectType: 'project', objectId: id, details: { fields: Object.keys(body) } });
      await appendLogEvent(tx, projectEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { kind: 'project.update', projectId: id, config: row.label_config, overlap: row.overlap, policy: row.quality_policy, fields: Object.keys(body) }));
      const stats = await projectStats(tx, [row.id]);
      return toDto(row, stats.get(row.id));
    });
  }
}

/** An AQL must be a preferred value of GB/T 2828.1 Table 2 (percent nonconforming, so at most 10). */
function checkPolicy(policy: Partial<QualityPolicy> | undefined): void {
  const aql = policy?.aql;
  if (aql === undefined || aql === null) return;
  const allowed = AQL_VALUES.filter((v) => v <= 10);
  if (!allowed.includes(aql)) throw badRequest(`qualityPolicy.aql ${aql} is not a preferred AQL of GB/T 2828.1; use one of ${allowed.join(', ')}`, { path: 'qualityPolicy.aql' });
}

/** Consistency rules must name controls (and labels) of the config they run against. */
function checkRules(config: LabelConfig, policy: QualityPolicy): void {
  const issues = checkConsistencyRules(config, policy.consistencyRules, 'qualityPolicy.consistencyRules');
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Loads a project visible in the current tenant transaction, or 404. */
export async function requireProject(tx: Tx, id: string, opts: { lock?: 'update' | 'share' } = {}): Promise<ProjectRow & { config: LabelConfig; policy: QualityPolicy }> {
  const row = isUuid(id) ? await findProject(tx, id, opts) : undefined;
  if (!row) throw notFound('project', { projectId: id });
  return { ...row, config: row.label_config as LabelConfig, policy: resolveQualityPolicy(row.quality_policy) };
}

function toDto(row: ProjectRow, stats: { tasks: number; completed: number; annotations: number } | undefined): ProjectDto {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    labelConfig: row.label_config as ProjectDto['labelConfig'],
    overlap: row.overlap,
    leaseSeconds: row.lease_seconds,
    qualityPolicy: resolveQualityPolicy(row.quality_policy),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    stats: { tasks: stats?.tasks ?? 0, completed: stats?.completed ?? 0, annotations: stats?.annotations ?? 0 },
  };
}
