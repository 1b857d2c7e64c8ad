import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import type { OrderStatusColumn } from '../db/catalog-order-schema.js';
import { isUuid } from '../db/ids.js';

/**
 * SQL of licence tiers and orders (docs/catalog.md, "Licences and orders"). Every statement runs in a
 * tenant transaction; which tiers and orders of other organisations a caller sees, and which orders a
 * buyer may place or cancel, is decided by the row-level security policies of 0017-orders.
 */

// ---- licence tiers ----

function selectTiers(tx: Tx) {
  return tx
    .selectFrom('catalog_licence_tiers')
    .select(['id', 'org_id', 'card_id', 'name', 'description', 'price_minor', 'currency', 'duration_days', 'download_limit', 'permitted_use', 'active', 'position', 'created_at', 'updated_at']);
}

export type TierRow = Awaited<ReturnType<ReturnType<typeof selectTiers>['executeTakeFirstOrThrow']>>;

export interface TierFields {
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  durationDays: number | null;
  downloadLimit: number | null;
  permittedUse: string;
  active: boolean;
  position: number;
}

export async function insertTier(tx: Tx, t: TierFields & { id: string; orgId: string; cardId: string; createdBy: string }): Promise<void> {
  await tx
    .insertInto('catalog_licence_tiers')
    .values({
      id: t.id,
      org_id: t.orgId,
      card_id: t.cardId,
      name: t.name,
      description: t.description,
      price_minor: t.priceMinor,
      currency: t.currency,
      duration_days: t.durationDays,
      download_limit: t.downloadLimit,
      permitted_use: t.permittedUse,
      active: t.active,
      position: t.position,
      created_by: t.createdBy,
    })
    .execute();
}

export async function updateTier(tx: Tx, id: string, t: Partial<TierFields>): Promise<void> {
  await tx
    .updateTable('catalog_licence_tiers')
    .set({
      ...(t.name !== undefined ? { name: t.name } : {}),
      ...(t.description !== undefined ? { description: t.description } : {}),
      ...(t.priceMinor !== undefined ? { price_minor: t.priceMinor } : {}),
      ...(t.currency !== undefined ? { currency: t.currency } : {}),
      ...(t.durationDays !== undefined ? { duration_days: t.durationDays } : {}),
      ...(t.downloadLimit !== undefined ? { download_limit: t.downloadLimit } : {}),
      ...(t.permittedUse !== undefined ? { permitted_use: t.permittedUse } : {}),
      ...(t.active !== undefined ? { active: t.active } : {}),
      ...(t.position !== undefined ? { position: t.position } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function findTier(tx: Tx, id: string): Promise<TierRow | undefined> {
  if (!isUuid(id)) return undefined;
  return selectTiers(tx).where('id', '=', id).executeTakeFirst();
}

export async function listTiers(tx: Tx, cardId: string, activeOnly: boolean): Promise<TierRow[]> {
  let q = selectTiers(tx).where('card_id', '=', cardId);
  if (activeOnly) q = q.where('active', '=', true);
  return q.orderBy('position').orderBy('created_at').execute();
}

// ---- orders ----

export async function insertOrder(
  tx: Tx,
  o: { id: string; orgId: string; consumerOrgId: string; cardId: string; tier: TierRow; purpose: string; requestedBy: string },
): Promise<void> {
  await tx
    .insertInto('catalog_orders')
    .values({
      id: o.id,
      org_id: o.orgId,
      consumer_org_id: o.consumerOrgId,
      card_id: o.cardId,
      tier_id: o.tier.id,
      tier_name: o.tier.name,
      price_minor: o.tier.price_minor,
      currency: o.tier.currency,
      duration_days: o.tier.duration_days,
      download_limit: o.tier.download_limit,
      permitted_use: o.tier.permitted_use,
      purpose: o.purpose,
      requested_by: o.requestedBy,
    })
    .execute();
}

function selectOrders(tx: Tx) {
  return tx
    .selectFrom('catalog_orders as x')
    .innerJoin('organizations as s', 's.id', 'x.org_id')
    .innerJoin('organizations as b', 'b.id', 'x.consumer_org_id')
    .leftJoin('catalog_cards as c', 'c.id', 'x.card_id')
    .leftJoin('users as ur', 'ur.id', 'x.requested_by')
    .leftJoin('users as uc', 'uc.id', 'x.confirmed_by')
    .leftJoin('users as up', 'up.id', 'x.paid_by')
    .leftJoin('users as uf', 'uf.id', 'x.fulfilled_by')
    .leftJoin('users as ux', 'ux.id', 'x.refused_by')
    .leftJoin('users as uk', 'uk.id', 'x.cancelled_by')
    .select([
      'x.id',
      'x.org_id',
      's.name as seller_org_name',
      'x.consumer_org_id',
      'b.name as buyer_org_name',
      'x.card_id',
      'c.title as card_title',
      'c.dataset_version_id',
      'c.project_id',
      'x.tier_id',
      'x.tier_name',
      'x.price_minor',
      'x.currency',
      'x.duration_days',
      'x.download_limit',
      'x.permitted_use',
      'x.purpose',
      'x.status',
      'x.requested_by',
      'ur.email as requested_by_email',
      'x.requested_at',
      'x.confirmed_by',
      'uc.email as confirmed_by_email',
      'x.confirmed_at',
      'x.paid_by',
      'up.email as paid_by_email',
      'x.paid_at',
      'x.payment_reference',
      'x.fulfilled_by',
      'uf.email as fulfilled_by_email',
      'x.fulfilled_at',
      'x.refused_by',
      'ux.email as refused_by_email',
      'x.refused_at',
      'x.refusal_reason',
      'x.cancelled_by',
      'uk.email as cancelled_by_email',
      'x.cancelled_at',
      'x.cancel_reason',
      'x.entitlement_id',
      'x.receipt_number',
    ]);
}

export type OrderRow = Awaited<ReturnType<ReturnType<typeof selectOrders>['executeTakeFirstOrThrow']>>;

export async function findOrder(tx: Tx, id: string): Promise<OrderRow | undefined> {
  if (!isUuid(id)) return undefined;
  return selectOrders(tx).where('x.id', '=', id).executeTakeFirst();
}

export async function listOrders(tx: Tx, orgId: string, side: 'buyer' | 'seller', status: OrderStatusColumn | undefined): Promise<OrderRow[]> {
  let q = selectOrders(tx).where(side === 'seller' ? 'x.org_id' : 'x.consumer_org_id', '=', orgId);
  if (status) q = q.where('x.status', '=', status);
  return q.orderBy('x.requested_at', 'desc').limit(500).execute();
}

export type OrderStep =
  | { to: 'confirmed'; by: string }
  | { to: 'paid'; by: string; paymentReference: string | null; receiptNumber: string }
  | { to: 'fulfilled'; by: string; entitlementId: string }
  | { to: 'refused'; by: string; reason: string }
  | { to: 'cancelled'; by: string; reason: string | null };

/**
 * Moves the order only if it is still in one of `from`, in one statement: of two requests racing to
 * confirm, pay or fulfil the same order, the second finds it moved (PostgreSQL re-checks the condition
 * after the first commits) and changes nothing. True when this call moved it.
 */
export async function moveOrder(tx: Tx, id: string, from: readonly OrderStatusColumn[], step: OrderStep): Promise<boolean> {
  const now = sql<Date>`now()`;
  const set =
    step.to === 'confirmed'
      ? { confirmed_by: step.by, confirmed_at: now }
      : step.to === 'paid'
        ? { paid_by: step.by, paid_at: now, payment_reference: step.paymentReference, receipt_number: step.receiptNumber }
        : step.to === 'fulfilled'
          ? { fulfilled_by: step.by, fulfilled_at: now, entitlement_id: step.entitlementId }
          : step.to === 'refused'
            ? { refused_by: step.by, refused_at: now, refusal_reason: step.reason }
            : { cancelled_by: step.by, cancelled_at: now, cancel_reason: step.reason };
  const r = await tx
    .updateTable('catalog_orders')
    .set({ status: step.to, ...set })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** The seller's next receipt sequence: the upsert locks the seller's counter row until the transaction ends. */
export async function nextReceiptSequence(tx: Tx, orgId: string): Promise<number> {
  const row = await tx
    .insertInto('catalog_receipt_counters')
    .values({ org_id: orgId, last: 1 })
    .onConflict((c) => c.column('org_id').doUpdateSet({ last: sql<number>`catalog_receipt_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

/** The grant change of an order still waiting for an owner's or admin's approval. */
export async function pendingGrantOfOrder(tx: Tx, orderId: string): Promise<{ id: string } | undefined> {
  return tx
    .selectFrom('catalog_changes')
    .select('id')
    .where(sql<string>`payload->>'orderId'`, '=', orderId)
    .where('kind', '=', 'grant')
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

// ---- the seller's report of a card ----

export async function paidOrdersOfCard(tx: Tx, cardId: string) {
  return tx
    .selectFrom('catalog_orders')
    .select(['card_id', 'tier_id', 'tier_name', 'currency', 'price_minor', 'paid_at'])
    .where('card_id', '=', cardId)
    .where('status', 'in', ['paid', 'fulfilled'])
    .execute();
}

export async function orderCountsOfCard(tx: Tx, cardId: string) {
  return tx
    .selectFrom('catalog_orders')
    .select(['status', sql<string>`count(*)`.as('count')])
    .where('card_id', '=', cardId)
    .groupBy('status')
    .execute();
}

/** Every entitlement of the card (granted on request or bought), with its downloads from catalog_downloads. */
export async function downloadsOfCard(tx: Tx, cardId: string) {
  return tx
    .selectFrom('catalog_entitlements as e')
    .innerJoin('organizations as b', 'b.id', 'e.consumer_org_id')
    .leftJoin('catalog_orders as x', 'x.entitlement_id', 'e.id')
    .select([
      'e.id',
      'e.consumer_org_id',
      'b.name as buyer_org_name',
      'x.id as order_id',
      'e.download_limit',
      'e.created_at',
      sql<string>`(SELECT count(*) FROM catalog_downloads d WHERE d.entitlement_id = e.id)`.as('downloads'),
      sql<Date | null>`(SELECT max(d.at) FROM catalog_downloads d WHERE d.entitlement_id = e.id)`.as('last_download_at'),
      sql<boolean>`(e.revoked_at IS NULL AND (e.expires_at IS NULL OR e.expires_at > now()) AND (e.download_limit IS NULL OR e.downloads_used < e.download_limit))`.as('active'),
    ])
    .where('e.card_id', '=', cardId)
    .orderBy('e.created_at', 'desc')
    .execute();
}

/** Locks the order row until the transaction ends (two fulfilments of one order queue up). */
export async function lockOrder(tx: Tx, id: string): Promise<void> {
  await tx.selectFrom('catalog_orders').select('id').where('id', '=', id).forUpdate().execute();
}
