import type { Tx } from '../db/database.js';
import { forbidden } from '../http/app-error.js';
import { packageGate } from '../repositories/work-packages.repository.js';

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
  if (gate.status !== 'offered') throw forbidden(`the ${name} is ${gate.status ?? 'closed'}: its tasks take no more work`);
  if (gate.delivered) throw forbidden(`the ${name} was delivered: its tasks take no more work`);
  if (!gate.staffed) throw forbidden(`no ${role}s are assigned to the ${name} yet: a manager of your organisation assigns them on the package's page`);
  if (!gate.on_staff) throw forbidden(`you are not assigned as ${role} to the ${name}: ask a manager of your organisation to add you`);
}
