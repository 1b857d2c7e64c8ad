import { sql } from 'kysely';
import type { Tx } from '../db/database.js';

export interface AuditEvent {
  orgId: string;
  userId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit log inside the caller's transaction, so the record and the act commit together.
 * The client's address is the column's default, read from the transaction (`Database.tenant()` sets it).
 */
export async function appendAudit(tx: Tx, e: AuditEvent): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({ org_id: e.orgId, user_id: e.userId, action: e.action, object_type: e.objectType, object_id: e.objectId, details: JSON.stringify(e.details ?? {}) })
    .execute();
}

/** What a search of the audit log may ask for; every field optional, combined with AND. */
export interface AuditFilter {
  userId?: string | undefined;
  /** An exact action. */
  action?: string | undefined;
  /** Every action starting with this (e.g. "task."). */
  actionPrefix?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  /** at >= from */
  from?: Date | undefined;
  /** at < to */
  to?: Date | undefined;
}

/** A keyset page of the organisation's audit log, newest first: entries with id < `beforeId`. */
export async function searchAudit(tx: Tx, filter: AuditFilter, limit: number, beforeId?: string) {
  let q = tx
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.at', 'a.user_id', 'u.email', 'a.action', 'a.object_type', 'a.object_id', 'a.details', 'a.address'])
    .orderBy('a.id', 'desc')
    .limit(limit);
  if (beforeId) q = q.where('a.id', '<', beforeId);
  if (filter.userId) q = q.where('a.user_id', '=', filter.userId);
  if (filter.action) q = q.where('a.action', '=', filter.action);
  if (filter.actionPrefix) q = q.where(sql<string>`left(a.action, ${filter.actionPrefix.length})`, '=', filter.actionPrefix);
  if (filter.objectType) q = q.where('a.object_type', '=', filter.objectType);
  if (filter.objectId) q = q.where('a.object_id', '=', filter.objectId);
  if (filter.from) q = q.where('a.at', '>=', filter.from);
  if (filter.to) q = q.where('a.at', '<', filter.to);
  return q.execute();
}

export type AuditRow = Awaited<ReturnType<typeof searchAudit>>[number];

/** Which actions count as what, for `accessVolumes` (core's AUDIT_*_ACTIONS). */
export interface VolumeActions {
  views: readonly string[];
  lists: readonly string[];
  work: readonly string[];
  exports: readonly string[];
}

export interface AccessVolumeRow {
  user_id: string;
  email: string | null;
  name: string | null;
  views: number;
  work: number;
  exports: number;
  addresses: string[] | null;
}

/**
 * Per person, since `since`: tasks opened (one per view row, `details.count` per list row), work done,
 * exports, and the distinct addresses they came from. Uses audit_log_at_idx.
 */
export async function accessVolumes(tx: Tx, since: Date, actions: VolumeActions): Promise<AccessVolumeRow[]> {
  const inList = (list: readonly string[]) => (list.length > 0 ? sql`a.action IN (${sql.join(list)})` : sql`false`);
  const all = [...actions.views, ...actions.lists, ...actions.work, ...actions.exports];
  return tx
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select([
      sql<string>`a.user_id`.as('user_id'),
      'u.email',
      'u.name',
      sql<number>`coalesce(sum(CASE WHEN ${inList(actions.views)} THEN 1
        WHEN ${inList(actions.lists)} AND jsonb_typeof(a.details->'count') = 'number' THEN (a.details->>'count')::numeric
        ELSE 0 END), 0)::int`.as('views'),
      sql<number>`(count(*) FILTER (WHERE ${inList(actions.work)}))::int`.as('work'),
      sql<number>`(count(*) FILTER (WHERE ${inList(actions.exports)}))::int`.as('exports'),
      sql<string[] | null>`jsonb_agg(DISTINCT a.address) FILTER (WHERE a.address IS NOT NULL)`.as('addresses'),
    ])
    .where('a.at', '>=', since)
    .where('a.user_id', 'is not', null)
    .where('a.action', 'in', all.length > 0 ? all : ['-'])
    .groupBy(['a.user_id', 'u.email', 'u.name'])
    .execute();
}
