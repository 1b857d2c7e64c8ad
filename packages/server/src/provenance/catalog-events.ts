import type { LogEvent } from '../repositories/log.repository.js';
import { contentHash } from './log-events.js';

/**
 * Transparency-log events of the catalog (docs/catalog.md): every widening of who may see an
 * organisation's data, and its grants and revocations. Free text (purposes, reasons, conditions) only as
 * hashes, like every other event: the log is shared by all tenants' proofs.
 */
interface Actor {
  orgId: string;
  actorId: string;
}

export function catalogAudienceEvent(a: Actor, p: { cardId: string; datasetVersionId: string; projectId: string; published: boolean; visibility: string; sharedOrgIds: string[]; approvedBy: string; changeId: string | null }): LogEvent {
  return {
    kind: 'catalog.audience',
    ...a,
    subject: { type: 'dataset-version', id: p.datasetVersionId },
    projectId: p.projectId,
    data: { card: p.cardId, published: p.published, visibility: p.visibility, orgs: [...p.sharedOrgIds].sort(), approvedBy: p.approvedBy, change: p.changeId },
  };
}

export function catalogGrantEvent(
  a: Actor,
  p: { entitlementId: string; datasetVersionId: string; projectId: string; consumerOrgId: string; conditions: string | null; expiresAt: string | null; downloadLimit: number | null; approvedBy: string; changeId: string | null },
): LogEvent {
  return {
    kind: 'catalog.grant',
    ...a,
    subject: { type: 'dataset-version', id: p.datasetVersionId },
    projectId: p.projectId,
    data: {
      entitlement: p.entitlementId,
      consumer: p.consumerOrgId,
      conditionsSha256: p.conditions === null ? null : contentHash(p.conditions),
      expiresAt: p.expiresAt,
      downloadLimit: p.downloadLimit,
      approvedBy: p.approvedBy,
      change: p.changeId,
    },
  };
}

export function catalogRevokeEvent(a: Actor, p: { entitlementId: string; datasetVersionId: string; consumerOrgId: string; reason: string }): LogEvent {
  return {
    kind: 'catalog.revoke',
    ...a,
    subject: { type: 'dataset-version', id: p.datasetVersionId },
    data: { entitlement: p.entitlementId, consumer: p.consumerOrgId, reasonSha256: contentHash(p.reason) },
  };
}
