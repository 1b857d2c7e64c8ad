import type { ColumnType, Generated } from 'kysely';

/** Row types of vendor work packages (0021-work-packages, docs/work-packages.md); part of `DB` in schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** int8 comes back as a decimal string from both drivers. */
type Int8 = ColumnType<string, string | number, string | number>;
type Json = ColumnType<unknown, string, string>;

export type PackageStatusColumn = 'draft' | 'awaiting_approval' | 'offered' | 'settled' | 'cancelled';

export interface WorkPackagesTable {
  id: string;
  org_id: string;
  project_id: string;
  title: string;
  instructions: string;
  label_config: Json;
  unit_price_minor: Int8;
  currency: string;
  deadline: Timestamp;
  quality_floor: number;
  shared_fields: string[];
  offered_org_ids: string[];
  item_count: number;
  status: Generated<PackageStatusColumn>;
  created_by: string;
  created_at: Timestamp;
  offer_requested_by: string | null;
  offer_requested_at: NullableTimestamp;
  offer_decided_by: string | null;
  offer_decided_at: NullableTimestamp;
  offer_rejection_reason: string | null;
  settlement: ColumnType<unknown, string | null | undefined, string | null>;
  settled_by: string | null;
  settled_at: NullableTimestamp;
  cancelled_by: string | null;
  cancelled_at: NullableTimestamp;
  cancel_reason: string | null;
}

export interface WorkPackageItemsTable {
  package_id: string;
  org_id: string;
  source_task_id: string;
  position: number;
  data: Json;
  media: ColumnType<unknown, string | undefined, string>;
  sampled: Generated<boolean>;
}

export interface WorkPackageReviewsTable {
  package_id: string;
  org_id: string;
  source_task_id: string;
  verdict: 'accepted' | 'rejected';
  reason: string | null;
  reviewed_by: string;
  reviewed_at: Timestamp;
}

export interface WorkPackageAcceptancesTable {
  package_id: string;
  org_id: string;
  vendor_project_id: string;
  accepted_by: string;
  accepted_at: Timestamp;
  delivered_by: string | null;
  delivered_at: NullableTimestamp;
  delivered_count: number | null;
}

export interface WorkPackageVendorTasksTable {
  package_id: string;
  org_id: string;
  source_task_id: string;
  task_id: string;
}

export interface WorkPackageStaffTable {
  package_id: string;
  org_id: string;
  user_id: string;
  role: 'annotator' | 'reviewer';
}

export interface WorkPackageDeliveriesTable {
  package_id: string;
  org_id: string;
  source_task_id: string;
  result: Json;
  annotators: number;
  delivered_at: Timestamp;
}

export interface WorkPackageTables {
  work_packages: WorkPackagesTable;
  work_package_items: WorkPackageItemsTable;
  work_package_reviews: WorkPackageReviewsTable;
  work_package_acceptances: WorkPackageAcceptancesTable;
  work_package_vendor_tasks: WorkPackageVendorTasksTable;
  work_package_staff: WorkPackageStaffTable;
  work_package_deliveries: WorkPackageDeliveriesTable;
}
