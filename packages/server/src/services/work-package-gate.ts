import type { Database, Tx } from '../db/database.js';
import { AppError } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { packageGate } from '../repositories/work-packages.repository.js';
import type { TenantContext } from './context.js';

/** A refusal of the package gate: 403, and the caller's audit log records it (`work_package.refused`). */
export class PackageRefusal extends AppError {
  constructor(
    message: string,
    readonly workPackageId: string,
  ) {
    super('forbidden', message, { workPackageId });
  }
}

/** Writes the refusal to the caller's audit log in its own transaction (the refused claim's rolled back). */
export async function auditPackageRefusal(database: Database, ctx: TenantContext, error: unknown): Promise<void> {
  if (!(error instanceof PackageRefusal)) return;
  await database.tenant(ctx, (tx) =>
    appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'work_package.refused', objectType: 'work_package', objectId: error.workPackageId, details: { reason: error.message, status: 'forbidden' } }),
  );
}

/**
 * The gate between a vendor's package project and its people (docs/work-packages.md): the tasks a vendor
 * made from an accepted work package are worked on only by the staff its managers assigned, and only while
 * the package is out (not yet delivered, settled or cancelled). Called by the claim paths in their
 * transaction, like the certification gate, so a cancellation a moment ago already counts.
 */
export async function requirePackageStaff(tx: Tx, userId: string, projectId: string, work: 'annotate' | 'review'): Promise<void> {
  const role = work === 'annotate' ? 'annotator' : 'reviewer';
  const gate = await packageGate(tx, projectId, userId, role);
  if (!gate) return;
  const name = `work package "${gate.title}"`;
  const refuse = (message: string) => new PackageRefusal(message, gate.package_id);
  if (gate.status !== 'offered') throw refuse(`the ${name} is ${gate.status ?? 'closed'}: its tasks take no more work`);
  if (gate.delivered) throw refuse(`the ${name} was delivered: its tasks take no more work`);
  if (!gate.staffed) throw refuse(`no ${role}s are assigned to the ${name} yet: a manager of your organisation assigns them on the package's page`);
  if (!gate.on_staff) throw refuse(`you are not assigned as ${role} to the ${name}: ask a manager of your organisation to add you`);
}
