import type { CatalogOrderDto, LicenceTierDto, OrderStatus } from '@yungang/core';
import type { OrderRow, TierRow } from '../repositories/catalog-order.repository.js';

/** Tiers and orders as the HTTP contract shows them. */

export function tierDto(r: TierRow): LicenceTierDto {
  return {
    id: r.id,
    cardId: r.card_id,
    name: r.name,
    description: r.description,
    priceMinor: Number(r.price_minor),
    currency: r.currency as LicenceTierDto['currency'],
    durationDays: r.duration_days,
    downloadLimit: r.download_limit,
    permittedUse: r.permitted_use,
    active: r.active,
    position: r.position,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const step = (by: string | null, email: string | null, at: Date | null) => (by === null || at === null ? null : { by, byEmail: email, at: at.toISOString() });

export function orderTerms(r: OrderRow): CatalogOrderDto['terms'] {
  return {
    tierId: r.tier_id,
    name: r.tier_name,
    priceMinor: Number(r.price_minor),
    currency: r.currency,
    durationDays: r.duration_days,
    downloadLimit: r.download_limit,
    permittedUse: r.permitted_use,
  };
}

export function orderDto(r: OrderRow, callerOrgId: string): CatalogOrderDto {
  return {
    id: r.id,
    cardId: r.card_id,
    cardTitle: r.card_title ?? '',
    sellerOrgId: r.org_id,
    sellerOrgName: r.seller_org_name,
    buyerOrgId: r.consumer_org_id,
    buyerOrgName: r.buyer_org_name,
    side: r.org_id === callerOrgId ? 'seller' : 'buyer',
    terms: orderTerms(r),
    purpose: r.purpose,
    status: r.status as OrderStatus,
    requested: { by: r.requested_by, byEmail: r.requested_by_email, at: r.requested_at.toISOString() },
    confirmed: step(r.confirmed_by, r.confirmed_by_email, r.confirmed_at),
    paid: step(r.paid_by, r.paid_by_email, r.paid_at),
    paymentReference: r.payment_reference,
    fulfilled: step(r.fulfilled_by, r.fulfilled_by_email, r.fulfilled_at),
    refused: step(r.refused_by, r.refused_by_email, r.refused_at),
    refusalReason: r.refusal_reason,
    cancelled: step(r.cancelled_by, r.cancelled_by_email, r.cancelled_at),
    cancelReason: r.cancel_reason,
    entitlementId: r.entitlement_id,
    receiptNumber: r.receipt_number,
  };
}
