import { canAssignRole, ValidationError, type MemberAccessDto, type OrgSecurityDto, type Role, type UpdateOrgSecurityBody } from '@yungang/core';
import type { Database } from '../db/database.js';
import { badRequest, forbidden, notFound } from '../http/app-error.js';
import { isAllowed, parseAllowlist } from '../auth/ip-allowlist.js';
import type { SessionLimits } from '../auth/session-limits.js';
import { findOrgSecurity, upsertOrgSecurity, type OrgSecurityRow } from '../repositories/org-security.repository.js';
import { listMemberAccess, setMembershipDisabled } from '../repositories/member-access.repository.js';
import { findMembership } from '../repositories/orgs.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { memberAccessEvent } from '../provenance/log-events.js';
import { isUuid } from '../db/ids.js';
import { requirePermission, type TenantContext } from './context.js';

/**
 * An organisation's sign-in rules (docs/security.md): its IP allow-list and session limits, and disabling
 * members. Owners and admins manage them (the permission that manages members). The rules themselves
 * are applied in `tenant-resolver.ts` (allow-list, disabled members) and `auth.service.ts` (session limits).
 */
export class OrgSecurityService {
  constructor(
    private readonly database: Database,
    private readonly sessionDefaults: SessionLimits,
  ) {}

  async settings(ctx: TenantContext, address: string): Promise<OrgSecurityDto> {
    requirePermission(ctx, 'org.manage_members');
    const row = await this.database.tenant(ctx, (tx) => findOrgSecurity(tx, ctx.orgId));
    return this.toDto(row, address);
  }

  /** Replaces the rules. Refuses an allow-list that leaves out `address`, the caller's own: saving it would lock them out. */
  async update(ctx: TenantContext, body: UpdateOrgSecurityBody, address: string): Promise<OrgSecurityDto> {
    requirePermission(ctx, 'org.manage_members');
    const { entries, issues } = parseAllowlist(body.ipAllowlist);
    if (issues.length > 0) throw new ValidationError(issues);
    if (!isAllowed(entries, address)) {
      throw badRequest(
        `this IP allow-list would lock you out: your address ${address} is not in any of its ranges; add ${address} (or a range that contains it) and save again`,
        { path: 'ipAllowlist', address },
      );
    }
    const idleMinutes = body.sessionIdleMinutes ?? null;
    const absoluteHours = body.sessionAbsoluteHours ?? null;
    const row = await this.database.tenant(ctx, async (tx) => {
      const saved = await upsertOrgSecurity(tx, { orgId: ctx.orgId, ipAllowlist: entries, idleMinutes, absoluteHours, updatedBy: ctx.caller.userId });
      await appendAudit(tx, {
        orgId: ctx.orgId,
        userId: ctx.caller.userId,
        action: 'org.security.update',
        objectType: 'organization',
        objectId: ctx.orgId,
        details: { ipAllowlist: entries, sessionIdleMinutes: idleMinutes, sessionAbsoluteHours: absoluteHours },
      });
      return saved;
    });
    return this.toDto(row, address);
  }

  async memberAccess(ctx: TenantContext): Promise<MemberAccessDto[]> {
    requirePermission(ctx, 'org.manage_members');
    const rows = await this.database.tenant(ctx, (tx) => listMemberAccess(tx, ctx.orgId));
    return rows.map((r) => ({
      userId: r.user_id,
      email: r.email,
      disabled: r.disabled_at !== null,
      disabledAt: r.disabled_at?.toISOString() ?? null,
      disabledByEmail: r.disabled_by_email,
      reason: r.disabled_reason,
    }));
  }

  /**
   * Disables a member here: their requests in this organisation answer 401 from the next one on (checked
   * per request, so sessions and tokens need no hunting down); disabled everywhere they belong, they cannot
   * sign in or use any route. Enabling lets the same sessions and tokens work again.
   */
  async disableMember(ctx: TenantContext, userId: string, reason: string): Promise<MemberAccessDto> {
    requirePermission(ctx, 'org.manage_members');
    if (userId === ctx.caller.userId) throw badRequest('you cannot disable your own account; ask another owner or admin of this organisation', { path: 'userId' });
    return this.setDisabled(ctx, userId, { by: ctx.caller.userId, reason: reason.trim() });
  }

  async enableMember(ctx: TenantContext, userId: string): Promise<MemberAccessDto> {
    requirePermission(ctx, 'org.manage_members');
    return this.setDisabled(ctx, userId, null);
  }

  private async setDisabled(ctx: TenantContext, userId: string, disabled: { by: string; reason: string } | null): Promise<MemberAccessDto> {
    const missing = () => notFound('member', { userId, hint: 'GET /api/v1/orgs/{orgId}/members lists the user ids of this organisation' });
    if (!isUuid(userId)) throw missing();
    const updated = await this.database.tenant(ctx, async (tx) => {
      const membership = await findMembership(tx, ctx.orgId, userId);
      if (!membership) throw missing();
      // The same rule as granting roles: an admin manages everyone below owner.
      if (!canAssignRole(ctx.role, membership.role as Role)) throw forbidden(`a ${ctx.role} cannot disable or enable an ${membership.role}; ask an owner of this organisation`);
      const row = await setMembershipDisabled(tx, ctx.orgId, userId, disabled);
      if (!row) throw missing();
      const action = disabled ? 'member.disable' : 'member.enable';
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action, objectType: 'user', objectId: userId, details: disabled ? { reason: disabled.reason } : {} });
      await appendLogEvent(tx, memberAccessEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { kind: action, userId, reason: disabled?.reason ?? null }));
      return row;
    });
    const access = (await this.memberAccess(ctx)).find((m) => m.userId === userId);
    if (!access) throw missing();
    return { ...access, disabled: updated.disabled_at !== null };
  }

  private toDto(row: OrgSecurityRow | undefined, address: string): OrgSecurityDto {
    return {
      ipAllowlist: row?.ip_allowlist ?? [],
      sessionIdleMinutes: row?.session_idle_minutes ?? null,
      sessionAbsoluteHours: row?.session_absolute_hours ?? null,
      defaults: { sessionIdleMinutes: this.sessionDefaults.idleSeconds / 60, sessionAbsoluteHours: this.sessionDefaults.absoluteSeconds / 3600 },
      yourAddress: address,
      updatedAt: row?.updated_at.toISOString() ?? null,
    };
  }
}
