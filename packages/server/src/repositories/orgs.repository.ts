import type { Role } from '@yungang/core';
import type { Tx } from '../db/database.js';

export interface MembershipView {
  org_id: string;
  org_name: string;
  role: Role;
}

export async function insertOrganization(tx: Tx, org: { id: string; name: string }): Promise<{ id: string; name: string; created_at: Date }> {
  return tx.insertInto('organizations').values(org).returning(['id', 'name', 'created_at']).executeTakeFirstOrThrow();
}

export async function insertMembership(tx: Tx, m: { orgId: string; userId: string; role: Role }): Promise<{ created_at: Date }> {
  return tx.insertInto('memberships').values({ org_id: m.orgId, user_id: m.userId, role: m.role }).returning(['created_at']).executeTakeFirstOrThrow();
}

/** The organisations a user may act in (disabled memberships left out). Runs in a system transaction (crosses tenants by design). */
export async function listMembershipsOfUser(tx: Tx, userId: string): Promise<MembershipView[]> {
  const rows = await tx
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['m.org_id', 'o.name as org_name', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('m.disabled_at', 'is', null)
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export async function listMembers(tx: Tx, orgId: string) {
  return tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
    .where('m.org_id', '=', orgId)
    .orderBy('m.created_at')
    .execute();
}

export async function findMembership(tx: Tx, orgId: string, userId: string): Promise<{ role: string } | undefined> {
  return tx.selectFrom('memberships').select(['role']).where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
}
