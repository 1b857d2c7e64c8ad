import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { AccessRequestDto, AccessRequestResultDto, ApproveAccessRequestBody, DownloadTokenDto, EntitlementDto } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { insertDelivery } from '../repositories/datasets.repository.js';
import {
  countDownload,
  entitledVersion,
  findCard,
  findChange,
  findEntitlement,
  findRequest,
  findToken,
  insertDownload,
  insertRequest,
  insertToken,
  listEntitlements,
  listRequests,
  pendingGrantOfRequest,
  revokeEntitlement,
  updateRequest,
  useToken,
  type EntitlementRow,
} from '../repositories/catalog.repository.js';
import { deliveryEvent } from '../provenance/log-events.js';
import { catalogRevokeEvent } from '../provenance/catalog-events.js';
import { writeBundle } from '../provenance/bundle-writer.js';
import { proposeChange, reject } from './catalog-changes.js';
import { changeDto, entitlementDto, requestDto } from './catalog-dto.js';
import type { BundleDownload } from './dataset.service.js';
import type { LogService } from './log.service.js';
import { requirePermission, type TenantContext } from './context.js';

/** How long a download token works: long enough to start a download, short enough that a leaked link is soon dead. */
export const DOWNLOAD_TOKEN_SECONDS = 600;

/** A refusal to be audited before it is answered (the act's own transaction is rolled back with it). */
class Refusal extends Error {
  constructor(
    readonly error: AppError,
    readonly objectType: string,
    readonly objectId: string,
  ) {
    super(error.message);
  }
}

/**
 * Access to another organisation's data (docs/catalog.md): a consumer asks with a purpose, the owner
 * approves (with conditions, an expiry and a download limit; the grant itself waits for an admin when
 * the approver may not grant alone) or refuses with a reason; an entitlement lets the consumer take
 * short-lived single-use tokens, and each token downloads the version's signed bundle once, counted,
 * audited on both sides and logged. Revocation stops the next download at once.
 */
export class CatalogAccessService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
    private readonly log: LogService,
  ) {}

  async request(ctx: TenantContext, cardId: string, purpose: string): Promise<AccessRequestDto> {
    requirePermission(ctx, 'project.export');
    const id = randomUUID();
    return this.refusable(ctx, async (tx) => {
      const card = await findCard(tx, cardId);
      if (card?.org_id === ctx.orgId) throw badRequest("this card is your own organisation's: its data is yours already");
      if (!card || card.status !== 'published') throw new Refusal(notFound('catalog card', { id: cardId }), 'catalog_card', cardId);
      await insertRequest(tx, { id, orgId: card.org_id, consumerOrgId: ctx.orgId, cardId, purpose, requestedBy: ctx.caller.userId });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.request', objectType: 'catalog_request', objectId: id, details: { cardId, ownerOrgId: card.org_id } });
      return requestDto((await findRequest(tx, id))!);
    });
  }

  async requests(ctx: TenantContext, direction: 'incoming' | 'outgoing'): Promise<AccessRequestDto[]> {
    requirePermission(ctx, 'project.export');
    const rows = await this.database.tenant(ctx, (tx) => listRequests(tx, ctx.orgId, direction));
    return rows.map(requestDto);
  }

  /** The owner says yes: the grant becomes an entitlement now, or after an admin's approval. */
  async approve(ctx: TenantContext, id: string, body: ApproveAccessRequestBody): Promise<AccessRequestResultDto> {
    requirePermission(ctx, 'project.export');
    if (body.expiresAt !== undefined && Date.parse(body.expiresAt) <= Date.now()) throw badRequest('at expiresAt: the expiry must be in the future');
    return this.database.tenant(ctx, async (tx) => {
      const request = await ownRequest(tx, ctx, id);
      if (request.status !== 'pending') throw conflict(`the request is ${request.status}, not pending`);
      const terms = { conditions: body.conditions ?? null, expiresAt: body.expiresAt ?? null, downloadLimit: body.downloadLimit ?? null };
      await updateRequest(tx, id, { status: 'awaiting_approval', decidedBy: ctx.caller.userId, ...terms });
      const changeId = await proposeChange(tx, ctx, { kind: 'grant', cardId: request.card_id, requestId: id, payload: { consumerOrgId: request.consumer_org_id, ...terms } });
      const change = await findChange(tx, changeId);
      return { request: requestDto((await findRequest(tx, id))!), change: change ? changeDto(change) : null };
    });
  }

  async refuse(ctx: TenantContext, id: string, reason: string): Promise<AccessRequestDto> {
    requirePermission(ctx, 'project.export');
    return this.database.tenant(ctx, async (tx) => {
      const request = await ownRequest(tx, ctx, id);
      if (request.status !== 'pending' && request.status !== 'awaiting_approval') throw conflict(`the request is ${request.status} already`);
      const pending = await pendingGrantOfRequest(tx, id);
      if (pending) await reject(tx, ctx, pending.id, reason);
      await updateRequest(tx, id, { status: 'refused', decidedBy: ctx.caller.userId, reason });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.request.refuse', objectType: 'catalog_request', objectId: id, details: { consumerOrgId: request.consumer_org_id, reason } });
      return requestDto((await findRequest(tx, id))!);
    });
  }

  async entitlements(ctx: TenantContext, direction: 'incoming' | 'outgoing'): Promise<EntitlementDto[]> {
    requirePermission(ctx, 'project.export');
    const rows = await this.database.tenant(ctx, (tx) => listEntitlements(tx, ctx.orgId, direction));
    return rows.map(entitlementDto);
  }

  /** Narrowing, so it needs no approval: the next token or download of the consumer is refused. */
  async revoke(ctx: TenantContext, id: string, reason: string): Promise<EntitlementDto> {
    requirePermission(ctx, 'project.export');
    return this.database.tenant(ctx, async (tx) => {
      const e = await findEntitlement(tx, id);
      if (!e || e.org_id !== ctx.orgId) throw notFound('entitlement', { id });
      if (!(await revokeEntitlement(tx, id, ctx.caller.userId, reason))) throw conflict('the entitlement was revoked already');
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.revoke', objectType: 'catalog_entitlement', objectId: id, details: { consumerOrgId: e.consumer_org_id, reason } });
      await appendLogEvent(tx, catalogRevokeEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { entitlementId: id, datasetVersionId: e.dataset_version_id, consumerOrgId: e.consumer_org_id, reason }));
      return entitlementDto((await findEntitlement(tx, id))!);
    });
  }

  /** A single-use token for one download of the entitlement's dataset version, valid DOWNLOAD_TOKEN_SECONDS. */
  async token(ctx: TenantContext, entitlementId: string): Promise<DownloadTokenDto> {
    requirePermission(ctx, 'project.export');
    const token = `ygd_${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + DOWNLOAD_TOKEN_SECONDS * 1000);
    await this.refusable(ctx, async (tx) => {
      const e = await consumerEntitlement(tx, ctx, entitlementId);
      await insertToken(tx, { id: randomUUID(), orgId: ctx.orgId, entitlementId, tokenSha256: sha256(token), userId: ctx.caller.userId, expiresAt });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.token', objectType: 'catalog_entitlement', objectId: e.id, details: { expiresAt: expiresAt.toISOString() } });
    });
    return { token, expiresAt: expiresAt.toISOString(), url: `/api/v1/catalog/downloads/${token}?org=${ctx.orgId}` };
  }

  /** Spends a token: one counted delivery of the signed bundle, naming the consumer as recipient. */
  async download(ctx: TenantContext, token: string): Promise<BundleDownload> {
    requirePermission(ctx, 'project.export');
    const deliveryId = randomUUID();
    const secret = new Uint8Array(randomBytes(32));
    const delivered = await this.refusable(ctx, async (tx) => {
      const row = await findToken(tx, sha256(token));
      if (!row) throw new Refusal(notFound('download token'), 'catalog_download_token', 'unknown');
      if (row.used_at !== null) throw new Refusal(forbidden('this download token was used already: ask for a new one'), 'catalog_entitlement', row.entitlement_id);
      if (row.expired) throw new Refusal(forbidden(`this download token expired (tokens last ${DOWNLOAD_TOKEN_SECONDS / 60} minutes): ask for a new one`), 'catalog_entitlement', row.entitlement_id);
      await useToken(tx, row.id);
      const e = await consumerEntitlement(tx, ctx, row.entitlement_id);
      if (!(await countDownload(tx, e.id))) throw new Refusal(inactive(e), 'catalog_entitlement', e.id);
      const version = await entitledVersion(tx, e.dataset_version_id);
      if (!version || e.log_index === null || e.log_entry === null) throw new AppError('internal', 'the dataset version of this entitlement cannot be read; ask the owner');
      await insertDelivery(tx, { id: deliveryId, orgId: e.org_id, datasetVersionId: version.id, recipientUserId: ctx.caller.userId, secret });
      await insertDownload(tx, { id: randomUUID(), orgId: e.org_id, consumerOrgId: ctx.orgId, entitlementId: e.id, deliveryId, userId: ctx.caller.userId });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.download', objectType: 'dataset_version', objectId: version.id, details: { deliveryId, entitlementId: e.id, ownerOrgId: e.org_id } });
      await appendLogEvent(tx, deliveryEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { datasetVersionId: version.id, projectId: version.project_id, deliveryId, recipientUserId: ctx.caller.userId, secret }));
      return { version, leafIndex: Number(e.log_index), entry: e.log_entry };
    });
    const { version } = delivered;
    const proof = await this.log.inclusion(delivered.leafIndex);
    const records = await this.blobs.get(version.data_sha256);
    if (!records) throw new AppError('internal', `the snapshot file of dataset version ${version.id} is missing from storage`);
    const built = await writeBundle({
      origin: this.log.keys.origin,
      signerKey: this.log.keys.signerKey,
      datasetVersion: { id: version.id, projectId: version.project_id, version: version.version, name: version.name, itemCount: version.item_count, itemsRoot: version.items_root, createdAt: version.created_at.toISOString() },
      deliveryId,
      secret,
      records,
      entry: delivered.entry,
      proof: { index: proof.index, treeSize: proof.treeSize, proof: proof.proof },
      checkpoint: proof.checkpoint,
    });
    const body = createReadStream(built.path);
    body.on('close', () => void built.cleanup());
    const safeName = version.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'dataset';
    return { fileName: `${safeName}-v${version.version}.zip`, body, bytes: built.bytes };
  }

  /** Runs `work` in a tenant transaction; a `Refusal` is audited in a transaction of its own, then answered. */
  private async refusable<T>(ctx: TenantContext, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.database.tenant(ctx, work);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      await this.database.tenant(ctx, (tx) =>
        appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'catalog.refused', objectType: e.objectType, objectId: e.objectId, details: { reason: e.message } }),
      );
      throw e.error;
    }
  }
}

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

async function ownRequest(tx: Tx, ctx: TenantContext, id: string) {
  const request = await findRequest(tx, id, true);
  if (!request || request.org_id !== ctx.orgId) throw notFound('access request to your organisation', { id });
  return request;
}

/** The consumer's entitlement, refused (audited) when another organisation's, revoked, expired or spent. */
async function consumerEntitlement(tx: Tx, ctx: TenantContext, id: string): Promise<EntitlementRow> {
  const e = await findEntitlement(tx, id);
  if (!e || e.consumer_org_id !== ctx.orgId) throw new Refusal(notFound('entitlement of your organisation', { id }), 'catalog_entitlement', id);
  if (!e.active) throw new Refusal(inactive(e), 'catalog_entitlement', id);
  return e;
}

function inactive(e: EntitlementRow): AppError {
  if (e.revoked_at !== null) return forbidden(`the owner revoked this entitlement on ${e.revoked_at.toISOString()}${e.revoke_reason ? `: ${e.revoke_reason}` : ''}`);
  if (e.expires_at !== null && e.expires_at.getTime() <= Date.now()) return forbidden(`this entitlement expired on ${e.expires_at.toISOString()}; ask the owner for a new grant`);
  if (e.download_limit !== null && e.downloads_used >= e.download_limit) return forbidden(`all ${e.download_limit} downloads of this entitlement are used; ask the owner for more`);
  return forbidden('this entitlement is not active');
}
