import { randomUUID } from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import type { Tx } from '../db/database.js';
import type { PackageStatusColumn, WorkPackagesTable } from '../db/work-package-schema.js';

/**
 * All SQL of vendor work packages (docs/work-packages.md). Which side sees which row is decided by the
 * row-level security policies of 0021-work-packages; these queries never filter by organisation themselves
 * beyond what a use case asks for.
 */

export interface PackageRow {
  id: string;
  org_id: string;
  client_name: string;
  project_id: string;
  title: string;
  instructions: string;
  label_config: unknown;
  unit_price_minor: string;
  currency: string;
  deadline: Date;
  quality_floor: number;
  shared_fields: string[];
  offered_org_ids: string[];
  item_count: number;
  status: PackageStatusColumn;
  created_by: string;
  created_at: Date;
  offer_requested_by: string | null;
  offer_requested_by_email: string | null;
  offer_requested_at: Date | null;
  offer_decided_by: string | null;
  offer_decided_by_email: string | null;
  offer_decided_at: Date | null;
  offer_rejection_reason: string | null;
  settlement: unknown;
  settled_by: string | null;
  settled_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  /** The vendor's acceptance, when there is one (visible to the client and to the offered vendors). */
  vendor_org_id: string | null;
  vendor_name: string | null;
  vendor_project_id: string | null;
  accepted_at: Date | null;
  delivered_at: Date | null;
  delivered_count: number | null;
}

const packageQuery = (tx: Tx) =>
  tx
    .selectFrom('work_packages as p')
    .innerJoin('organizations as o', 'o.id', 'p.org_id')
    .leftJoin('work_package_acceptances as a', 'a.package_id', 'p.id')
    .leftJoin('organizations as v', 'v.id', 'a.org_id')
    .leftJoin('users as rq', 'rq.id', 'p.offer_requested_by')
    .leftJoin('users as dc', 'dc.id', 'p.offer_decided_by')
    .select([
      'p.id',
      'p.org_id',
      'o.name as client_name',
      'p.project_id',
      'p.title',
      'p.instructions',
      'p.label_config',
      'p.unit_price_minor',
      'p.currency',
      'p.deadline',
      'p.quality_floor',
      'p.shared_fields',
      'p.offered_org_ids',
      'p.item_count',
      'p.status',
      'p.created_by',
      'p.created_at',
      'p.offer_requested_by',
      'rq.email as offer_requested_by_email',
      'p.offer_requested_at',
      'p.offer_decided_by',
      'dc.email as offer_decided_by_email',
      'p.offer_decided_at',
      'p.offer_rejection_reason',
      'p.settlement',
      'p.settled_by',
      'p.settled_at',
      'p.cancelled_at',
      'p.cancel_reason',
      'a.org_id as vendor_org_id',
      'v.name as vendor_name',
      'a.vendor_project_id',
      'a.accepted_at',
      'a.delivered_at',
      'a.delivered_count',
    ]);

export async function findPackage(tx: Tx, id: string, lock = false): Promise<PackageRow | undefined> {
  if (lock) await tx.selectFrom('work_packages').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return (await packageQuery(tx).where('p.id', '=', id).executeTakeFirst()) as PackageRow | undefined;
}

export async function listPackages(tx: Tx, filter: { clientOrgId?: string; vendorOrgId?: string }): Promise<PackageRow[]> {
  let q = packageQuery(tx);
  if (filter.clientOrgId) q = q.where('p.org_id', '=', filter.clientOrgId);
  if (filter.vendorOrgId) q = q.where('p.org_id', '<>', filter.vendorOrgId);
  return (await q.orderBy('p.created_at', 'desc').limit(500).execute()) as PackageRow[];
}

export async function orgNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('organizations').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertPackage(
  tx: Tx,
  p: {
    id: string;
    orgId: string;
    projectId: string;
    title: string;
    instructions: string;
    labelConfig: unknown;
    unitPriceMinor: number;
    currency: string;
    deadline: string;
    qualityFloor: number;
    sharedFields: string[];
    offeredOrgIds: string[];
    createdBy: string;
  },
): Promise<void> {
  await tx
    .insertInto('work_packages')
    .values({
      id: p.id,
      org_id: p.orgId,
      project_id: p.projectId,
      title: p.title,
      instructions: p.instructions,
      label_config: JSON.stringify(p.labelConfig),
      unit_price_minor: p.unitPriceMinor,
      currency: p.currency,
      deadline: p.deadline,
      quality_floor: p.qualityFloor,
      shared_fields: p.sharedFields,
      offered_org_ids: p.offeredOrgIds,
      item_count: 0,
      created_by: p.createdBy,
    })
    .execute();
}

/**
 * Snapshots the chosen tasks as package items: only the shared keys of their data, and the media rows the
 * tasks point to (minus the client's ids), so the vendor can serve the same blobs under its own rows.
 * One statement; returns the item count.
 */
export async function insertItems(tx: Tx, packageId: string, orgId: string, projectId: string, taskIds: readonly string[], sharedFields: readonly string[]): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH chosen AS (
      SELECT t.id, t.data, u.n FROM unnest(${[...taskIds]}::bigint[]) WITH ORDINALITY AS u(id, n)
      JOIN tasks t ON t.id = u.id AND t.project_id = ${projectId}::uuid
    ), ins AS (
      INSERT INTO work_package_items (package_id, org_id, source_task_id, position, data, media)
      SELECT ${packageId}::uuid, ${orgId}::uuid, c.id, c.n::int,
        COALESCE((SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(c.data) e WHERE e.key = ANY (${[...sharedFields]}::text[])), '{}'::jsonb),
        COALESCE((SELECT jsonb_agg(to_jsonb(m) - 'id' - 'org_id' - 'project_id' - 'task_id' - 'import_id') FROM media m WHERE m.task_id = c.id), '[]'::jsonb)
      FROM chosen c
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`.execute(tx);
  const n = result.rows[0]?.n ?? 0;
  await tx.updateTable('work_packages').set({ item_count: n }).where('id', '=', packageId).execute();
  return n;
}

export async function openTaskIds(tx: Tx, projectId: string, limit: number): Promise<string[]> {
  const rows = await tx.selectFrom('tasks').select('id').where('project_id', '=', projectId).where('completed', '=', false).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Tasks of the list that belong to the project (the rest are reported as errors by the caller). */
export async function tasksInProject(tx: Tx, projectId: string, taskIds: readonly string[]): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  const rows = await tx.selectFrom('tasks').select('id').where('project_id', '=', projectId).where('id', 'in', [...taskIds]).execute();
  return new Set(rows.map((r) => r.id));
}

/** Moves the package from one status to another; false when another request moved it first. */
export async function movePackage(tx: Tx, id: string, from: readonly PackageStatusColumn[], set: Updateable<WorkPackagesTable>): Promise<boolean> {
  const r = await tx
    .updateTable('work_packages')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ItemRow {
  source_task_id: string;
  position: number;
  data: Record<string, unknown>;
  media: Record<string, unknown>[];
  sampled: boolean;
}

export async function itemsOf(tx: Tx, packageId: string): Promise<ItemRow[]> {
  return (await tx.selectFrom('work_package_items').select(['source_task_id', 'position', 'data', 'media', 'sampled']).where('package_id', '=', packageId).orderBy('position').execute()) as ItemRow[];
}

export async function insertAcceptance(tx: Tx, a: { packageId: string; orgId: string; vendorProjectId: string; acceptedBy: string }): Promise<boolean> {
  const r = await tx
    .insertInto('work_package_acceptances')
    .values({ package_id: a.packageId, org_id: a.orgId, vendor_project_id: a.vendorProjectId, accepted_by: a.acceptedBy })
    .onConflict((oc) => oc.column('package_id').doNothing())
    .returning('package_id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Copies the item's media rows into the vendor's project, attached to the vendor's task. */
export async function insertVendorMedia(tx: Tx, v: { orgId: string; projectId: string; taskId: string; importId: string }, media: readonly Record<string, unknown>[]): Promise<void> {
  for (const m of media) {
    const row = { ...m, id: randomUUID(), org_id: v.orgId, project_id: v.projectId, task_id: v.taskId, import_id: v.importId };
    await sql`INSERT INTO media SELECT (jsonb_populate_record(NULL::media, ${JSON.stringify(row)}::jsonb)).*`.execute(tx);
  }
}

export async function insertVendorTasks(tx: Tx, rows: { packageId: string; orgId: string; sourceTaskId: string; taskId: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('work_package_vendor_tasks')
    .values(rows.map((r) => ({ package_id: r.packageId, org_id: r.orgId, source_task_id: r.sourceTaskId, task_id: r.taskId })))
    .execute();
}

export async function vendorTasksOf(tx: Tx, packageId: string): Promise<{ source_task_id: string; task_id: string }[]> {
  return tx.selectFrom('work_package_vendor_tasks').select(['source_task_id', 'task_id']).where('package_id', '=', packageId).execute();
}

export async function staffOf(tx: Tx, packageId: string): Promise<{ user_id: string; role: 'annotator' | 'reviewer'; email: string }[]> {
  return tx
    .selectFrom('work_package_staff as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.role', 'u.email'])
    .where('s.package_id', '=', packageId)
    .orderBy('u.email')
    .execute();
}

export async function replaceStaff(tx: Tx, packageId: string, orgId: string, staff: { userId: string; role: 'annotator' | 'reviewer' }[]): Promise<void> {
  await tx.deleteFrom('work_package_staff').where('package_id', '=', packageId).execute();
  if (staff.length === 0) return;
  await tx
    .insertInto('work_package_staff')
    .values(staff.map((s) => ({ package_id: packageId, org_id: orgId, user_id: s.userId, role: s.role })))
    .execute();
}

/** Members of the caller's organisation among `userIds` (memberships are tenant rows). */
export async function membersAmong(tx: Tx, orgId: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', 'in', [...userIds]).execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function insertDeliveries(tx: Tx, rows: { packageId: string; orgId: string; sourceTaskId: string; result: unknown[]; annotators: number }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto('work_package_deliveries')
      .values(rows.slice(i, i + 500).map((r) => ({ package_id: r.packageId, org_id: r.orgId, source_task_id: r.sourceTaskId, result: JSON.stringify(r.result), annotators: r.annotators })))
      .execute();
  }
}

export async function markDelivered(tx: Tx, packageId: string, userId: string, count: number): Promise<boolean> {
  const r = await tx
    .updateTable('work_package_acceptances')
    .set({ delivered_by: userId, delivered_at: sql<Date>`now()`, delivered_count: count })
    .where('package_id', '=', packageId)
    .where('delivered_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ClientItemRow extends ItemRow {
  result: unknown[] | null;
  verdict: 'accepted' | 'rejected' | null;
  reason: string | null;
  reviewed_by_email: string | null;
}

export async function clientItems(tx: Tx, packageId: string, filter: 'all' | 'delivered' | 'sampled' | 'reviewed', offset: number, limit: number): Promise<ClientItemRow[]> {
  let q = tx
    .selectFrom('work_package_items as i')
    .leftJoin('work_package_deliveries as d', (j) => j.onRef('d.package_id', '=', 'i.package_id').onRef('d.source_task_id', '=', 'i.source_task_id'))
    .leftJoin('work_package_reviews as r', (j) => j.onRef('r.package_id', '=', 'i.package_id').onRef('r.source_task_id', '=', 'i.source_task_id'))
    .leftJoin('users as u', 'u.id', 'r.reviewed_by')
    .select(['i.source_task_id', 'i.position', 'i.data', 'i.media', 'i.sampled', 'd.result', 'r.verdict', 'r.reason', 'u.email as reviewed_by_email'])
    .where('i.package_id', '=', packageId);
  if (filter === 'delivered') q = q.where('d.source_task_id', 'is not', null);
  if (filter === 'sampled') q = q.where('i.sampled', '=', true);
  if (filter === 'reviewed') q = q.where('r.verdict', 'is not', null);
  return (await q.orderBy('i.position').offset(offset).limit(limit).execute()) as ClientItemRow[];
}

export async function deliveredIds(tx: Tx, packageId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('work_package_deliveries as d')
    .innerJoin('work_package_items as i', (j) => j.onRef('i.package_id', '=', 'd.package_id').onRef('i.source_task_id', '=', 'd.source_task_id'))
    .select('d.source_task_id')
    .where('d.package_id', '=', packageId)
    .orderBy('i.position')
    .execute();
  return rows.map((r) => r.source_task_id);
}

export async function markSampled(tx: Tx, packageId: string, sourceTaskIds: readonly string[]): Promise<void> {
  if (sourceTaskIds.length === 0) return;
  await tx.updateTable('work_package_items').set({ sampled: true }).where('package_id', '=', packageId).where('source_task_id', 'in', [...sourceTaskIds]).execute();
}

export async function upsertReview(tx: Tx, r: { packageId: string; orgId: string; sourceTaskId: string; verdict: 'accepted' | 'rejected'; reason: string | null; reviewedBy: string }): Promise<void> {
  await tx
    .insertInto('work_package_reviews')
    .values({ package_id: r.packageId, org_id: r.orgId, source_task_id: r.sourceTaskId, verdict: r.verdict, reason: r.reason, reviewed_by: r.reviewedBy })
    .onConflict((oc) => oc.columns(['package_id', 'source_task_id']).doUpdateSet({ verdict: r.verdict, reason: r.reason, reviewed_by: r.reviewedBy, reviewed_at: sql<Date>`now()` }))
    .execute();
}

/** Every item with its delivery and verdict, for the settlement statement. */
export async function settlementItems(tx: Tx, packageId: string): Promise<{ source_task_id: string; result: unknown[] | null; verdict: 'accepted' | 'rejected' | null; reason: string | null }[]> {
  return (await tx
    .selectFrom('work_package_items as i')
    .leftJoin('work_package_deliveries as d', (j) => j.onRef('d.package_id', '=', 'i.package_id').onRef('d.source_task_id', '=', 'i.source_task_id'))
    .leftJoin('work_package_reviews as r', (j) => j.onRef('r.package_id', '=', 'i.package_id').onRef('r.source_task_id', '=', 'i.source_task_id'))
    .select(['i.source_task_id', 'd.result', 'r.verdict', 'r.reason'])
    .where('i.package_id', '=', packageId)
    .orderBy('i.position')
    .execute()) as { source_task_id: string; result: unknown[] | null; verdict: 'accepted' | 'rejected' | null; reason: string | null }[];
}

/**
 * The package behind a vendor project, for the claim gate: whether work on it is open now, and whether the
 * caller is on its staff for the work asked. Undefined when the project is no package's.
 */
export async function packageGate(tx: Tx, projectId: string, userId: string, role: 'annotator' | 'reviewer'): Promise<{ package_id: string; title: string; status: PackageStatusColumn | null; delivered: boolean; deadline: Date | null; staffed: boolean; on_staff: boolean } | undefined> {
  const row = await sql<{ package_id: string; title: string | null; status: PackageStatusColumn | null; delivered: boolean; deadline: Date | null; staffed: boolean; on_staff: boolean }>`
    SELECT a.package_id, p.title, p.status, a.delivered_at IS NOT NULL AS delivered, p.deadline,
      EXISTS (SELECT 1 FROM work_package_staff s WHERE s.package_id = a.package_id AND s.role = ${role}) AS staffed,
      EXISTS (SELECT 1 FROM work_package_staff s WHERE s.package_id = a.package_id AND s.role = ${role} AND s.user_id = ${userId}::uuid) AS on_staff
    FROM work_package_acceptances a LEFT JOIN work_packages p ON p.id = a.package_id
    WHERE a.vendor_project_id = ${projectId}::uuid`.execute(tx);
  const r = row.rows[0];
  return r ? { ...r, title: r.title ?? '' } : undefined;
}
