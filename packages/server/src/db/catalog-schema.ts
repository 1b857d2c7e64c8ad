import type { ColumnType, Generated } from 'kysely';

/** Row types of the dataset catalog (0016-catalog, docs/catalog.md); part of `DB` in schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;
/** int8 comes back as a decimal string from both drivers. */
type Int8 = ColumnType<string, string | number, string | number>;

export interface CatalogSettingsTable {
  org_id: string;
  two_person_rule: boolean;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface CatalogCardsTable {
  id: string;
  org_id: string;
  dataset_version_id: string;
  project_id: string;
  version: number;
  title: string;
  description: string;
  industry: string;
  modality: string;
  licence: string;
  price_cents: Int8;
  item_count: number;
  data_bytes: Int8;
  label_schema: Json;
  quality_summary: ColumnType<unknown, string | null, string | null>;
  sample: Json<string[]>;
  items_root: string;
  data_sha256: string;
  log_index: ColumnType<string | null, string | number | null, string | number | null>;
  log_entry: string | null;
  status: Generated<'draft' | 'published'>;
  visibility: Generated<'private' | 'orgs' | 'everyone'>;
  shared_org_ids: ColumnType<string[], string[] | undefined, string[]>;
  /** A tsvector, written with `to_tsvector('simple', …)` of core's `indexTokens`. */
  search: ColumnType<string, never, never>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: NullableTimestamp;
}

export interface CatalogChangesTable {
  id: string;
  org_id: string;
  kind: 'audience' | 'grant';
  card_id: string;
  request_id: string | null;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  reason: string | null;
}

export interface CatalogRequestsTable {
  id: string;
  org_id: string;
  consumer_org_id: string;
  card_id: string;
  purpose: string;
  status: Generated<'pending' | 'awaiting_approval' | 'approved' | 'refused'>;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  reason: string | null;
  conditions: string | null;
  expires_at: NullableTimestamp;
  download_limit: number | null;
  entitlement_id: string | null;
}

export interface CatalogEntitlementsTable {
  id: string;
  org_id: string;
  consumer_org_id: string;
  card_id: string;
  dataset_version_id: string;
  request_id: string | null;
  conditions: string | null;
  expires_at: NullableTimestamp;
  download_limit: number | null;
  downloads_used: Generated<number>;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CatalogDownloadTokensTable {
  id: string;
  org_id: string;
  entitlement_id: string;
  token_sha256: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface CatalogDownloadsTable {
  id: string;
  org_id: string;
  consumer_org_id: string;
  entitlement_id: string;
  delivery_id: string;
  user_id: string;
  at: Timestamp;
}

export interface CatalogTables {
  catalog_settings: CatalogSettingsTable;
  catalog_cards: CatalogCardsTable;
  catalog_changes: CatalogChangesTable;
  catalog_requests: CatalogRequestsTable;
  catalog_entitlements: CatalogEntitlementsTable;
  catalog_download_tokens: CatalogDownloadTokensTable;
  catalog_downloads: CatalogDownloadsTable;
}
