import type { Tx } from '../db/database.js';

export interface OrgSecurityRow {
  ip_allowlist: string[];
  session_idle_minutes: number | null;
  session_absolute_hours: number | null;
  updated_at: Date;
}

/** The organisation's sign-in rules, or undefined while it keeps the defaults. */
export async function findOrgSecurity(tx: Tx, orgId: string): Promise<OrgSecurityRow | undefined> {
  return tx.selectFrom('org_security').select(['ip_allowlist', 'session_idle_minutes', 'session_absolute_hours', 'updated_at']).where('org_id', '=', orgId).executeTakeFirst();
}

export async function upsertOrgSecurity(
  tx: Tx,
  row: { orgId: string; ipAllowlist: string[]; idleMinutes: number | null; absoluteHours: number | null; updatedBy: string },
): Promise<OrgSecurityRow> {
  const values = {
    ip_allowlist: JSON.stringify(row.ipAllowlist),
    session_idle_minutes: row.idleMinutes,
    session_absolute_hours: row.absoluteHours,
    updated_by: row.updatedBy,
    updated_at: new Date(),
  };
  return tx
    .insertInto('org_security')
    .values({ org_id: row.orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .returning(['ip_allowlist', 'session_idle_minutes', 'session_absolute_hours', 'updated_at'])
    .executeTakeFirstOrThrow();
}
