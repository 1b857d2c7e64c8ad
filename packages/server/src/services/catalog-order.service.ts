import { randomUUID } from 'node:crypto';
import {
  aggregateRevenue,
  orderTransition,
  receiptNumber,
  type CatalogCardReportDto,
  type CatalogOrderDto,
  type CatalogOrderResultDto,
  type CreateLicenceTierBody,
  type LicenceTierDto,
  type OrderAction,
  type OrderStatus,
  type ReceiptDto,
  type UpdateLicenceTierBody,
} from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { findCard, findChange, type CardRow } from '../repositories/catalog.repository.js';
import {
  downloadsOfCard,
  findOrder,
  findTier,
  insertOrder,
  insertTier,
  listOrders,
  listTiers,
  lockOrder,
  moveOrder,
  nextReceiptSequence,
  orderCountsOfCard,
  paidOrdersOfCard,
  pendingGrantOfOrder,
  updateTier,
  type OrderRow,
  type OrderStep,
} from '../repositories/catalog-order.repository.js';
import { catalogOrderEvent } from '../provenance/catalog-order-events.js';
import { proposeChange } from './catalog-changes.js';
import { changeDto } from './catalog-dto.js';
import { orderDto, tierDto } from './catalog-order-dto.js';
import { receiptOf } from './catalog-receipt.js';
import { requirePermission, type TenantContext } from './context.js';

/** Refusals answered to the caller and written to its audit log as `catalog.refused`. */
const AUDITED_REFUSALS = new Set(['forbidden', 'not_found', 'conflict']);

/**
 * Licence tiers and orders (docs/catalog.md, "Licences and orders"): the seller offers a card under tiers
 * with prices and terms; a buyer orders one with a purpose; the seller confirms or refuses; an owner or
 * admin of the seller marks it paid (no payment gateway), which issues the receipt and proposes the grant;
 * the grant, approved like every other widening change (catalog-changes.ts), fulfils the order by creating
 * the buyer's entitlement. Every transition is audited and logged; every refusal is audited.
 */
export class CatalogOrderService {
  constructor(private readonly database: Database) {}

  async tiers(ctx: TenantContext, cardId: string): Promise<LicenceTierDto[]> {
    requirePermission(ctx, 'org.read');
    return this.refusable(ctx, 'catalog_card', cardId, async (tx) => {
      const card = await visibleCard(tx, cardId);
      return (await listTiers(tx, card.id, card.org_id !== ctx.orgId)).map(tierDto);
    });
  }

  async createTier(ctx: TenantContext, cardId: string, body: CreateLicenceTierBody): Promise<LicenceTierDto> {
    const id = randomUUID();
    return this.refusable(ctx, 'catalog_card', cardId, async (tx) => {
      requirePermission(ctx, 'project.export');
      const card = await ownCard(tx, ctx, cardId);
      const fields = {
        name: body.name,
        description: body.description ?? '',
        priceMinor: body.priceMinor,
        currency: body.currency ?? 'CNY',
        durationDays: body.durationDays ?? null,
        downloadLimit: body.downloadLimit ?? null,
        permittedUse: body.permittedUse,
        active: body.active ?? true,
        position: body.position ?? 0,
      };
      await insertTier(tx, { id, orgId: ctx.orgId, cardId: card.id, createdBy: ctx.caller.userId, ...fields });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.tier.create', objectType: 'catalog_licence_tier', objectId: id, details: { cardId, ...fields } });
      return tierDto((await findTier(tx, id))!);
    });
  }

  /** Orders already placed keep the terms they were placed under (their copy is not updatable). */
  async updateTier(ctx: TenantContext, id: string, body: UpdateLicenceTierBody): Promise<LicenceTierDto> {
    return this.refusable(ctx, 'catalog_licence_tier', id, async (tx) => {
      requirePermission(ctx, 'project.export');
      const tier = await findTier(tx, id);
      if (!tier) throw notFound('licence tier', { id });
      if (tier.org_id !== ctx.orgId) throw forbidden("only the card's organisation changes its licence tiers");
      await updateTier(tx, id, body);
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.tier.update', objectType: 'catalog_licence_tier', objectId: id, details: { cardId: tier.card_id, ...body } });
      return tierDto((await findTier(tx, id))!);
    });
  }

  /** The buyer orders a tier: the database itself refuses an order for a card or tier the buyer cannot see (policy consumer_order). */
  async place(ctx: TenantContext, cardId: string, tierId: string, purpose: string): Promise<CatalogOrderDto> {
    const id = randomUUID();
    return this.refusable(ctx, 'catalog_card', cardId, async (tx) => {
      requirePermission(ctx, 'project.export');
      const card = await visibleCard(tx, cardId);
      if (card.org_id === ctx.orgId) throw badRequest("this card is your own organisation's: its data is yours already");
      if (card.status !== 'published') throw notFound('catalog card', { id: cardId });
      const tier = await findTier(tx, tierId);
      if (!tier || tier.card_id !== card.id) throw notFound('licence tier of this card', { id: tierId });
      if (!tier.active) throw conflict(`the tier "${tier.name}" is no longer offered`);
      await insertOrder(tx, { id, orgId: card.org_id, consumerOrgId: ctx.orgId, cardId: card.id, tier, purpose, requestedBy: ctx.caller.userId });
      const order = (await findOrder(tx, id))!;
      await this.record(tx, ctx, order, 'place', purpose);
      return orderDto(order, ctx.orgId);
    });
  }

  async list(ctx: TenantContext, side: 'buyer' | 'seller', status: OrderStatus | undefined): Promise<CatalogOrderDto[]> {
    requirePermission(ctx, 'project.export');
    const rows = await this.database.tenant(ctx, (tx) => listOrders(tx, ctx.orgId, side, status));
    return rows.map((r) => orderDto(r, ctx.orgId));
  }

  async get(ctx: TenantContext, id: string): Promise<CatalogOrderDto> {
    return this.refusable(ctx, 'catalog_order', id, async (tx) => {
      requirePermission(ctx, 'project.export');
      return orderDto(await visibleOrder(tx, id), ctx.orgId);
    });
  }

  async confirm(ctx: TenantContext, id: string): Promise<CatalogOrderResultDto> {
    return this.transition(ctx, id, 'confirm', () => ({ to: 'confirmed', by: ctx.caller.userId }));
  }

  async refuse(ctx: TenantContext, id: string, reason: string): Promise<CatalogOrderResultDto> {
    return this.transition(ctx, id, 'refuse', () => ({ to: 'refused', by: ctx.caller.userId, reason }), reason);
  }

  async cancel(ctx: TenantContext, id: string, reason: string | undefined): Promise<CatalogOrderResultDto> {
    return this.transition(ctx, id, 'cancel', () => ({ to: 'cancelled', by: ctx.caller.userId, reason: reason ?? null }), reason);
  }

  /** An owner or admin of the seller says the money arrived: the receipt is numbered and the grant proposed. */
  async pay(ctx: TenantContext, id: string, paymentReference: string | undefined): Promise<CatalogOrderResultDto> {
    return this.transition(ctx, id, 'pay', async (tx) => {
      const sequence = await nextReceiptSequence(tx, ctx.orgId);
      return { to: 'paid', by: ctx.caller.userId, paymentReference: paymentReference ?? null, receiptNumber: receiptNumber(sequence, new Date()) };
    });
  }

  /** Proposes the grant of a paid order again (after its grant was rejected, or to retry): no order is granted twice. */
  async fulfil(ctx: TenantContext, id: string): Promise<CatalogOrderResultDto> {
    return this.refusable(ctx, 'catalog_order', id, async (tx) => {
      requirePermission(ctx, 'project.export');
      const order = await visibleOrder(tx, id);
      const verdict = orderTransition(order.status as OrderStatus, 'fulfil', { side: order.org_id === ctx.orgId ? 'seller' : 'buyer', role: ctx.role });
      if (!verdict.ok) throw new AppError(verdict.kind, verdict.reason);
      await lockOrder(tx, id);
      return this.proposeGrant(tx, ctx, id);
    });
  }

  async receipt(ctx: TenantContext, id: string): Promise<ReceiptDto> {
    return this.refusable(ctx, 'catalog_order', id, async (tx) => {
      requirePermission(ctx, 'project.export');
      const order = await visibleOrder(tx, id);
      if (order.receipt_number === null) throw conflict(`the order is ${order.status}; a receipt is issued once the seller marks it paid`);
      return receiptOf(order);
    });
  }

  /** The seller's report of a card: revenue by tier and month, orders by status, downloads per entitlement. */
  async report(ctx: TenantContext, cardId: string): Promise<CatalogCardReportDto> {
    return this.refusable(ctx, 'catalog_card', cardId, async (tx) => {
      requirePermission(ctx, 'project.export');
      const card = await ownCard(tx, ctx, cardId);
      const paid = await paidOrdersOfCard(tx, card.id);
      const revenue = aggregateRevenue(paid.map((o) => ({ cardId: o.card_id, tierId: o.tier_id, tierName: o.tier_name, currency: o.currency, priceMinor: Number(o.price_minor), paidAt: o.paid_at })));
      const totals = new Map<string, { currency: string; orders: number; revenueMinor: number }>();
      for (const r of revenue) {
        const t = totals.get(r.currency) ?? { currency: r.currency, orders: 0, revenueMinor: 0 };
        t.orders += r.orders;
        t.revenueMinor += r.revenueMinor;
        totals.set(r.currency, t);
      }
      const counts = await orderCountsOfCard(tx, card.id);
      const downloads = await downloadsOfCard(tx, card.id);
      return {
        cardId: card.id,
        revenue: revenue.map(({ cardId: _card, ...r }) => r),
        totals: [...totals.values()],
        ordersByStatus: counts.map((c) => ({ status: c.status, count: Number(c.count) })),
        downloads: downloads.map((d) => ({
          entitlementId: d.id,
          buyerOrgId: d.consumer_org_id,
          buyerOrgName: d.buyer_org_name,
          orderId: d.order_id,
          downloads: Number(d.downloads),
          downloadLimit: d.download_limit,
          lastDownloadAt: d.last_download_at === null ? null : new Date(d.last_download_at).toISOString(),
          active: d.active,
        })),
      };
    });
  }

  /** Checks the act against core's state machine, then moves the order with a conditional UPDATE. */
  private async transition(ctx: TenantContext, id: string, action: Exclude<OrderAction, 'fulfil'>, step: (tx: Tx) => OrderStep | Promise<OrderStep>, text?: string): Promise<CatalogOrderResultDto> {
    return this.refusable(ctx, 'catalog_order', id, async (tx) => {
      requirePermission(ctx, 'project.export');
      const order = await visibleOrder(tx, id);
      const verdict = orderTransition(order.status as OrderStatus, action, { side: order.org_id === ctx.orgId ? 'seller' : 'buyer', role: ctx.role });
      if (!verdict.ok) throw new AppError(verdict.kind, verdict.reason);
      if (!(await moveOrder(tx, id, verdict.from, await step(tx)))) {
        // Another request moved it between our read and our update (e.g. two admins marking it paid at once).
        const now = await findOrder(tx, id);
        throw conflict(`the order is ${now?.status ?? 'gone'} now; it was changed by another request`);
      }
      const moved = (await findOrder(tx, id))!;
      await this.record(tx, ctx, moved, action, text);
      if (action === 'pay') return this.proposeGrant(tx, ctx, id);
      return { order: orderDto(moved, ctx.orgId), change: null };
    });
  }

  /** The grant of a paid order, through the widening-approval path: applied now by an owner or admin unless the two-person rule holds it. */
  private async proposeGrant(tx: Tx, ctx: TenantContext, id: string): Promise<CatalogOrderResultDto> {
    const pending = await pendingGrantOfOrder(tx, id);
    if (pending) throw conflict(`the grant of this order waits for an owner's or admin's approval (change ${pending.id})`);
    const order = (await findOrder(tx, id))!;
    const changeId = await proposeChange(tx, ctx, {
      kind: 'grant',
      cardId: order.card_id,
      requestId: null,
      payload: { consumerOrgId: order.consumer_org_id, conditions: order.permitted_use, expiresAt: null, downloadLimit: order.download_limit, orderId: order.id },
    });
    const change = await findChange(tx, changeId);
    const after = (await findOrder(tx, id))!;
    return { order: orderDto(after, ctx.orgId), change: change ? changeDto(change) : null };
  }

  private async record(tx: Tx, ctx: TenantContext, order: OrderRow, action: 'place' | OrderAction, text?: string): Promise<void> {
    await appendAudit(tx, {
      orgId: ctx.orgId,
      userId: ctx.caller.userId,
      action: `catalog.order.${action}`,
      objectType: 'catalog_order',
      objectId: order.id,
      details: { cardId: order.card_id, status: order.status, sellerOrgId: order.org_id, buyerOrgId: order.consumer_org_id, receiptNumber: order.receipt_number, ...(text ? { text } : {}) },
    });
    await appendLogEvent(
      tx,
      catalogOrderEvent(
        { orgId: ctx.orgId, actorId: ctx.caller.userId },
        {
          action,
          orderId: order.id,
          cardId: order.card_id,
          datasetVersionId: order.dataset_version_id,
          projectId: order.project_id,
          sellerOrgId: order.org_id,
          buyerOrgId: order.consumer_org_id,
          tierId: order.tier_id,
          priceMinor: Number(order.price_minor),
          currency: order.currency,
          status: order.status,
          receiptNumber: order.receipt_number,
          text: text ?? null,
        },
      ),
    );
  }

  /** Runs `work` in a tenant transaction; a 403, 404 or 409 is audited in a transaction of its own, then answered. */
  private async refusable<T>(ctx: TenantContext, objectType: string, objectId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.database.tenant(ctx, work);
    } catch (e) {
      if (!(e instanceof AppError) || !AUDITED_REFUSALS.has(e.code)) throw e;
      await this.database.tenant(ctx, (tx) =>
        appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.refused', objectType, objectId, details: { reason: e.message, status: e.code } }),
      );
      throw e;
    }
  }
}

/** A card the caller's organisation can see (its own, or published to it); 404 otherwise, like one that does not exist. */
async function visibleCard(tx: Tx, id: string): Promise<CardRow> {
  const card = await findCard(tx, id);
  if (!card) throw notFound('catalog card', { id });
  return card;
}

async function ownCard(tx: Tx, ctx: TenantContext, id: string): Promise<CardRow> {
  const card = await visibleCard(tx, id);
  if (card.org_id !== ctx.orgId) throw forbidden("only the card's organisation manages its licence tiers and sees its report");
  return card;
}

/** An order of the caller's organisation, as seller or buyer; another organisation's is 404 (row-level security hides it). */
async function visibleOrder(tx: Tx, id: string): Promise<OrderRow> {
  const order = await findOrder(tx, id);
  if (!order) throw notFound('catalog order', { id });
  return order;
}
