import { packageStage, type PackageStage, type SettlementDto, type WorkPackageDto } from '@yungang/core';
import type { PackageRow } from '../repositories/work-packages.repository.js';

export function stageOf(row: PackageRow): PackageStage {
  return packageStage(row.status, { accepted: row.vendor_org_id !== null, delivered: row.delivered_at !== null });
}

/**
 * A package as the caller's organisation may see it: the client sees everything; a vendor never sees the
 * client's project id, the other vendors it was offered to, or who else accepted it.
 */
export function packageDto(row: PackageRow, callerOrgId: string, names: Map<string, string>): WorkPackageDto {
  const client = row.org_id === callerOrgId;
  const mine = row.vendor_org_id === callerOrgId;
  const offered = client ? row.offered_org_ids : row.offered_org_ids.filter((id) => id === callerOrgId);
  return {
    id: row.id,
    side: client ? 'client' : 'vendor',
    stage: stageOf(row),
    title: row.title,
    instructions: row.instructions,
    client: { orgId: row.org_id, name: row.client_name },
    projectId: client ? row.project_id : null,
    itemCount: row.item_count,
    unitPriceMinor: Number(row.unit_price_minor),
    currency: row.currency,
    deadline: row.deadline.toISOString(),
    qualityFloor: row.quality_floor,
    sharedFields: row.shared_fields,
    vendors: offered.map((orgId) => ({ orgId, name: names.get(orgId) ?? orgId })),
    vendor:
      row.vendor_org_id !== null && (client || mine)
        ? { orgId: row.vendor_org_id, name: row.vendor_name ?? '', acceptedAt: row.accepted_at!.toISOString(), deliveredAt: row.delivered_at?.toISOString() ?? null, deliveredCount: row.delivered_count }
        : null,
    vendorProjectId: mine ? row.vendor_project_id : null,
    offer: {
      requestedBy: client ? row.offer_requested_by_email : null,
      requestedAt: row.offer_requested_at?.toISOString() ?? null,
      decidedBy: client ? row.offer_decided_by_email : null,
      decidedAt: row.offer_decided_at?.toISOString() ?? null,
      rejectionReason: client ? row.offer_rejection_reason : null,
    },
    settledAt: row.settled_at?.toISOString() ?? null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at.toISOString(),
  };
}

export function settlementDto(row: PackageRow, settledByEmail: string): SettlementDto | null {
  if (row.settlement === null || row.settled_at === null) return null;
  const s = row.settlement as Omit<SettlementDto, 'settledAt' | 'settledBy'>;
  return {
    currency: s.currency,
    unitPriceMinor: s.unitPriceMinor,
    qualityFloor: s.qualityFloor,
    itemCount: s.itemCount,
    delivered: s.delivered,
    undelivered: s.undelivered,
    reviewed: s.reviewed,
    acceptedInReview: s.acceptedInReview,
    rejectedInReview: s.rejectedInReview,
    accuracy: s.accuracy,
    meetsFloor: s.meetsFloor,
    presumedDefective: s.presumedDefective,
    grossMinor: s.grossMinor,
    deductions: s.deductions,
    payableItems: s.payableItems,
    totalMinor: s.totalMinor,
    late: s.late,
    settledAt: row.settled_at.toISOString(),
    settledBy: settledByEmail,
  };
}
