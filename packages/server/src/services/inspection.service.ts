import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { estimateAccuracy, type CreateInspectionBody, type InspectionDto, type InspectionJudgementBody, type NextInspectionItemDto } from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError, badRequest, conflict, notFound } from '../http/app-error.js';
import { isUuid } from '../db/ids.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { findDatasetVersion } from '../repositories/datasets.repository.js';
import { readLines } from '../importing/read-lines.js';
import { contentHash } from '../provenance/log-events.js';
import { requirePermission, type TenantContext } from './context.js';
import { sample, seedOf } from './sampling.js';

const LEASE_SECONDS = 30 * 60;

/**
 * Final inspection of a dataset version: a reproducible random sample of the records it delivers, each
 * judged right or wrong by an inspector; the share judged right, with its Wilson 95 % interval, is the
 * version's stated accuracy (shown in the quality report). Judgements are logged.
 */
export class InspectionService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
  ) {}

  async create(ctx: TenantContext, versionId: string, body: CreateInspectionBody): Promise<InspectionDto> {
    requirePermission(ctx, 'project.write');
    const id = randomUUID();
    await this.database.tenant(ctx, async (tx) => {
      const version = await findDatasetVersion(tx, versionId);
      if (!version) throw notFound('dataset version', { versionId });
      const picked = new Set(sample(version.item_count, Math.min(body.sampleSize, version.item_count), seedOf(id)));
      const snapshot = await this.blobs.get(version.data_sha256);
      if (!snapshot) throw new AppError('internal', `the snapshot of dataset version ${versionId} is missing from storage; run \`yungang audit\``);
      const items: { id: string; org_id: string; inspection_id: string; task_id: string; label: string }[] = [];
      let n = 0;
      for await (const line of readLines(snapshot)) {
        if (line === '') continue;
        if (picked.has(n)) {
          const record = JSON.parse(line) as { id: string; label?: { result: unknown[]; method: string } };
          items.push({ id: randomUUID(), org_id: ctx.orgId, inspection_id: id, task_id: record.id, label: JSON.stringify(record.label ?? { result: [], method: 'none' }) });
        }
        n++;
      }
      await tx.insertInto('inspections').values({ id, org_id: ctx.orgId, dataset_version_id: versionId, sample_size: items.length, created_by: ctx.caller.userId }).execute();
      for (let i = 0; i < items.length; i += 1000) await tx.insertInto('inspection_items').values(items.slice(i, i + 1000)).execute();
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'inspection.create', objectType: 'dataset_version', objectId: versionId, details: { inspectionId: id, sampleSize: items.length } });
      await appendLogEvent(tx, { kind: 'inspection.create', orgId: ctx.orgId, actorId: ctx.caller.userId, subject: { type: 'dataset-version', id: versionId }, projectId: version.project_id, data: { inspection: id, sampleSize: items.length } });
    });
    return (await this.list(ctx, versionId)).find((i) => i.id === id)!;
  }

  async list(ctx: TenantContext, versionId: string): Promise<InspectionDto[]> {
    requirePermission(ctx, 'project.read');
    return this.database.tenant(ctx, async (tx) => {
      if (!(await findDatasetVersion(tx, versionId))) throw notFound('dataset version', { versionId });
      return inspectionsOf(tx, versionId);
    });
  }

  async next(ctx: TenantContext, inspectionId: string): Promise<NextInspectionItemDto> {
    requirePermission(ctx, 'task.review');
    return this.database.tenant(ctx, async (tx) => {
      if (!isUuid(inspectionId) || !(await tx.selectFrom('inspections').select('id').where('id', '=', inspectionId).executeTakeFirst())) throw notFound('inspection', { inspectionId });
      const held = await tx
        .selectFrom('inspection_items')
        .select('id')
        .where('inspection_id', '=', inspectionId)
        .where('status', '=', 'leased')
        .where('inspector_id', '=', ctx.caller.userId)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      let itemId = held?.id;
      if (!itemId) {
        const open = await sql<{ id: string }>`
          SELECT id FROM inspection_items
          WHERE inspection_id = ${inspectionId} AND (status = 'pending' OR (status = 'leased' AND expires_at <= now()))
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(tx);
        itemId = open.rows[0]?.id;
        if (!itemId) return { item: null };
        await tx
          .updateTable('inspection_items')
          .set({ status: 'leased', inspector_id: ctx.caller.userId, expires_at: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` })
          .where('id', '=', itemId)
          .execute();
      }
      const row = await tx
        .selectFrom('inspection_items as i')
        .innerJoin('tasks as t', 't.id', 'i.task_id')
        .select(['i.id', 'i.inspection_id', 'i.task_id', 'i.label', 'i.expires_at', 't.data'])
        .where('i.id', '=', itemId)
        .executeTakeFirstOrThrow();
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'inspection.claim', objectType: 'task', objectId: row.task_id, details: { inspectionId } });
      return {
        item: {
          id: row.id,
          inspectionId: row.inspection_id,
          taskId: row.task_id,
          data: row.data,
          label: { result: row.label.result as NonNullable<NextInspectionItemDto['item']>['label']['result'], method: row.label.method },
          expiresAt: row.expires_at!.toISOString(),
        },
      };
    });
  }

  async judge(ctx: TenantContext, itemId: string, body: InspectionJudgementBody): Promise<InspectionDto> {
    requirePermission(ctx, 'task.review');
    const comment = (body.comment ?? '').trim();
    if (!body.correct && comment === '') throw badRequest('say what is wrong with this label: a "wrong" judgement needs a comment', { path: 'comment' });
    return this.database.tenant(ctx, async (tx) => {
      const item = isUuid(itemId) ? await tx.selectFrom('inspection_items').selectAll().where('id', '=', itemId).forUpdate().executeTakeFirst() : undefined;
      if (!item) throw notFound('inspection item', { itemId });
      if (item.status === 'done') throw conflict('this record was already judged; ask for the next one');
      if (item.status === 'leased' && item.inspector_id !== ctx.caller.userId && item.expires_at! > new Date()) throw conflict('another inspector holds this record; ask for the next one');
      await tx.updateTable('inspection_items').set({ status: 'done', inspector_id: ctx.caller.userId, correct: body.correct, comment, decided_at: new Date() }).where('id', '=', item.id).execute();
      const inspection = await tx.selectFrom('inspections').select(['dataset_version_id']).where('id', '=', item.inspection_id).executeTakeFirstOrThrow();
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'inspection.judge', objectType: 'task', objectId: item.task_id, details: { inspectionId: item.inspection_id, correct: body.correct } });
      await appendLogEvent(tx, {
        kind: 'inspection.decision',
        orgId: ctx.orgId,
        actorId: ctx.caller.userId,
        subject: { type: 'dataset-version', id: inspection.dataset_version_id },
        taskId: item.task_id,
        data: { inspection: item.inspection_id, correct: body.correct, labelSha256: contentHash(item.label), commentSha256: contentHash(comment) },
      });
      return (await inspectionsOf(tx, inspection.dataset_version_id)).find((i) => i.id === item.inspection_id)!;
    });
  }
}

/** A dataset version's inspections with their counts and Wilson intervals, newest first. */
export async function inspectionsOf(tx: Tx, versionId: string): Promise<InspectionDto[]> {
  const rows = await sql<{ id: string; sample_size: number; created_at: Date; inspected: number; correct: number }>`
    SELECT s.id, s.sample_size, s.created_at,
           count(i.id) FILTER (WHERE i.status = 'done')::int AS inspected,
           count(i.id) FILTER (WHERE i.correct)::int AS correct
    FROM inspections s LEFT JOIN inspection_items i ON i.inspection_id = s.id
    WHERE s.dataset_version_id = ${versionId}
    GROUP BY s.id ORDER BY s.created_at DESC`.execute(tx);
  return rows.rows.map((r) => ({ id: r.id, datasetVersionId: versionId, sampleSize: r.sample_size, inspected: r.inspected, correct: r.correct, ...interval(r.correct, r.inspected), createdAt: r.created_at.toISOString() }));
}

function interval(correct: number, total: number): { estimate: number | null; lower: number | null; upper: number | null } {
  if (total === 0) return { estimate: null, lower: null, upper: null };
  const e = estimateAccuracy({ correct, total, method: 'wilson' });
  return { estimate: e.estimate, lower: e.lower, upper: e.upper };
}
