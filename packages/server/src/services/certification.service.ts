import { randomUUID } from 'node:crypto';
import {
  certificationState,
  type CertificationBody,
  type CertificationDto,
  type CertificationHolderDto,
  type HoldingStatus,
  type ProjectCertificationsBody,
  type ProjectCertificationsDto,
  type SetHolderStatusBody,
} from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { badRequest, conflict, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import {
  findCertification,
  findCertificationByName,
  findHolding,
  grantingExams,
  holdersOf,
  insertCertification,
  listCertifications,
  replaceRequirements,
  requiredCertifications,
  setHoldingStatus,
  updateCertification,
  type CertificationRow,
  type HolderRow,
} from '../repositories/certification.repository.js';
import { now } from '../repositories/training.repository.js';
import { certificationEvent } from '../provenance/log-events.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';

/** Which stored status each manager act leads to, and from which statuses it may start. */
const TRANSITIONS: Record<HoldingStatus, { kind: 'certification.suspend' | 'certification.revoke' | 'certification.reinstate'; from: readonly HoldingStatus[] }> = {
  suspended: { kind: 'certification.suspend', from: ['active'] },
  revoked: { kind: 'certification.revoke', from: ['active', 'suspended'] },
  active: { kind: 'certification.reinstate', from: ['suspended'] },
};

/**
 * Certifications (docs/training.md): named qualifications of the organisation, granted by passing an exam,
 * valid for a period, suspended or revoked by a manager with a reason, and required by projects.
 */
export class CertificationService {
  constructor(private readonly database: Database) {}

  async list(ctx: TenantContext): Promise<CertificationDto[]> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => toDtos(tx, await listCertifications(tx)));
  }

  async create(ctx: TenantContext, body: CertificationBody): Promise<CertificationDto> {
    requirePermission(ctx, 'training.manage');
    return this.database.tenant(ctx, async (tx) => {
      await requireUniqueName(tx, body.name);
      const id = randomUUID();
      await insertCertification(tx, { id, orgId: ctx.orgId, name: body.name, description: body.description ?? '', validityDays: body.validityDays ?? null, createdBy: ctx.caller.userId });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'certification.create', objectType: 'certification', objectId: id, details: { name: body.name, validityDays: body.validityDays ?? null } });
      return (await toDtos(tx, [(await findCertification(tx, id))!]))[0]!;
    });
  }

  /** Replaces name, description and validity; a new validity applies to passes from now on. */
  async update(ctx: TenantContext, id: string, body: CertificationBody): Promise<CertificationDto> {
    requirePermission(ctx, 'training.manage');
    return this.database.tenant(ctx, async (tx) => {
      const row = await findCertification(tx, id);
      if (!row) throw notFound('certification', { certificationId: id });
      if (row.name !== body.name) await requireUniqueName(tx, body.name);
      await updateCertification(tx, id, { name: body.name, description: body.description ?? '', validityDays: body.validityDays ?? null });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'certification.update', objectType: 'certification', objectId: id, details: { name: body.name, validityDays: body.validityDays ?? null } });
      return (await toDtos(tx, [(await findCertification(tx, id))!]))[0]!;
    });
  }

  async holders(ctx: TenantContext, id: string): Promise<CertificationHolderDto[]> {
    requirePermission(ctx, 'training.manage');
    return this.database.tenant(ctx, async (tx) => {
      if (!(await findCertification(tx, id))) throw notFound('certification', { certificationId: id });
      const at = await now(tx);
      return (await holdersOf(tx, id)).map((h) => toHolderDto(h, at));
    });
  }

  /** Suspend, revoke or reinstate one person's holding, with the reason in the audit log and its hash in the transparency log. */
  async setStatus(ctx: TenantContext, id: string, userId: string, body: SetHolderStatusBody): Promise<CertificationHolderDto> {
    requirePermission(ctx, 'training.manage');
    return this.database.tenant(ctx, async (tx) => {
      const cert = await findCertification(tx, id);
      if (!cert) throw notFound('certification', { certificationId: id });
      const holding = await findHolding(tx, id, userId);
      if (!holding) throw notFound(`a holding of certification "${cert.name}" by this user`, { certificationId: id, userId });
      const transition = TRANSITIONS[body.status];
      const current = holding.status as HoldingStatus;
      if (!transition.from.includes(current)) {
        const hint = current === 'revoked' ? 'a revoked certification is earned again only by passing its exam' : `it can become "${body.status}" only from ${transition.from.map((s) => `"${s}"`).join(' or ')}`;
        throw conflict(`${holding.email}'s certification "${cert.name}" is ${current}: ${hint}`, { status: current });
      }
      await setHoldingStatus(tx, id, userId, { status: body.status, reason: body.reason, by: ctx.caller.userId });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: transition.kind, objectType: 'certification', objectId: id, details: { userId, reason: body.reason, from: current } });
      await appendLogEvent(tx, certificationEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { kind: transition.kind, certificationId: id, userId, reason: body.reason }));
      return toHolderDto((await findHolding(tx, id, userId))!, await now(tx));
    });
  }

  async projectRequirements(ctx: TenantContext, projectId: string): Promise<ProjectCertificationsDto> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId);
      return { items: await toDtos(tx, await requiredCertifications(tx, projectId)) };
    });
  }

  /** Replaces the project's required certifications; from the next claim on, only holders get its work. */
  async setProjectRequirements(ctx: TenantContext, projectId: string, body: ProjectCertificationsBody): Promise<ProjectCertificationsDto> {
    requirePermission(ctx, 'training.manage');
    return this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId, { lock: 'update' });
      const found = await listCertifications(tx, body.certificationIds);
      const unknown = body.certificationIds.filter((id) => !found.some((c) => c.id === id));
      if (unknown.length > 0) throw badRequest(`no certification with id ${unknown.join(', ')} in this organisation; create it first (POST /api/v1/certifications)`, { certificationIds: unknown });
      await replaceRequirements(tx, ctx.orgId, projectId, body.certificationIds);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.certifications', objectType: 'project', objectId: projectId, details: { certificationIds: body.certificationIds } });
      return { items: await toDtos(tx, await requiredCertifications(tx, projectId)) };
    });
  }
}

async function requireUniqueName(tx: Tx, name: string): Promise<void> {
  if (await findCertificationByName(tx, name)) throw conflict(`a certification named "${name}" already exists in this organisation; pick another name or edit that one`, { name });
}

export async function toDtos(tx: Tx, rows: readonly CertificationRow[]): Promise<CertificationDto[]> {
  const exams = await grantingExams(tx, rows.map((r) => r.id));
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, validityDays: r.validity_days, exams: exams.get(r.id) ?? [], createdAt: r.created_at.toISOString() }));
}

export function toHolderDto(h: HolderRow, at: Date): CertificationHolderDto {
  const status = h.status as HoldingStatus;
  return {
    certificationId: h.certification_id,
    certificationName: h.certification_name,
    userId: h.user_id,
    email: h.email,
    name: h.name,
    status,
    state: certificationState({ status, expiresAt: h.expires_at }, at),
    grantedAt: new Date(h.granted_at).toISOString(),
    expiresAt: h.expires_at ? h.expires_at.toISOString() : null,
    reason: h.status_reason,
    changedAt: h.status_changed_at ? h.status_changed_at.toISOString() : null,
    changedByEmail: h.changed_by_email,
  };
}
