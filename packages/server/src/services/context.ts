import { can, type Permission, type Role } from '@yungang/core';
import { forbidden } from '../http/app-error.js';

/** The authenticated person behind a request. */
export interface Caller {
  userId: string;
  email: string;
  name: string;
}

/** A caller acting inside one organisation with one role: what every tenant use case receives. */
export interface TenantContext {
  caller: Caller;
  orgId: string;
  role: Role;
  /** The client's address for the access audit (absent outside HTTP requests: CLI, seeds). */
  address?: string | undefined;
}

/** Throws 403 unless the caller's role grants `permission`. */
export function requirePermission(ctx: TenantContext, permission: Permission): void {
  if (!can(ctx.role, permission)) {
    throw forbidden(`your role "${ctx.role}" does not allow ${permission} in this organisation; ask an owner or admin`);
  }
}
