import type { ColumnType, Generated } from 'kysely';

/** Row types of licence tiers and orders (0017-orders, docs/catalog.md); part of `DB` in schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** int8 comes back as a decimal string from both drivers. */
type Int8 = ColumnType<string, string | number, string | number>;

export type OrderStatusColumn = 'requested' | 'confirmed' | 'paid' | 'fulfilled' | 'refused' | 'cancelled';

export interface CatalogLicenceTiersTable {
  id: string;
  org_id: string;
  card_id: string;
  name: string;
  description: string;
  price_minor: Int8;
  currency: string;
  duration_days: number | null;
  download_limit: number | null;
  permitted_use: string;
  active: Generated<boolean>;
  position: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CatalogOrdersTable {
  id: string;
  org_id: string;
  consumer_org_id: string;
  card_id: string;
  tier_id: string;
  tier_name: string;
  price_minor: Int8;
  currency: string;
  duration_days: number | null;
  download_limit: number | null;
  permitted_use: string;
  purpose: string;
  status: Generated<OrderStatusColumn>;
  requested_by: string;
  requested_at: Timestamp;
  confirmed_by: string | null;
  confirmed_at: NullableTimestamp;
  paid_by: string | null;
  paid_at: NullableTimestamp;
  payment_reference: string | null;
  fulfilled_by: string | null;
  fulfilled_at: NullableTimestamp;
  refused_by: string | null;
  refused_at: NullableTimestamp;
  refusal_reason: string | null;
  cancelled_by: string | null;
  cancelled_at: NullableTimestamp;
  cancel_reason: string | null;
  entitlement_id: string | null;
  receipt_number: string | null;
}

export interface CatalogReceiptCountersTable {
  org_id: string;
  last: number;
}

export interface CatalogOrderTables {
  catalog_licence_tiers: CatalogLicenceTiersTable;
  catalog_orders: CatalogOrdersTable;
  catalog_receipt_counters: CatalogReceiptCountersTable;
}
