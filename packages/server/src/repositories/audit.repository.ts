import type { Tx } from '../db/database.js';

export interface AuditEvent {
  orgId: string;
  userId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log inside the caller's transaction, so the record and the act commit together. */
export async function appendAudit(tx: Tx, e: AuditEvent): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({ org_id: e.orgId, user_id: e.userId, action: e.action, object_type: e.objectType, object_id: e.objectId, details: JSON.stringify(e.details ?? {}) })
    .execute();
}

export async function listAudit(tx: Tx, limit: number, beforeId?: string) {
  let q = tx
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.at', 'a.user_id', 'u.email', 'a.action', 'a.object_type', 'a.object_id', 'a.details'])
    .orderBy('a.id', 'desc')
    .limit(limit);
  if (beforeId) q = q.where('a.id', '<', beforeId);
  return q.execute();
}
