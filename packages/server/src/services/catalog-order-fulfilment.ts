import { randomUUID } from 'node:crypto';
import { entitlementExpiry } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { conflict } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { insertEntitlement, type CardRow } from '../repositories/catalog.repository.js';
import { findOrder, moveOrder } from '../repositories/catalog-order.repository.js';
import { catalogGrantEvent } from '../provenance/catalog-events.js';
import { catalogOrderEvent } from '../provenance/catalog-order-events.js';
import type { TenantContext } from './context.js';

/**
 * Fulfilling a paid order: the approved grant change of the order (catalog-changes.ts) creates the
 * buyer's entitlement on the tier's terms frozen in the order (permitted use as its conditions, the
 * download limit, an expiry the tier's duration after now) and moves the order paid → fulfilled in the
 * same transaction. The move is conditional, so a second approval or payment racing this one finds the
 * order fulfilled and creates nothing.
 */
export async function fulfilOrder(tx: Tx, ctx: TenantContext, card: CardRow, p: { orderId: string; changeId: string }): Promise<string> {
  const order = await findOrder(tx, p.orderId);
  if (!order || order.org_id !== ctx.orgId) throw conflict('the order of this grant no longer exists');
  if (order.status !== 'paid') throw conflict(`the order is ${order.status}; only a paid order is fulfilled`);
  const entitlementId = randomUUID();
  const expiresAt = entitlementExpiry(new Date(), order.duration_days)?.toISOString() ?? null;
  await insertEntitlement(tx, {
    id: entitlementId,
    orgId: ctx.orgId,
    consumerOrgId: order.consumer_org_id,
    cardId: card.id,
    datasetVersionId: card.dataset_version_id,
    requestId: null,
    conditions: order.permitted_use,
    expiresAt,
    downloadLimit: order.download_limit,
    createdBy: ctx.caller.userId,
  });
  if (!(await moveOrder(tx, order.id, ['paid'], { to: 'fulfilled', by: ctx.caller.userId, entitlementId }))) {
    throw conflict('the order was fulfilled or changed meanwhile; nothing was granted twice');
  }
  const actor = { orgId: ctx.orgId, actorId: ctx.caller.userId };
  const terms = { consumerOrgId: order.consumer_org_id, conditions: order.permitted_use, expiresAt, downloadLimit: order.download_limit };
  await appendAudit(tx, {
    orgId: ctx.orgId,
    userId: ctx.caller.userId,
    action: 'catalog.grant',
    objectType: 'catalog_entitlement',
    objectId: entitlementId,
    details: { cardId: card.id, consumerOrgId: order.consumer_org_id, orderId: order.id, expiresAt, downloadLimit: order.download_limit },
  });
  await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.order.fulfil', objectType: 'catalog_order', objectId: order.id, details: { entitlementId, changeId: p.changeId } });
  await appendLogEvent(tx, catalogGrantEvent(actor, { entitlementId, datasetVersionId: card.dataset_version_id, projectId: card.project_id, ...terms, approvedBy: ctx.caller.userId, changeId: p.changeId }));
  await appendLogEvent(
    tx,
    catalogOrderEvent(actor, {
      action: 'fulfil',
      orderId: order.id,
      cardId: card.id,
      datasetVersionId: card.dataset_version_id,
      projectId: card.project_id,
      sellerOrgId: order.org_id,
      buyerOrgId: order.consumer_org_id,
      tierId: order.tier_id,
      priceMinor: Number(order.price_minor),
      currency: order.currency,
      status: 'fulfilled',
      receiptNumber: order.receipt_number,
      entitlementId,
    }),
  );
  return entitlementId;
}
