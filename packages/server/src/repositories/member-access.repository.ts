import type { Role } from '@yungang/core';
import type { Tx } from '../db/database.js';

/** One of a user's memberships with what decides whether a request may act in it. */
export interface MembershipAccess {
  org_id: string;
  org_name: string;
  role: Role;
  disabled_at: Date | null;
  disabled_reason: string | null;
  /** The organisation's allow-list; empty = any address. */
  ip_allowlist: string[];
}

/** All of a user's memberships, disabled ones too, with their organisation's allow-list. Crosses tenants (system). */
export async function listMembershipAccess(db: Tx, userId: string): Promise<MembershipAccess[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .leftJoin('org_security as os', 'os.org_id', 'm.org_id')
    .select(['m.org_id', 'o.name as org_name', 'm.role', 'm.disabled_at', 'm.disabled_reason', 'os.ip_allowlist'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({ ...r, role: r.role as Role, ip_allowlist: r.ip_allowlist ?? [] }));
}

/** Disables (with who and why) or re-enables one membership; undefined when the user is not a member. */
export async function setMembershipDisabled(tx: Tx, orgId: string, userId: string, disabled: { by: string; reason: string } | null) {
  return tx
    .updateTable('memberships')
    .set(disabled ? { disabled_at: new Date(), disabled_by: disabled.by, disabled_reason: disabled.reason } : { disabled_at: null, disabled_by: null, disabled_reason: null })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .returning(['user_id', 'role', 'disabled_at', 'disabled_reason'])
    .executeTakeFirst();
}

/** Every member of the organisation with their access state and who disabled them. */
export async function listMemberAccess(tx: Tx, orgId: string) {
  return tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('users as by', 'by.id', 'm.disabled_by')
    .select(['m.user_id', 'u.email', 'm.role', 'm.disabled_at', 'm.disabled_reason', 'by.email as disabled_by_email'])
    .where('m.org_id', '=', orgId)
    .orderBy('m.created_at')
    .execute();
}
