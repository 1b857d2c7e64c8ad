import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { itemsRootOfLeaves, merkleLeafHash, type CreateDatasetVersionBody, type DatasetVersionDto } from '@yungang/core';
import type { Database } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError, conflict, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { findDatasetVersion, insertDatasetVersion, insertDelivery, listDatasetVersions, nextDatasetVersionNumber, type DatasetVersionRow } from '../repositories/datasets.repository.js';
import { datasetVersionEvent, deliveryEvent } from '../provenance/log-events.js';
import { writeBundle } from '../provenance/bundle-writer.js';
import { exportBatch } from './export.service.js';
import type { LogService } from './log.service.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';

export interface BundleDownload {
  fileName: string;
  body: Readable;
  bytes: number;
}

/**
 * Dataset versions: immutable snapshots of a project's records, each logged with the root of its
 * records, and downloaded as signed bundles that verify offline. Every download is a delivery with its
 * own record order and its own log entry, so a leaked copy can be traced to its recipient.
 */
export class DatasetService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
    private readonly log: LogService,
  ) {}

  async create(ctx: TenantContext, projectId: string, body: CreateDatasetVersionBody): Promise<DatasetVersionDto> {
    requirePermission(ctx, 'project.export');
    const dir = await mkdtemp(join(tmpdir(), 'yungang-dataset-'));
    try {
      const id = randomUUID();
      // One snapshot for every batch: records submitted meanwhile belong to the next version, never half to this one.
      await this.database.tenant(
        ctx,
        async (tx) => {
          const project = await requireProject(tx, projectId);
          const path = join(dir, 'records.jsonl');
          const out = createWriteStream(path);
          const hash = createHash('sha256');
          const leaves: Uint8Array[] = [];
          let bytes = 0;
          let after: string | undefined;
          for (;;) {
            const batch = await exportBatch(tx, projectId, project.config, 'jsonl', after, { label: true });
            if (!batch) break;
            for (const line of batch.lines) {
              const buf = Buffer.from(line);
              leaves.push(merkleLeafHash(buf.subarray(0, buf.length - 1)));
              hash.update(buf);
              bytes += buf.length;
              if (!out.write(buf)) await once(out, 'drain');
            }
            after = batch.lastId;
          }
          out.end();
          await finished(out);
          if (leaves.length === 0) throw new AppError('bad_request', 'the project has no tasks yet: import tasks before making a dataset version');
          const blob = await this.blobs.put(createReadStream(path));
          const version = await nextDatasetVersionNumber(tx, projectId);
          const itemsRoot = itemsRootOfLeaves(leaves);
          const description = body.description ?? '';
          try {
            await insertDatasetVersion(tx, { id, orgId: ctx.orgId, projectId, version, name: body.name, description, itemCount: leaves.length, itemsRoot, dataSha256: blob.sha256, dataBytes: bytes, createdBy: ctx.caller.userId });
          } catch (e) {
            if ((e as { code?: string }).code === '23505') throw conflict('another dataset version of this project was made at the same moment; try again');
            throw e;
          }
          await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'dataset.version', objectType: 'dataset_version', objectId: id, details: { projectId, version } });
          await appendLogEvent(tx, datasetVersionEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { id, projectId, version, name: body.name, itemCount: leaves.length, itemsRoot, dataSha256: blob.sha256, dataBytes: bytes }));
        },
        { repeatableRead: true },
      );
      const made = await this.database.tenant(ctx, (tx) => findDatasetVersion(tx, id));
      if (!made) throw notFound('dataset version', { id });
      return toDto(made);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async list(ctx: TenantContext, projectId: string): Promise<DatasetVersionDto[]> {
    requirePermission(ctx, 'project.read');
    const rows = await this.database.tenant(ctx, async (tx) => {
      await requireProject(tx, projectId);
      return listDatasetVersions(tx, projectId);
    });
    return rows.map(toDto);
  }

  async get(ctx: TenantContext, id: string): Promise<DatasetVersionDto> {
    requirePermission(ctx, 'project.read');
    const row = await this.database.tenant(ctx, async (tx) => {
      const found = await findDatasetVersion(tx, id);
      if (found) await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'dataset.read', objectType: 'dataset_version', objectId: id });
      return found;
    });
    if (!row) throw notFound('dataset version', { id });
    return toDto(row);
  }

  /** A signed bundle for the caller: a new delivery, logged, with the records in the caller's own order. */
  async bundle(ctx: TenantContext, id: string): Promise<BundleDownload> {
    requirePermission(ctx, 'project.export');
    let row = await this.database.tenant(ctx, (tx) => findDatasetVersion(tx, id));
    if (!row) throw notFound('dataset version', { id });
    if (row.leaf_index === null) {
      await this.log.sequencer.flush();
      row = await this.database.tenant(ctx, (tx) => findDatasetVersion(tx, id));
    }
    if (!row || row.leaf_index === null || row.entry === null) throw new AppError('internal', 'the dataset version is not in the log yet; try again in a moment');
    const deliveryId = randomUUID();
    const secret = new Uint8Array(randomBytes(32));
    const version = row;
    await this.database.tenant(ctx, async (tx) => {
      await insertDelivery(tx, { id: deliveryId, orgId: ctx.orgId, datasetVersionId: id, recipientUserId: ctx.caller.userId, secret });
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'dataset.download', objectType: 'dataset_version', objectId: id, details: { deliveryId } });
      await appendLogEvent(tx, deliveryEvent({ orgId: ctx.orgId, actorId: ctx.caller.userId }, { datasetVersionId: id, projectId: version.project_id, deliveryId, recipientUserId: ctx.caller.userId, secret }));
    });
    const proof = await this.log.inclusion(Number(version.leaf_index));
    const records = await this.blobs.get(version.data_sha256);
    if (!records) throw new AppError('internal', `the snapshot file of dataset version ${id} is missing from storage; run \`yungang audit\``);
    const built = await writeBundle({
      origin: this.log.keys.origin,
      signerKey: this.log.keys.signerKey,
      datasetVersion: { id, projectId: version.project_id, version: version.version, name: version.name, itemCount: version.item_count, itemsRoot: version.items_root, createdAt: version.created_at.toISOString() },
      deliveryId,
      secret,
      records,
      entry: version.entry!,
      proof: { index: proof.index, treeSize: proof.treeSize, proof: proof.proof },
      checkpoint: proof.checkpoint,
    });
    const body = createReadStream(built.path);
    body.on('close', () => void built.cleanup());
    const safeName = version.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'dataset';
    return { fileName: `${safeName}-v${version.version}.zip`, body, bytes: built.bytes };
  }
}

function toDto(r: DatasetVersionRow): DatasetVersionDto {
  return {
    id: r.id,
    projectId: r.project_id,
    version: r.version,
    name: r.name,
    description: r.description,
    itemCount: r.item_count,
    itemsRoot: r.items_root,
    dataSha256: r.data_sha256,
    dataBytes: Number(r.data_bytes),
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    logIndex: r.leaf_index === null ? null : Number(r.leaf_index),
  };
}
