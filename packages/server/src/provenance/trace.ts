import { orderMatch } from '@yungang/core';
import type { Database } from '../db/database.js';
import { allDeliveries } from '../repositories/datasets.repository.js';

export interface TraceCandidate {
  deliveryId: string;
  datasetVersionId: string;
  datasetVersion: string;
  organisation: string;
  recipientEmail: string | null;
  deliveredAt: string;
  /** Adjacent record pairs compared, and how many are in this delivery's order. */
  pairs: number;
  agreeing: number;
  score: number;
}

export interface TraceResult {
  records: number;
  /** The delivery the copy came from, when the evidence is clear (score ≥ 0.95 over ≥ 10 pairs, and the runner-up far behind). */
  verdict: TraceCandidate | null;
  candidates: TraceCandidate[];
}

/**
 * Names the recipient of a leaked copy from the order of its records alone: each delivery ordered its
 * records by an HMAC under its own secret, so the copy agrees with one delivery's order on (nearly) every
 * adjacent pair and with any other's on about half. Works on a subset of the records and without the
 * manifest; defeated by re-sorting or shuffling the records (see docs/provenance.md).
 */
export async function traceCopy(database: Database, recordIds: string[]): Promise<TraceResult> {
  const deliveries = await allDeliveries(database.db);
  const candidates = deliveries
    .map((d): TraceCandidate => {
      const m = orderMatch(recordIds, new Uint8Array(d.secret));
      return {
        deliveryId: d.id,
        datasetVersionId: d.dataset_version_id,
        datasetVersion: `${d.version_name} (v${d.version})`,
        organisation: d.org_name,
        recipientEmail: d.recipient_email,
        deliveredAt: d.created_at.toISOString(),
        pairs: m.pairs,
        agreeing: m.agreeing,
        score: m.score,
      };
    })
    .sort((a, b) => b.score - a.score || b.pairs - a.pairs);
  const [best, second] = candidates;
  const clear = best !== undefined && best.pairs >= 10 && best.score >= 0.95 && (second === undefined || second.score < 0.8);
  return { records: recordIds.length, verdict: clear ? best : null, candidates: candidates.slice(0, 10) };
}
