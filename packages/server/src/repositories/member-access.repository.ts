import { sql, type RawBuilder } from 'kysely';
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

/** A membership as `membershipAccessJson` carries it (JSON has no dates). */
export interface MembershipAccessJson extends Omit<MembershipAccess, 'disabled_at'> {
  disabled_at: string | null;
}

/**
 * The user's memberships as `listMembershipAccess` reads them, as one JSON array column for another
 * statement: the API-token lookup carries them so the tenant resolver does not read them again (issue 10).
 * `userId` is the SQL expression of the user's id in the outer statement.
 */
export function membershipAccessJson(userId: RawBuilder<unknown>): RawBuilder<MembershipAccessJson[]> {
  return sql<MembershipAccessJson[]>`(
    SELECT COALESCE(json_agg(json_build_object('org_id', m.org_id, 'org_name', o.name, 'role', m.role, 'disabled_at', m.disabled_at,
      'disabled_reason', m.disabled_reason, 'ip_allowlist', COALESCE(os.ip_allowlist, '[]'::jsonb)) ORDER BY m.created_at), '[]'::json)
    FROM memberships m JOIN organizations o ON o.id = m.org_id LEFT JOIN org_security os ON os.org_id = m.org_id
    WHERE m.user_id = ${userId})`;
}

/** `membershipAccessJson` rows as `listMembershipAccess` returns them. */
export function fromAccessJson(rows: readonly MembershipAccessJson[]): MembershipAccess[] {
  return rows.map((r) => ({ ...r, disabled_at: r.disabled_at === null ? null : new Date(r.disabled_at) }));
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
