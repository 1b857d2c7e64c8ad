import type { Database } from '../db/database.js';
import { forbidden, notFound } from '../http/app-error.js';
import { listMembershipsOfUser } from '../repositories/orgs.repository.js';
import type { Caller, TenantContext } from './context.js';

/**
 * The one place that decides which organisation a request acts in: the `X-Org-Id` header (or an org id
 * in the path), else the caller's first organisation. An organisation the caller does not belong to
 * answers 404, the same as one that does not exist.
 */
export async function resolveTenant(database: Database, caller: Caller, requestedOrgId: string | undefined): Promise<TenantContext> {
  const memberships = await listMembershipsOfUser(database.db, caller.userId);
  if (requestedOrgId) {
    const m = memberships.find((x) => x.org_id === requestedOrgId);
    if (!m) throw notFound('organisation', { orgId: requestedOrgId });
    return { caller, orgId: m.org_id, role: m.role };
  }
  const first = memberships[0];
  if (!first) throw forbidden('you are not a member of any organisation; ask an admin to add you, or create one with POST /api/v1/orgs');
  return { caller, orgId: first.org_id, role: first.role };
}
