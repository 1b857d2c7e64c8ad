import { randomUUID } from 'node:crypto';
import { resolveQualityPolicy, taskLabel, type AnnotationResult, type LabelConfig } from '@yungang/core';
import type { Tx } from '../db/database.js';
import { conflict } from '../http/app-error.js';
import { annotationsOfTasks } from '../repositories/annotations.repository.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { appendLogEvent } from '../repositories/log.repository.js';
import { setImportTaskCount } from '../repositories/media.repository.js';
import { insertTasksReturningIds } from '../repositories/predictions.repository.js';
import { insertProject } from '../repositories/projects.repository.js';
import { insertImport } from '../repositories/tasks.repository.js';
import { insertAcceptance, insertDeliveries, insertVendorMedia, insertVendorTasks, itemsOf, markDelivered, vendorTasksOf, type PackageRow } from '../repositories/work-packages.repository.js';
import { importEvent, projectEvent, TaskDigest } from '../provenance/log-events.js';
import type { TenantContext } from './context.js';
import { DEFAULT_LEASE_SECONDS } from './project.service.js';

const BATCH = 1_000;

/**
 * The vendor's side of a work package (docs/work-packages.md). Accepting makes a project of the vendor's
 * own from the package's items (the shared fields only, and copies of the media rows so the same blobs are
 * served to the vendor's people), in the acceptance's transaction: the vendor's staff then work inside their
 * own organisation and never reach the client's project. Delivering hands the client the delivered label of
 * every task that has work, computed like an export (core `taskLabel`).
 */
export async function acceptPackage(tx: Tx, ctx: TenantContext, row: PackageRow, source: { sha256: string; size: number }): Promise<void> {
  const projectId = randomUUID();
  const config = row.label_config as LabelConfig;
  const actor = { orgId: ctx.orgId, actorId: ctx.caller.userId };
  const project = await insertProject(tx, {
    id: projectId,
    orgId: ctx.orgId,
    name: `${row.title} · ${row.client_name}`.slice(0, 200),
    description: `Work package of ${row.client_name}, due ${row.deadline.toISOString().slice(0, 16).replace('T', ' ')} UTC.\n\n${row.instructions}`.slice(0, 20_000),
    labelConfig: config,
    overlap: 1,
    leaseSeconds: DEFAULT_LEASE_SECONDS,
    qualityPolicy: resolveQualityPolicy(undefined),
    createdBy: ctx.caller.userId,
  });
  await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'project.create', objectType: 'project', objectId: projectId, details: { workPackageId: row.id } });
  await appendLogEvent(tx, projectEvent(actor, { kind: 'project.create', projectId, config, overlap: project.overlap, policy: project.quality_policy }));
  // The primary key makes the first acceptance win; a second vendor's insert does nothing and is refused.
  if (!(await insertAcceptance(tx, { packageId: row.id, orgId: ctx.orgId, vendorProjectId: projectId, acceptedBy: ctx.caller.userId }))) {
    throw conflict('another vendor accepted this work package first');
  }
  // The items become readable to this organisation only now that its acceptance exists (policy vendor_read).
  const items = await itemsOf(tx, row.id);
  const importId = randomUUID();
  const fileName = `work-package-${row.id}.json`;
  await insertImport(tx, { id: importId, orgId: ctx.orgId, projectId, fileName, format: 'work-package', taskCount: 0, createdBy: ctx.caller.userId, source });
  const digest = new TaskDigest();
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const ids = await insertTasksReturningIds(tx, batch.map((item) => ({ orgId: ctx.orgId, projectId, importId, data: item.data })));
    await insertVendorTasks(tx, batch.map((item, k) => ({ packageId: row.id, orgId: ctx.orgId, sourceTaskId: item.source_task_id, taskId: ids[k]! })));
    for (const [k, item] of batch.entries()) {
      digest.add(item.data);
      await insertVendorMedia(tx, { orgId: ctx.orgId, projectId, taskId: ids[k]!, importId }, item.media);
    }
  }
  await setImportTaskCount(tx, importId, digest.count);
  await appendLogEvent(tx, importEvent(actor, { importId, projectId, format: 'work-package', fileName, sourceSha256: source.sha256, sourceBytes: source.size, taskCount: digest.count, tasksRoot: digest.root() }));
  await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'work_package.accept', objectType: 'work_package', objectId: row.id, details: { clientOrgId: row.org_id, vendorProjectId: projectId, items: items.length } });
}

/** Hands over the delivered label of every task that has at least one annotation not rejected by the vendor's own review. */
export async function deliverPackage(tx: Tx, ctx: TenantContext, row: PackageRow): Promise<void> {
  const config = row.label_config as LabelConfig;
  const map = await vendorTasksOf(tx, row.id);
  const deliveries: { packageId: string; orgId: string; sourceTaskId: string; result: unknown[]; annotators: number }[] = [];
  for (let i = 0; i < map.length; i += BATCH) {
    const batch = map.slice(i, i + BATCH);
    const ids = batch.map((m) => m.task_id);
    const tasks = new Map((await tx.selectFrom('tasks').select(['id', 'data']).where('id', 'in', ids).execute()).map((t) => [t.id, t.data as Record<string, unknown>]));
    const annotations = await annotationsOfTasks(tx, ids);
    const adjudicated = new Map(
      (await tx.selectFrom('adjudications').select(['task_id', 'result']).where('task_id', 'in', ids).where('status', '=', 'done').execute()).map((r) => [r.task_id, r.result as AnnotationResult]),
    );
    for (const m of batch) {
      const inputs = annotations
        .filter((a) => a.task_id === m.task_id && a.review_status !== 'rejected')
        .map((a) => ({ annotationId: a.id, version: a.version, worker: a.user_id, result: a.result as AnnotationResult }));
      if (inputs.length === 0 && !adjudicated.has(m.task_id)) continue;
      const label = taskLabel(config, tasks.get(m.task_id) ?? {}, inputs, { gold: null, adjudicated: adjudicated.get(m.task_id) ?? null });
      deliveries.push({ packageId: row.id, orgId: ctx.orgId, sourceTaskId: m.source_task_id, result: label.result, annotators: inputs.length });
    }
  }
  if (deliveries.length === 0) throw conflict('nothing to deliver yet: no task of the package has an annotation; assign annotators and let them work first');
  if (!(await markDelivered(tx, row.id, ctx.caller.userId, deliveries.length))) throw conflict('the package was delivered meanwhile by someone else');
  await insertDeliveries(tx, deliveries);
  await appendAudit(tx, {
    orgId: ctx.orgId,
    userId: ctx.caller.userId,
    action: 'work_package.deliver',
    objectType: 'work_package',
    objectId: row.id,
    details: { delivered: deliveries.length, undelivered: map.length - deliveries.length, late: Date.now() > row.deadline.getTime() },
  });
}
