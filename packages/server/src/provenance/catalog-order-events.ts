import type { OrderAction } from '@yungang/core';
import type { LogEvent } from '../repositories/log.repository.js';
import { contentHash } from './log-events.js';

/**
 * Transparency-log events of catalog orders (docs/catalog.md, "Licences and orders"): every transition of
 * an order, under the organisation that made it. Purposes and reasons only as hashes, like the other
 * catalog events; prices in full, since a receipt must be checkable against the log.
 */
export function catalogOrderEvent(
  a: { orgId: string; actorId: string },
  p: {
    action: 'place' | OrderAction;
    orderId: string;
    cardId: string;
    /** Null when the buyer can no longer see the card (the owner narrowed it): the order is then the subject. */
    datasetVersionId: string | null;
    projectId: string | null;
    sellerOrgId: string;
    buyerOrgId: string;
    tierId: string;
    priceMinor: number;
    currency: string;
    status: string;
    receiptNumber?: string | null;
    entitlementId?: string | null;
    text?: string | null;
  },
): LogEvent {
  return {
    kind: 'catalog.order',
    ...a,
    subject: p.datasetVersionId === null ? { type: 'catalog-order', id: p.orderId } : { type: 'dataset-version', id: p.datasetVersionId },
    // The seller's project, only in the seller's own events: the buyer has no project by that id.
    ...(p.projectId !== null && a.orgId === p.sellerOrgId ? { projectId: p.projectId } : {}),
    data: {
      order: p.orderId,
      action: p.action,
      status: p.status,
      card: p.cardId,
      seller: p.sellerOrgId,
      buyer: p.buyerOrgId,
      tier: p.tierId,
      priceMinor: p.priceMinor,
      currency: p.currency,
      receipt: p.receiptNumber ?? null,
      entitlement: p.entitlementId ?? null,
      textSha256: p.text ? contentHash(p.text) : null,
    },
  };
}
