import { randomUUID } from 'node:crypto';
import { can, mayApproveChange } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { conflict, forbidden, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import {
  decideChange,
  findCard,
  findChange,
  findRequest,
  insertChange,
  insertEntitlement,
  setCardAudience,
  twoPersonRule,
  updateRequest,
  type ChangeRow,
} from '../repositories/catalog.repository.js';
import { catalogAudienceEvent, catalogGrantEvent } from '../provenance/catalog-events.js';
import { fulfilOrder } from './catalog-order-fulfilment.js';
import type { TenantContext } from './context.js';

/**
 * Changes that let another organisation see an organisation's data (publishing, wider visibility,
 * sharing with chosen organisations, granting access) take effect only when an owner or admin of that
 * organisation approves them (issue 7, item 5). An owner's or admin's own change counts as approved when
 * made, unless the organisation turned on the two-person rule; either way the decision is recorded.
 */

export interface AudiencePayload {
  published: boolean;
  visibility: 'private' | 'orgs' | 'everyone';
  sharedOrgIds: string[];
}

export interface GrantPayload {
  consumerOrgId: string;
  conditions: string | null;
  expiresAt: string | null;
  downloadLimit: number | null;
  /** Set when the grant fulfils a paid order (docs/catalog.md, "Licences and orders"): the order's frozen terms apply. */
  orderId?: string;
}

export type ChangeRequest = { kind: 'audience'; cardId: string; payload: AudiencePayload } | { kind: 'grant'; cardId: string; requestId: string | null; payload: GrantPayload };

const isApprover = (ctx: TenantContext) => can(ctx.role, 'org.manage_members');

/** Records the change; applies it at once when the caller may approve it alone. Returns its id. */
export async function proposeChange(tx: Tx, ctx: TenantContext, change: ChangeRequest): Promise<string> {
  const id = randomUUID();
  await insertChange(tx, {
    id,
    orgId: ctx.orgId,
    kind: change.kind,
    cardId: change.cardId,
    requestId: change.kind === 'grant' ? change.requestId : null,
    payload: { ...change.payload },
    requestedBy: ctx.caller.userId,
  });
  await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.change.request', objectType: 'catalog_change', objectId: id, details: { kind: change.kind, cardId: change.cardId } });
  if (isApprover(ctx) && !(await twoPersonRule(tx, ctx.orgId))) await approve(tx, ctx, id);
  return id;
}

/** An owner or admin approves a pending change: it takes effect in the same transaction. */
export async function approve(tx: Tx, ctx: TenantContext, changeId: string): Promise<void> {
  if (!isApprover(ctx)) throw forbidden(`only an owner or admin approves changes that widen access to the organisation's data; your role is "${ctx.role}"`);
  const change = await pendingChange(tx, ctx, changeId);
  const verdict = mayApproveChange({ twoPersonRule: await twoPersonRule(tx, ctx.orgId), requesterId: change.requested_by, approverId: ctx.caller.userId });
  if (!verdict.ok) throw forbidden(verdict.reason);
  await decideChange(tx, changeId, { status: 'approved', userId: ctx.caller.userId, reason: null });
  await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.change.approve', objectType: 'catalog_change', objectId: changeId, details: { kind: change.kind, requestedBy: change.requested_by } });
  await apply(tx, ctx, change);
}

export async function reject(tx: Tx, ctx: TenantContext, changeId: string, reason: string): Promise<void> {
  if (!isApprover(ctx)) throw forbidden(`only an owner or admin decides on changes that widen access; your role is "${ctx.role}"`);
  const change = await pendingChange(tx, ctx, changeId);
  await decideChange(tx, changeId, { status: 'rejected', userId: ctx.caller.userId, reason });
  await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.change.reject', objectType: 'catalog_change', objectId: changeId, details: { kind: change.kind, reason } });
  // A refused grant sends the request back to the owner's inbox, to approve on other terms or refuse.
  if (change.kind === 'grant' && change.request_id) await updateRequest(tx, change.request_id, { status: 'pending', decidedBy: null });
}

async function pendingChange(tx: Tx, ctx: TenantContext, changeId: string): Promise<ChangeRow> {
  const change = await findChange(tx, changeId, true);
  if (!change || change.org_id !== ctx.orgId) throw notFound('catalog change', { id: changeId });
  if (change.status !== 'pending') throw conflict(`this change was already ${change.status}${change.decided_by_email ? ` by ${change.decided_by_email}` : ''}`);
  return change;
}

async function apply(tx: Tx, ctx: TenantContext, change: ChangeRow): Promise<void> {
  const card = await findCard(tx, change.card_id);
  if (!card || card.org_id !== ctx.orgId) throw notFound('catalog card', { id: change.card_id });
  const actor = { orgId: ctx.orgId, actorId: ctx.caller.userId };
  if (change.kind === 'audience') {
    const p = change.payload as unknown as AudiencePayload;
    await setCardAudience(tx, card.id, p);
    await appendAudit(tx, { orgId: ctx.orgId, userId: change.requested_by, action: 'catalog.audience', objectType: 'catalog_card', objectId: card.id, details: { ...p, approvedBy: ctx.caller.userId } });
    await appendLogEvent(tx, catalogAudienceEvent(actor, { cardId: card.id, datasetVersionId: card.dataset_version_id, projectId: card.project_id, ...p, approvedBy: ctx.caller.userId, changeId: change.id }));
    return;
  }
  const p = change.payload as unknown as GrantPayload;
  if (p.orderId !== undefined) {
    await fulfilOrder(tx, ctx, card, { orderId: p.orderId, changeId: change.id });
    return;
  }
  const request = change.request_id ? await findRequest(tx, change.request_id, true) : undefined;
  if (!request || request.status !== 'awaiting_approval') throw conflict('the access request of this grant is no longer waiting for approval (refused meanwhile?)');
  const entitlementId = randomUUID();
  await insertEntitlement(tx, {
    id: entitlementId,
    orgId: ctx.orgId,
    consumerOrgId: p.consumerOrgId,
    cardId: card.id,
    datasetVersionId: card.dataset_version_id,
    requestId: request.id,
    conditions: p.conditions,
    expiresAt: p.expiresAt,
    downloadLimit: p.downloadLimit,
    createdBy: ctx.caller.userId,
  });
  await updateRequest(tx, request.id, { status: 'approved', entitlementId });
  await appendAudit(tx, {
    orgId: ctx.orgId,
    userId: ctx.caller.userId,
    action: 'catalog.grant',
    objectType: 'catalog_entitlement',
    objectId: entitlementId,
    details: { cardId: card.id, consumerOrgId: p.consumerOrgId, requestId: request.id, expiresAt: p.expiresAt, downloadLimit: p.downloadLimit },
  });
  await appendLogEvent(tx, catalogGrantEvent(actor, { entitlementId, datasetVersionId: card.dataset_version_id, projectId: card.project_id, ...p, approvedBy: ctx.caller.userId, changeId: change.id }));
}
