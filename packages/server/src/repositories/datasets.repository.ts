import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { isUuid } from '../db/ids.js';

const COLUMNS = ['d.id', 'd.project_id', 'd.version', 'd.name', 'd.description', 'd.item_count', 'd.items_root', 'd.data_sha256', 'd.data_bytes', 'd.created_by', 'd.created_at'] as const;

/** Dataset versions with the log position of their entry (null while queued). */
function selectVersions(tx: Tx) {
  return tx
    .selectFrom('dataset_versions as d')
    .leftJoin('log_entries as l', (j) => j.on('l.kind', '=', 'dataset.version').on(sql<boolean>`l.subject_id = d.id::text`))
    .select([...COLUMNS, 'l.leaf_index', 'l.entry']);
}

export type DatasetVersionRow = Awaited<ReturnType<ReturnType<typeof selectVersions>['executeTakeFirstOrThrow']>>;

export async function listDatasetVersions(tx: Tx, projectId: string): Promise<DatasetVersionRow[]> {
  return selectVersions(tx).where('d.project_id', '=', projectId).orderBy('d.version', 'desc').execute();
}

export async function findDatasetVersion(tx: Tx, id: string): Promise<DatasetVersionRow | undefined> {
  if (!isUuid(id)) return undefined;
  return selectVersions(tx).where('d.id', '=', id).executeTakeFirst();
}

export async function nextDatasetVersionNumber(tx: Tx, projectId: string): Promise<number> {
  const row = await tx.selectFrom('dataset_versions').select(sql<number | null>`max(version)`.as('last')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return (row.last ?? 0) + 1;
}

export async function insertDatasetVersion(
  tx: Tx,
  v: { id: string; orgId: string; projectId: string; version: number; name: string; description: string; itemCount: number; itemsRoot: string; dataSha256: string; dataBytes: number; createdBy: string },
): Promise<void> {
  await tx
    .insertInto('dataset_versions')
    .values({
      id: v.id,
      org_id: v.orgId,
      project_id: v.projectId,
      version: v.version,
      name: v.name,
      description: v.description,
      item_count: v.itemCount,
      items_root: v.itemsRoot,
      data_sha256: v.dataSha256,
      data_bytes: String(v.dataBytes),
      created_by: v.createdBy,
    })
    .execute();
}

export async function insertDelivery(tx: Tx, d: { id: string; orgId: string; datasetVersionId: string; recipientUserId: string; secret: Uint8Array }): Promise<void> {
  await tx.insertInto('deliveries').values({ id: d.id, org_id: d.orgId, dataset_version_id: d.datasetVersionId, recipient_user_id: d.recipientUserId, secret: d.secret }).execute();
}

/** Every delivery of the instance with its recipient (system read: a leak is traced across tenants). */
export async function allDeliveries(tx: Tx) {
  return tx
    .selectFrom('deliveries as d')
    .innerJoin('dataset_versions as v', 'v.id', 'd.dataset_version_id')
    .innerJoin('organizations as o', 'o.id', 'd.org_id')
    .leftJoin('users as u', 'u.id', 'd.recipient_user_id')
    .select(['d.id', 'd.secret', 'd.created_at', 'd.dataset_version_id', 'v.name as version_name', 'v.version', 'o.name as org_name', 'u.email as recipient_email', 'd.recipient_user_id'])
    .orderBy('d.created_at')
    .execute();
}
