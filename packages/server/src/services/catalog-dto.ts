import type { AccessRequestDto, CatalogCardDto, CatalogChangeDto, CatalogQualitySummaryDto, EntitlementDto } from '@yungang/core';
import type { Static } from 'typebox';
import type { CardRow, ChangeRow, EntitlementRow, RequestRow } from '../repositories/catalog.repository.js';

/** Rows of the catalog as the HTTP contract shows them. */

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function cardDto(r: CardRow, callerOrgId: string): CatalogCardDto {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    mine: r.org_id === callerOrgId,
    datasetVersionId: r.dataset_version_id,
    projectId: r.project_id,
    version: r.version,
    title: r.title,
    description: r.description,
    industry: r.industry as CatalogCardDto['industry'],
    modality: r.modality as CatalogCardDto['modality'],
    licence: r.licence as CatalogCardDto['licence'],
    priceCents: Number(r.price_cents),
    itemCount: r.item_count,
    dataBytes: Number(r.data_bytes),
    labelSchema: r.label_schema as CatalogCardDto['labelSchema'],
    qualitySummary: (r.quality_summary ?? null) as Static<typeof CatalogQualitySummaryDto> | null,
    sample: r.sample,
    status: r.status,
    visibility: r.visibility,
    sharedOrgIds: r.shared_org_ids,
    provenance: { itemsRoot: r.items_root, dataSha256: r.data_sha256, logIndex: r.log_index === null ? null : Number(r.log_index) },
    publishedAt: iso(r.published_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function changeDto(r: ChangeRow): CatalogChangeDto {
  return {
    id: r.id,
    kind: r.kind,
    cardId: r.card_id,
    cardTitle: r.card_title,
    requestId: r.request_id,
    payload: r.payload,
    status: r.status,
    requestedBy: r.requested_by,
    requestedByEmail: r.requested_by_email,
    requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by,
    decidedByEmail: r.decided_by_email,
    decidedAt: iso(r.decided_at),
    reason: r.reason,
  };
}

export function requestDto(r: RequestRow): AccessRequestDto {
  return {
    id: r.id,
    cardId: r.card_id,
    cardTitle: r.card_title ?? '',
    ownerOrgId: r.org_id,
    ownerOrgName: r.owner_org_name,
    consumerOrgId: r.consumer_org_id,
    consumerOrgName: r.consumer_org_name,
    purpose: r.purpose,
    status: r.status,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    reason: r.reason,
    conditions: r.conditions,
    expiresAt: iso(r.expires_at),
    downloadLimit: r.download_limit,
    entitlementId: r.entitlement_id,
  };
}

export function entitlementDto(r: EntitlementRow): EntitlementDto {
  return {
    id: r.id,
    cardId: r.card_id,
    cardTitle: r.card_title ?? '',
    datasetVersionId: r.dataset_version_id,
    ownerOrgId: r.org_id,
    ownerOrgName: r.owner_org_name,
    consumerOrgId: r.consumer_org_id,
    consumerOrgName: r.consumer_org_name,
    conditions: r.conditions,
    expiresAt: iso(r.expires_at),
    downloadLimit: r.download_limit,
    downloadsUsed: r.downloads_used,
    revokedAt: iso(r.revoked_at),
    revokeReason: r.revoke_reason,
    createdAt: r.created_at.toISOString(),
    active: r.active,
  };
}
