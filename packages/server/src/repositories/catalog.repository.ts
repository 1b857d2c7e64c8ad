import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { isUuid } from '../db/ids.js';

/**
 * SQL of the dataset catalog (docs/catalog.md). Every statement runs in a tenant transaction: which
 * cards, requests and entitlements of other organisations a caller sees is decided by the row-level
 * security policies of 0016-catalog, never here.
 */

// ---- settings ----

export async function twoPersonRule(tx: Tx, orgId: string): Promise<boolean> {
  const row = await tx.selectFrom('catalog_settings').select('two_person_rule').where('org_id', '=', orgId).executeTakeFirst();
  return row?.two_person_rule ?? false;
}

export async function saveSettings(tx: Tx, orgId: string, twoPerson: boolean, userId: string): Promise<void> {
  await tx
    .insertInto('catalog_settings')
    .values({ org_id: orgId, two_person_rule: twoPerson, updated_by: userId })
    .onConflict((c) => c.column('org_id').doUpdateSet({ two_person_rule: twoPerson, updated_by: userId, updated_at: sql<Date>`now()` }))
    .execute();
}

// ---- cards ----

const CARD_COLUMNS = [
  'c.id',
  'c.org_id',
  'o.name as org_name',
  'c.dataset_version_id',
  'c.project_id',
  'c.version',
  'c.title',
  'c.description',
  'c.industry',
  'c.modality',
  'c.licence',
  'c.price_cents',
  'c.item_count',
  'c.data_bytes',
  'c.label_schema',
  'c.quality_summary',
  'c.sample',
  'c.items_root',
  'c.data_sha256',
  'c.log_index',
  'c.log_entry',
  'c.status',
  'c.visibility',
  'c.shared_org_ids',
  'c.created_at',
  'c.updated_at',
  'c.published_at',
] as const;

function selectCards(tx: Tx) {
  return tx.selectFrom('catalog_cards as c').innerJoin('organizations as o', 'o.id', 'c.org_id').select([...CARD_COLUMNS]);
}

export type CardRow = Awaited<ReturnType<ReturnType<typeof selectCards>['executeTakeFirstOrThrow']>>;

export interface NewCard {
  id: string;
  orgId: string;
  datasetVersionId: string;
  projectId: string;
  version: number;
  title: string;
  description: string;
  industry: string;
  modality: string;
  licence: string;
  priceCents: number;
  itemCount: number;
  dataBytes: number;
  labelSchema: unknown;
  qualitySummary: unknown;
  sample: string[];
  itemsRoot: string;
  dataSha256: string;
  logIndex: number | null;
  logEntry: string | null;
  searchTokens: string[];
  createdBy: string;
}

export async function insertCard(tx: Tx, c: NewCard): Promise<void> {
  await sql`
    INSERT INTO catalog_cards (id, org_id, dataset_version_id, project_id, version, title, description, industry, modality, licence, price_cents,
      item_count, data_bytes, label_schema, quality_summary, sample, items_root, data_sha256, log_index, log_entry, search, created_by)
    VALUES (${c.id}, ${c.orgId}, ${c.datasetVersionId}, ${c.projectId}, ${c.version}, ${c.title}, ${c.description}, ${c.industry}, ${c.modality}, ${c.licence},
      ${c.priceCents}, ${c.itemCount}, ${c.dataBytes}, ${JSON.stringify(c.labelSchema)}::jsonb, ${c.qualitySummary === null ? null : JSON.stringify(c.qualitySummary)}::jsonb,
      ${JSON.stringify(c.sample)}::jsonb, ${c.itemsRoot}, ${c.dataSha256}, ${c.logIndex}, ${c.logEntry}, array_to_tsvector(${c.searchTokens}::text[]), ${c.createdBy})`.execute(tx);
}

export async function findCard(tx: Tx, id: string): Promise<CardRow | undefined> {
  if (!isUuid(id)) return undefined;
  return selectCards(tx).where('c.id', '=', id).executeTakeFirst();
}

export async function findCardOfVersion(tx: Tx, datasetVersionId: string): Promise<{ id: string } | undefined> {
  return tx.selectFrom('catalog_cards').select('id').where('dataset_version_id', '=', datasetVersionId).executeTakeFirst();
}

/** The other cards of the same project (the policies decide which the caller sees). */
export async function cardVersions(tx: Tx, orgId: string, projectId: string) {
  return tx
    .selectFrom('catalog_cards')
    .select(['id', 'version', 'title', 'published_at'])
    .where('org_id', '=', orgId)
    .where('project_id', '=', projectId)
    .orderBy('version', 'desc')
    .execute();
}

export async function updateCardText(
  tx: Tx,
  id: string,
  fields: { title: string; description: string; industry: string; modality: string; licence: string; priceCents: number; searchTokens: string[] },
): Promise<void> {
  await sql`
    UPDATE catalog_cards SET title = ${fields.title}, description = ${fields.description}, industry = ${fields.industry}, modality = ${fields.modality},
      licence = ${fields.licence}, price_cents = ${fields.priceCents}, search = array_to_tsvector(${fields.searchTokens}::text[]), updated_at = now()
    WHERE id = ${id}`.execute(tx);
}

export async function setCardAudience(tx: Tx, id: string, a: { published: boolean; visibility: string; sharedOrgIds: string[] }): Promise<void> {
  await tx
    .updateTable('catalog_cards')
    .set({
      status: a.published ? 'published' : 'draft',
      visibility: a.visibility as 'private' | 'orgs' | 'everyone',
      shared_org_ids: a.sharedOrgIds,
      updated_at: sql<Date>`now()`,
      published_at: a.published ? sql<Date>`coalesce(published_at, now())` : null,
    })
    .where('id', '=', id)
    .execute();
}

export interface CardFilter {
  tsQuery: string | null;
  industry?: string | undefined;
  modality?: string | undefined;
  licence?: string | undefined;
  org?: string | undefined;
  /** The searching organisation. */
  viewer: string;
  /** Only the viewer's own cards, drafts included; otherwise cards offered to the viewer (or its own published ones). */
  mine: boolean;
}

function where(f: CardFilter) {
  // Row-level security is the wall; this says what the catalog offers: a consumer that still sees a card
  // through an entitlement after the owner narrowed it keeps the card, but no longer finds it in search.
  const parts = [
    f.mine
      ? sql`c.org_id = ${f.viewer}`
      : sql`c.status = 'published' AND (c.org_id = ${f.viewer} OR c.visibility = 'everyone' OR (c.visibility = 'orgs' AND ${f.viewer}::uuid = ANY (c.shared_org_ids)))`,
  ];
  // Through the index (0016-catalog, catalog_search_ids); row-level security still filters the cards themselves.
  if (f.tsQuery) parts.push(sql`c.id IN (SELECT catalog_search_ids(${f.tsQuery}::tsquery))`);
  if (f.industry) parts.push(sql`c.industry = ${f.industry}`);
  if (f.modality) parts.push(sql`c.modality = ${f.modality}`);
  if (f.licence) parts.push(sql`c.licence = ${f.licence}`);
  if (f.org) parts.push(sql`c.org_id = ${f.org}`);
  return sql.join(parts, sql` AND `);
}

export interface FacetRow {
  facet: 'industry' | 'modality' | 'licence' | 'org';
  value: string;
  label: string;
  count: number;
}

/**
 * One page of matching cards (newest publication first) and the counts per industry, modality, licence and
 * owner organisation over every match, from one pass over the matches (the visible cards are read once).
 */
export async function searchCards(tx: Tx, f: CardFilter, limit: number, offset: number): Promise<{ rows: CardRow[]; facets: FacetRow[] }> {
  const result = await sql<{ kind: string; value: string; label: string; n: number }>`
    WITH m AS MATERIALIZED (SELECT c.id, c.published_at, c.industry, c.modality, c.licence, c.org_id FROM catalog_cards c WHERE ${where(f)}),
    page AS (SELECT id, row_number() OVER (ORDER BY published_at DESC NULLS LAST, id DESC)::int AS n FROM m ORDER BY published_at DESC NULLS LAST, id DESC LIMIT ${limit} OFFSET ${offset}),
    g AS (SELECT industry, modality, licence, org_id, count(*)::int AS n FROM m GROUP BY GROUPING SETS ((industry), (modality), (licence), (org_id)))
    SELECT 'page' AS kind, id::text AS value, '' AS label, n FROM page
    UNION ALL
    SELECT CASE WHEN industry IS NOT NULL THEN 'industry' WHEN modality IS NOT NULL THEN 'modality' WHEN licence IS NOT NULL THEN 'licence' ELSE 'org' END,
           coalesce(industry, modality, licence, org_id::text), coalesce(o.name, industry, modality, licence), n
    FROM g LEFT JOIN organizations o ON o.id = g.org_id`.execute(tx);
  const pageIds = result.rows.filter((r) => r.kind === 'page').sort((a, b) => a.n - b.n).map((r) => r.value);
  const facets = result.rows
    .filter((r) => r.kind !== 'page')
    .map((r) => ({ facet: r.kind as FacetRow['facet'], value: r.value, label: r.label, count: r.n }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  if (pageIds.length === 0) return { rows: [], facets };
  const rows = await selectCards(tx).where('c.id', 'in', pageIds).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: pageIds.map((id) => byId.get(id)).filter((r): r is CardRow => r !== undefined), facets };
}

// ---- changes awaiting approval ----

export async function insertChange(
  tx: Tx,
  c: { id: string; orgId: string; kind: 'audience' | 'grant'; cardId: string; requestId: string | null; payload: Record<string, unknown>; requestedBy: string },
): Promise<void> {
  await tx
    .insertInto('catalog_changes')
    .values({ id: c.id, org_id: c.orgId, kind: c.kind, card_id: c.cardId, request_id: c.requestId, payload: JSON.stringify(c.payload), requested_by: c.requestedBy })
    .execute();
}

function selectChanges(tx: Tx) {
  return tx
    .selectFrom('catalog_changes as x')
    .innerJoin('catalog_cards as c', 'c.id', 'x.card_id')
    .leftJoin('users as r', 'r.id', 'x.requested_by')
    .leftJoin('users as d', 'd.id', 'x.decided_by')
    .select([
      'x.id',
      'x.org_id',
      'x.kind',
      'x.card_id',
      'c.title as card_title',
      'x.request_id',
      'x.payload',
      'x.status',
      'x.requested_by',
      'r.email as requested_by_email',
      'x.requested_at',
      'x.decided_by',
      'd.email as decided_by_email',
      'x.decided_at',
      'x.reason',
    ]);
}

export type ChangeRow = Awaited<ReturnType<ReturnType<typeof selectChanges>['executeTakeFirstOrThrow']>>;

export async function findChange(tx: Tx, id: string, forUpdate = false): Promise<ChangeRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = selectChanges(tx).where('x.id', '=', id);
  return (forUpdate ? q.forUpdate('x') : q).executeTakeFirst();
}

export async function listChanges(tx: Tx, orgId: string, status: string | undefined): Promise<ChangeRow[]> {
  let q = selectChanges(tx).where('x.org_id', '=', orgId);
  if (status) q = q.where('x.status', '=', status as 'pending');
  return q.orderBy('x.requested_at', 'desc').limit(500).execute();
}

export async function decideChange(tx: Tx, id: string, d: { status: 'approved' | 'rejected'; userId: string; reason: string | null }): Promise<void> {
  await tx.updateTable('catalog_changes').set({ status: d.status, decided_by: d.userId, decided_at: sql<Date>`now()`, reason: d.reason }).where('id', '=', id).execute();
}

export async function pendingGrantOfRequest(tx: Tx, requestId: string): Promise<{ id: string } | undefined> {
  return tx.selectFrom('catalog_changes').select('id').where('request_id', '=', requestId).where('status', '=', 'pending').executeTakeFirst();
}

// ---- access requests ----

export async function insertRequest(tx: Tx, r: { id: string; orgId: string; consumerOrgId: string; cardId: string; purpose: string; requestedBy: string }): Promise<void> {
  await tx
    .insertInto('catalog_requests')
    .values({ id: r.id, org_id: r.orgId, consumer_org_id: r.consumerOrgId, card_id: r.cardId, purpose: r.purpose, requested_by: r.requestedBy })
    .execute();
}

function selectRequests(tx: Tx) {
  return tx
    .selectFrom('catalog_requests as r')
    .innerJoin('organizations as o', 'o.id', 'r.org_id')
    .innerJoin('organizations as k', 'k.id', 'r.consumer_org_id')
    .leftJoin('catalog_cards as c', 'c.id', 'r.card_id')
    .select([
      'r.id',
      'r.card_id',
      'c.title as card_title',
      'r.org_id',
      'o.name as owner_org_name',
      'r.consumer_org_id',
      'k.name as consumer_org_name',
      'r.purpose',
      'r.status',
      'r.requested_by',
      'r.requested_at',
      'r.decided_by',
      'r.decided_at',
      'r.reason',
      'r.conditions',
      'r.expires_at',
      'r.download_limit',
      'r.entitlement_id',
    ]);
}

export type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>;

export async function findRequest(tx: Tx, id: string, forUpdate = false): Promise<RequestRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = selectRequests(tx).where('r.id', '=', id);
  return (forUpdate ? q.forUpdate('r') : q).executeTakeFirst();
}

export async function listRequests(tx: Tx, orgId: string, direction: 'incoming' | 'outgoing'): Promise<RequestRow[]> {
  return selectRequests(tx)
    .where(direction === 'incoming' ? 'r.org_id' : 'r.consumer_org_id', '=', orgId)
    .orderBy('r.requested_at', 'desc')
    .limit(500)
    .execute();
}

export async function updateRequest(
  tx: Tx,
  id: string,
  set: Partial<{ status: 'pending' | 'awaiting_approval' | 'approved' | 'refused'; decidedBy: string | null; reason: string | null; conditions: string | null; expiresAt: string | null; downloadLimit: number | null; entitlementId: string }>,
): Promise<void> {
  await tx
    .updateTable('catalog_requests')
    .set({
      ...(set.status !== undefined ? { status: set.status } : {}),
      ...(set.decidedBy !== undefined ? { decided_by: set.decidedBy, decided_at: set.decidedBy === null ? null : sql<Date>`now()` } : {}),
      ...(set.reason !== undefined ? { reason: set.reason } : {}),
      ...(set.conditions !== undefined ? { conditions: set.conditions } : {}),
      ...(set.expiresAt !== undefined ? { expires_at: set.expiresAt } : {}),
      ...(set.downloadLimit !== undefined ? { download_limit: set.downloadLimit } : {}),
      ...(set.entitlementId !== undefined ? { entitlement_id: set.entitlementId } : {}),
    })
    .where('id', '=', id)
    .execute();
}

// ---- entitlements ----

export async function insertEntitlement(
  tx: Tx,
  e: { id: string; orgId: string; consumerOrgId: string; cardId: string; datasetVersionId: string; requestId: string | null; conditions: string | null; expiresAt: string | null; downloadLimit: number | null; createdBy: string },
): Promise<void> {
  await tx
    .insertInto('catalog_entitlements')
    .values({
      id: e.id,
      org_id: e.orgId,
      consumer_org_id: e.consumerOrgId,
      card_id: e.cardId,
      dataset_version_id: e.datasetVersionId,
      request_id: e.requestId,
      conditions: e.conditions,
      expires_at: e.expiresAt,
      download_limit: e.downloadLimit,
      created_by: e.createdBy,
    })
    .execute();
}

function selectEntitlements(tx: Tx) {
  return tx
    .selectFrom('catalog_entitlements as e')
    .innerJoin('organizations as o', 'o.id', 'e.org_id')
    .innerJoin('organizations as k', 'k.id', 'e.consumer_org_id')
    .leftJoin('catalog_cards as c', 'c.id', 'e.card_id')
    .select([
      'e.id',
      'e.card_id',
      'c.title as card_title',
      'c.project_id',
      'c.log_index',
      'c.log_entry',
      'e.dataset_version_id',
      'e.org_id',
      'o.name as owner_org_name',
      'e.consumer_org_id',
      'k.name as consumer_org_name',
      'e.conditions',
      'e.expires_at',
      'e.download_limit',
      'e.downloads_used',
      'e.revoked_at',
      'e.revoke_reason',
      'e.created_at',
      sql<boolean>`(e.revoked_at IS NULL AND (e.expires_at IS NULL OR e.expires_at > now()) AND (e.download_limit IS NULL OR e.downloads_used < e.download_limit))`.as('active'),
    ]);
}

export type EntitlementRow = Awaited<ReturnType<ReturnType<typeof selectEntitlements>['executeTakeFirstOrThrow']>>;

export async function findEntitlement(tx: Tx, id: string): Promise<EntitlementRow | undefined> {
  if (!isUuid(id)) return undefined;
  return selectEntitlements(tx).where('e.id', '=', id).executeTakeFirst();
}

export async function listEntitlements(tx: Tx, orgId: string, direction: 'incoming' | 'outgoing'): Promise<EntitlementRow[]> {
  return selectEntitlements(tx)
    .where(direction === 'incoming' ? 'e.org_id' : 'e.consumer_org_id', '=', orgId)
    .orderBy('e.created_at', 'desc')
    .limit(500)
    .execute();
}

export async function revokeEntitlement(tx: Tx, id: string, userId: string, reason: string): Promise<boolean> {
  const r = await tx
    .updateTable('catalog_entitlements')
    .set({ revoked_at: sql<Date>`now()`, revoked_by: userId, revoke_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** Counts one download if the entitlement is still active and under its limit, in one statement (no race past the limit). */
export async function countDownload(tx: Tx, id: string): Promise<boolean> {
  const r = await sql`
    UPDATE catalog_entitlements SET downloads_used = downloads_used + 1
    WHERE id = ${id} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
      AND (download_limit IS NULL OR downloads_used < download_limit)`.execute(tx);
  return r.numAffectedRows === 1n;
}

// ---- download tokens and downloads ----

export async function insertToken(tx: Tx, t: { id: string; orgId: string; entitlementId: string; tokenSha256: string; userId: string; expiresAt: Date }): Promise<void> {
  await tx
    .insertInto('catalog_download_tokens')
    .values({ id: t.id, org_id: t.orgId, entitlement_id: t.entitlementId, token_sha256: t.tokenSha256, user_id: t.userId, expires_at: t.expiresAt })
    .execute();
}

export async function findToken(tx: Tx, tokenSha256: string) {
  return tx
    .selectFrom('catalog_download_tokens')
    .select(['id', 'entitlement_id', 'user_id', 'used_at', sql<boolean>`expires_at <= now()`.as('expired')])
    .where('token_sha256', '=', tokenSha256)
    .forUpdate()
    .executeTakeFirst();
}

export async function useToken(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('catalog_download_tokens').set({ used_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function insertDownload(tx: Tx, d: { id: string; orgId: string; consumerOrgId: string; entitlementId: string; deliveryId: string; userId: string }): Promise<void> {
  await tx
    .insertInto('catalog_downloads')
    .values({ id: d.id, org_id: d.orgId, consumer_org_id: d.consumerOrgId, entitlement_id: d.entitlementId, delivery_id: d.deliveryId, user_id: d.userId })
    .execute();
}

/** The dataset version behind an entitlement, as the consumer may read it (policy catalog_entitled). */
export async function entitledVersion(tx: Tx, datasetVersionId: string) {
  return tx
    .selectFrom('dataset_versions')
    .select(['id', 'org_id', 'project_id', 'version', 'name', 'item_count', 'items_root', 'data_sha256', 'created_at'])
    .where('id', '=', datasetVersionId)
    .executeTakeFirst();
}
