import type { Database } from '../db/database.js';
import { forbidden, notFound, unauthenticated } from '../http/app-error.js';
import { listMembershipAccess, type MembershipAccess } from '../repositories/member-access.repository.js';
import { isAllowed } from '../auth/ip-allowlist.js';
import type { Caller, TenantContext } from './context.js';

/**
 * The one place that decides which organisation a request acts in: the `X-Org-Id` header (or an org id
 * in the path), else the caller's first organisation where they are active. An organisation the caller
 * does not belong to answers 404, the same as one that does not exist. It is also where the
 * organisation's sign-in rules apply to every tenant request (docs/security.md): a member disabled there
 * gets 401, and, when `address` is given (HTTP requests; the CLI's direct mode has none), an address
 * outside the organisation's IP allow-list gets 403.
 */
export async function resolveTenant(database: Database, caller: Caller & { access?: readonly MembershipAccess[] | undefined }, requestedOrgId: string | undefined, address?: string): Promise<TenantContext> {
  // The credential's lookup (API token or session) already read the memberships in this request (one statement fewer per request).
  const memberships = caller.access ?? (await listMembershipAccess(database.db, caller.userId));
  let chosen: MembershipAccess | undefined;
  if (requestedOrgId) {
    chosen = memberships.find((x) => x.org_id === requestedOrgId);
    if (!chosen) throw notFound('organisation', { orgId: requestedOrgId });
  } else {
    chosen = memberships.find((x) => x.disabled_at === null) ?? memberships[0];
    if (!chosen) throw forbidden('you are not a member of any organisation; ask an admin to add you, or create one with POST /api/v1/orgs');
  }
  if (chosen.disabled_at) {
    const reason = chosen.disabled_reason ? `; reason: ${chosen.disabled_reason}` : '';
    throw unauthenticated(
      `your account is disabled in organisation "${chosen.org_name}" (since ${chosen.disabled_at.toISOString()}${reason}); ask an owner or admin of that organisation to enable it`,
    );
  }
  if (address !== undefined && !isAllowed(chosen.ip_allowlist, address)) {
    throw forbidden(
      `organisation "${chosen.org_name}" accepts requests only from the addresses on its IP allow-list, and your address ${address} is not on it; connect from an allowed network, or ask an owner or admin to add ${address}`,
    );
  }
  return { caller, orgId: chosen.org_id, role: chosen.role };
}
