import { randomUUID } from 'node:crypto';
import { canAssignRole, type AddMemberBody, type MemberDto, type OrgDto } from '@yungang/core';
import type { Database } from '../db/database.js';
import { badRequest, conflict, forbidden } from '../http/app-error.js';
import { hashPassword } from '../auth/secrets.js';
import { findMembership, insertMembership, insertOrganization, listMembers } from '../repositories/orgs.repository.js';
import { findUserByEmail, insertUser } from '../repositories/users.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { memberEvent } from '../provenance/log-events.js';
import { requirePermission, type Caller, type TenantContext } from './context.js';

export class OrgService {
  constructor(private readonly database: Database) {}

  /** Any signed-in user may found an organisation; they become its owner. */
  async create(caller: Caller, name: string): Promise<OrgDto> {
    return this.database.system(async (tx) => {
      const org = await insertOrganization(tx, { id: randomUUID(), name });
      await insertMembership(tx, { orgId: org.id, userId: caller.userId, role: 'owner' });
      await appendAudit(tx, { orgId: org.id, userId: caller.userId, action: 'org.create', objectType: 'organization', objectId: org.id });
      await appendLogEvent(tx, memberEvent({ orgId: org.id, actorId: caller.userId }, { kind: 'org.create', userId: caller.userId, role: 'owner' }));
      return { id: org.id, name: org.name, createdAt: org.created_at.toISOString() };
    });
  }

  async members(ctx: TenantContext): Promise<MemberDto[]> {
    requirePermission(ctx, 'org.read');
    const rows = await this.database.tenant(ctx, (tx) => listMembers(tx, ctx.orgId));
    return rows.map((r) => ({ user: { id: r.id, email: r.email, name: r.name }, role: r.role as MemberDto['role'], createdAt: r.created_at.toISOString() }));
  }

  /** Adds a member by e-mail; with a password, creates the account first. */
  async addMember(ctx: TenantContext, body: AddMemberBody): Promise<MemberDto> {
    requirePermission(ctx, 'org.manage_members');
    if (!canAssignRole(ctx.role, body.role)) throw forbidden(`a ${ctx.role} cannot grant the role "${body.role}"`);
    const passwordHash = body.password ? await hashPassword(body.password) : null;
    // Users are global (one account, many organisations), so the account part runs as system.
    const user = await this.database.system(async (tx) => {
      const existing = await findUserByEmail(tx, body.email);
      if (existing) return existing;
      if (!passwordHash) throw badRequest(`no account with e-mail ${body.email}; send "password" (and "name") to create one`, { path: 'password' });
      const created = { id: randomUUID(), email: body.email.trim(), name: body.name ?? body.email.split('@')[0] ?? body.email, password_hash: passwordHash };
      await insertUser(tx, { id: created.id, email: created.email, name: created.name, passwordHash });
      return created;
    });
    return this.database.tenant(ctx, async (tx) => {
      if (await findMembership(tx, ctx.orgId, user.id)) throw conflict(`${user.email} is already a member of this organisation`);
      const m = await insertMembership(tx, { orgId: ctx.orgId, userId: user.id, role: body.role });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'member.add', objectType: 'user', objectId: user.id, details: { role: body.role } });
      await appendLogEvent(tx, memberEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { kind: 'member.add', userId: user.id, role: body.role }));
      return { user: { id: user.id, email: user.email, name: user.name }, role: body.role, createdAt: m.created_at.toISOString() };
    });
  }
}
