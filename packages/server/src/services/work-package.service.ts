import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  can,
  mayApproveChange,
  packageTransition,
  settle,
  settlementCsv,
  SettlementError,
  type CreateWorkPackageBody,
  type PackageAction,
  type SettlementDto,
  type SettlementStatement,
  type WorkPackageDto,
  type WorkPackageItemDto,
  type WorkPackageItemsQuery,
  type WorkPackageReviewBody,
  type WorkPackageStaffBody,
  type WorkPackageStaffDto,
} from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Database, Tx } from '../db/database.js';
import { isTaskId, isUuid } from '../db/ids.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/app-error.js';
import { appendAudit } from '../repositories/audit.repository.js';
import { twoPersonRule } from '../repositories/catalog.repository.js';
import { insertPredictions } from '../repositories/predictions.repository.js';
import {
  clientItems,
  deliveredIds,
  findPackage,
  insertItems,
  insertPackage,
  listPackages,
  markSampled,
  membersAmong,
  movePackage,
  openTaskIds,
  orgNames,
  replaceStaff,
  settlementItems,
  staffOf,
  tasksInProject,
  upsertReview,
  type PackageRow,
} from '../repositories/work-packages.repository.js';
import { requirePermission, type TenantContext } from './context.js';
import { requireProject } from './project.service.js';
import { sample, seedOf } from './sampling.js';
import { acceptPackage, deliverPackage } from './work-package-vendor.js';
import { packageDto, settlementDto, stageOf } from './work-package-dto.js';

/** Refusals answered to the caller and written to its audit log as `work_package.refused`. */
const AUDITED_REFUSALS = new Set(['forbidden', 'not_found', 'conflict']);
const DEFAULT_OPEN_TASKS = 100;

/**
 * Vendor work packages (docs/work-packages.md, issue 7 item 4). The client cuts a package from a project
 * (only the shared fields of each task are copied), offers it to vendor organisations once an owner or
 * admin approved the offer (it widens who sees the data: item 5), one vendor accepts it and gets its own
 * project of the package's tasks, assigns its staff and delivers the delivered labels; the client samples
 * and reviews the delivery and settles it into a statement of accepted items × price with documented
 * deductions. Every act is audited; every refusal too.
 */
export class WorkPackageService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
  ) {}

  async create(ctx: TenantContext, projectId: string, body: CreateWorkPackageBody): Promise<WorkPackageDto> {
    requirePermission(ctx, 'project.write');
    const deadline = new Date(body.deadline);
    if (!(deadline.getTime() > Date.now())) throw badRequest(`the deadline ${body.deadline} has passed: give a time in the future`, { path: 'deadline' });
    const id = randomUUID();
    return this.database.tenant(ctx, async (tx) => {
      // The project first: another organisation's caller gets 404 whatever the body says.
      const project = await requireProject(tx, projectId);
      const own = body.vendorOrgIds.indexOf(ctx.orgId);
      if (own >= 0) throw badRequest('a package is offered to other organisations; your own organisation works on the project directly', { path: `vendorOrgIds[${own}]` });
      const names = await orgNames(tx, body.vendorOrgIds);
      const unknown = body.vendorOrgIds.findIndex((v) => !names.has(v));
      if (unknown >= 0) throw badRequest(`organisation ${body.vendorOrgIds[unknown]} does not exist on this instance`, { path: `vendorOrgIds[${unknown}]` });
      const sharedFields = body.sharedFields ?? project.config.fields.map((f) => f.name);
      const missing = project.config.fields.filter((f) => !sharedFields.includes(f.name)).map((f) => f.name);
      if (missing.length > 0) throw badRequest(`sharedFields must include every field the label config annotates, or the vendor cannot work: add ${missing.map((m) => `"${m}"`).join(', ')}`, { path: 'sharedFields' });
      const taskIds = body.taskIds ?? (await openTaskIds(tx, project.id, body.limit ?? DEFAULT_OPEN_TASKS));
      if (body.taskIds) {
        const found = await tasksInProject(tx, project.id, body.taskIds);
        const bad = body.taskIds.findIndex((t) => !found.has(t));
        if (bad >= 0) throw badRequest(`task ${body.taskIds[bad]} is not a task of project "${project.name}"`, { path: `taskIds[${bad}]` });
      }
      if (taskIds.length === 0) throw badRequest(`project "${project.name}" has no open task to put in a package: import tasks or name them in taskIds`, { path: 'taskIds' });
      await insertPackage(tx, {
        id,
        orgId: ctx.orgId,
        projectId: project.id,
        title: body.title,
        instructions: body.instructions ?? '',
        labelConfig: project.config,
        unitPriceMinor: body.unitPriceMinor,
        currency: body.currency ?? 'CNY',
        deadline: deadline.toISOString(),
        qualityFloor: body.qualityFloor,
        sharedFields,
        offeredOrgIds: body.vendorOrgIds,
        createdBy: ctx.caller.userId,
      });
      const items = await insertItems(tx, id, ctx.orgId, project.id, taskIds, sharedFields);
      await appendAudit(tx, {
        orgId: ctx.orgId,
        userId: ctx.caller.userId,
        action: 'work_package.create',
        objectType: 'work_package',
        objectId: id,
        details: { projectId: project.id, items, unitPriceMinor: body.unitPriceMinor, deadline: deadline.toISOString(), qualityFloor: body.qualityFloor, sharedFields, vendorOrgIds: body.vendorOrgIds },
      });
      return this.dto(tx, ctx, (await findPackage(tx, id))!);
    });
  }

  async list(ctx: TenantContext, side: 'client' | 'vendor' | undefined): Promise<WorkPackageDto[]> {
    requirePermission(ctx, 'org.read');
    return this.database.tenant(ctx, async (tx) => {
      const rows = await listPackages(tx, side === 'client' ? { clientOrgId: ctx.orgId } : side === 'vendor' ? { vendorOrgId: ctx.orgId } : {});
      const names = await orgNames(tx, [...new Set(rows.flatMap((r) => r.offered_org_ids))]);
      return rows.map((r) => packageDto(r, ctx.orgId, names));
    });
  }

  async get(ctx: TenantContext, id: string): Promise<WorkPackageDto> {
    requirePermission(ctx, 'org.read');
    return this.refusable(ctx, id, async (tx) => this.dto(tx, ctx, await visiblePackage(tx, ctx, id)));
  }

  /** The client offers a draft: at once when an owner or admin asks and no two-person rule holds it, else it waits for one. */
  async offer(ctx: TenantContext, id: string): Promise<WorkPackageDto> {
    return this.act(ctx, id, 'offer', async (tx, row) => {
      await movePackage(tx, row.id, ['draft'], { status: 'awaiting_approval', offer_requested_by: ctx.caller.userId, offer_requested_at: new Date(), offer_rejection_reason: null });
      await this.audit(tx, ctx, row.id, 'work_package.offer.request', { vendorOrgIds: row.offered_org_ids });
      if (can(ctx.role, 'org.manage_members') && !(await twoPersonRule(tx, ctx.orgId))) await this.decide(tx, ctx, row.id, ctx.caller.userId, null);
    });
  }

  async approve(ctx: TenantContext, id: string): Promise<WorkPackageDto> {
    return this.act(ctx, id, 'approve', async (tx, row) => {
      const verdict = mayApproveChange({ twoPersonRule: await twoPersonRule(tx, ctx.orgId), requesterId: row.offer_requested_by ?? '', approverId: ctx.caller.userId });
      if (!verdict.ok) throw forbidden(verdict.reason);
      await this.decide(tx, ctx, row.id, row.offer_requested_by ?? ctx.caller.userId, null);
    });
  }

  async reject(ctx: TenantContext, id: string, reason: string): Promise<WorkPackageDto> {
    return this.act(ctx, id, 'reject', async (tx, row) => {
      await this.decide(tx, ctx, row.id, row.offer_requested_by ?? ctx.caller.userId, reason);
    });
  }

  async cancel(ctx: TenantContext, id: string, reason: string): Promise<WorkPackageDto> {
    return this.act(ctx, id, 'cancel', async (tx, row) => {
      const moved = await movePackage(tx, row.id, ['draft', 'awaiting_approval', 'offered'], { status: 'cancelled', cancelled_by: ctx.caller.userId, cancelled_at: new Date(), cancel_reason: reason });
      if (!moved) throw conflict('the work package changed meanwhile (settled or cancelled by someone else); reload it');
      await this.audit(tx, ctx, row.id, 'work_package.cancel', { reason, stage: stageOf(row), vendorOrgId: row.vendor_org_id });
    });
  }

  /** The vendor accepts: the first vendor wins; it gets its own project of the package's tasks (work-package-vendor.ts). */
  async accept(ctx: TenantContext, id: string): Promise<WorkPackageDto> {
    const source = await this.blobs.put(Readable.from([Buffer.from(JSON.stringify({ kind: 'work-package', packageId: id, vendorOrgId: ctx.orgId, acceptedBy: ctx.caller.userId }))]));
    return this.act(ctx, id, 'accept', async (tx, row) => {
      if (row.deadline.getTime() <= Date.now()) throw conflict(`the package's deadline ${row.deadline.toISOString()} has passed; it can no longer be accepted`);
      await acceptPackage(tx, ctx, row, { sha256: source.sha256, size: source.size });
    });
  }

  async staff(ctx: TenantContext, id: string): Promise<WorkPackageStaffDto> {
    requirePermission(ctx, 'org.read');
    return this.refusable(ctx, id, async (tx) => {
      const row = await visiblePackage(tx, ctx, id);
      if (row.vendor_org_id !== ctx.orgId) throw forbidden("only the vendor that accepted the package sees and assigns its staff");
      return staffDto(await staffOf(tx, id));
    });
  }

  async setStaff(ctx: TenantContext, id: string, body: WorkPackageStaffBody): Promise<WorkPackageStaffDto> {
    return this.refusable(ctx, id, async (tx) => {
      const row = await visiblePackage(tx, ctx, id, true);
      if (row.vendor_org_id !== ctx.orgId) throw forbidden("only the vendor that accepted the package assigns its staff");
      this.check(row, ctx, 'assign');
      const members = await membersAmong(tx, ctx.orgId, [...body.annotators, ...body.reviewers]);
      for (const [key, ids] of [['annotators', body.annotators], ['reviewers', body.reviewers]] as const) {
        const bad = ids.findIndex((u) => !members.has(u));
        if (bad >= 0) throw badRequest(`user ${ids[bad]} is not a member of your organisation: add them to the organisation first`, { path: `${key}[${bad}]` });
      }
      await replaceStaff(tx, id, ctx.orgId, [...body.annotators.map((userId) => ({ userId, role: 'annotator' as const })), ...body.reviewers.map((userId) => ({ userId, role: 'reviewer' as const }))]);
      await this.audit(tx, ctx, id, 'work_package.staff', { annotators: body.annotators, reviewers: body.reviewers });
      return staffDto(await staffOf(tx, id));
    });
  }

  async deliver(ctx: TenantContext, id: string): Promise<WorkPackageDto> {
    return this.act(ctx, id, 'deliver', async (tx, row) => {
      if (row.vendor_org_id !== ctx.orgId) throw forbidden('only the vendor that accepted the package delivers it');
      await deliverPackage(tx, ctx, row);
    });
  }

  async items(ctx: TenantContext, id: string, query: WorkPackageItemsQuery): Promise<WorkPackageItemDto[]> {
    requirePermission(ctx, 'org.read');
    return this.refusable(ctx, id, async (tx) => {
      const row = await visiblePackage(tx, ctx, id);
      const client = row.org_id === ctx.orgId;
      if (!client && row.vendor_org_id !== ctx.orgId) throw forbidden('only the client and the vendor that accepted the package see its items');
      if (client) requirePermission(ctx, 'task.read');
      const rows = await clientItems(tx, id, query.filter ?? 'all', query.offset ?? 0, query.limit ?? 100);
      if (client) await this.audit(tx, ctx, id, 'work_package.items.view', { filter: query.filter ?? 'all', count: rows.length });
      return rows.map((r) => ({
        sourceTaskId: r.source_task_id,
        position: r.position,
        data: r.data,
        sampled: r.sampled,
        delivered: r.result !== null,
        result: (r.result as WorkPackageItemDto['result']) ?? null,
        verdict: r.verdict,
        reason: r.reason,
        reviewedBy: r.reviewed_by_email,
      }));
    });
  }

  /** Draws `size` more delivered items for review, reproducibly from the package id. */
  async sample(ctx: TenantContext, id: string, size: number): Promise<{ sampled: string[] }> {
    return this.refusable(ctx, id, async (tx) => {
      const row = await visiblePackage(tx, ctx, id, true);
      this.check(row, ctx, 'review');
      const delivered = await deliveredIds(tx, id);
      const picked = sample(delivered.length, size, seedOf(id)).map((i) => delivered[i]!);
      await markSampled(tx, id, picked);
      await this.audit(tx, ctx, id, 'work_package.sample', { size, drawn: picked.length, delivered: delivered.length });
      return { sampled: picked };
    });
  }

  async review(ctx: TenantContext, id: string, sourceTaskId: string, body: WorkPackageReviewBody): Promise<WorkPackageItemDto> {
    if (body.verdict === 'rejected' && !body.reason) throw badRequest('a rejection needs a reason: it is printed on the settlement statement', { path: 'reason' });
    return this.refusable(ctx, id, async (tx) => {
      const row = await visiblePackage(tx, ctx, id, true);
      this.check(row, ctx, 'review');
      const item = isTaskId(sourceTaskId) ? (await clientItems(tx, id, 'delivered', 0, 1_000_000)).find((i) => i.source_task_id === sourceTaskId) : undefined;
      if (!item) throw notFound('delivered item of this package', { sourceTaskId });
      await upsertReview(tx, { packageId: id, orgId: ctx.orgId, sourceTaskId, verdict: body.verdict, reason: body.reason ?? null, reviewedBy: ctx.caller.userId });
      await this.audit(tx, ctx, id, 'work_package.review', { sourceTaskId, verdict: body.verdict, reason: body.reason ?? null });
      return { sourceTaskId, position: item.position, data: item.data, sampled: item.sampled, delivered: true, result: item.result as WorkPackageItemDto['result'], verdict: body.verdict, reason: body.reason ?? null, reviewedBy: ctx.caller.email };
    });
  }

  /**
   * The client settles a delivered package: the statement (core `settle`) is stored with the package, and
   * the delivered labels that were not rejected join the client's project as predictions of the vendor.
   */
  async settle(ctx: TenantContext, id: string): Promise<SettlementDto> {
    return this.refusable(ctx, id, async (tx) => {
      const row = await visiblePackage(tx, ctx, id, true);
      this.check(row, ctx, 'settle');
      const items = await settlementItems(tx, id);
      let statement;
      try {
        statement = settle({
          unitPriceMinor: Number(row.unit_price_minor),
          currency: row.currency,
          qualityFloor: row.quality_floor,
          items: items.map((i) => ({ sourceTaskId: i.source_task_id, delivered: i.result !== null, verdict: i.verdict, reason: i.reason })),
          late: row.delivered_at !== null && row.delivered_at.getTime() > row.deadline.getTime(),
        });
      } catch (e) {
        if (e instanceof SettlementError) throw conflict(e.message);
        throw e;
      }
      const moved = await movePackage(tx, id, ['offered'], { status: 'settled', settlement: JSON.stringify(statement), settled_by: ctx.caller.userId, settled_at: new Date() });
      if (!moved) throw conflict('the work package changed meanwhile (settled or cancelled by someone else); reload it');
      const modelVersion = `vendor ${row.vendor_name ?? row.vendor_org_id} · package ${row.title}`.slice(0, 200);
      const paid = items.filter((i) => i.result !== null && i.verdict !== 'rejected');
      await insertPredictions(
        tx,
        paid.map((i) => ({ id: randomUUID(), orgId: ctx.orgId, projectId: row.project_id, taskId: i.source_task_id, importId: null, result: i.result!, modelVersion, score: null, createdBy: ctx.caller.userId })),
      );
      await this.audit(tx, ctx, id, 'work_package.settle', { ...statement, lines: undefined, deductions: statement.deductions.map((d) => ({ kind: d.kind, items: d.items, amountMinor: d.amountMinor })), predictions: paid.length });
      return settlementDto((await findPackage(tx, id))!, ctx.caller.email)!;
    });
  }

  async settlement(ctx: TenantContext, id: string): Promise<{ dto: SettlementDto; csv: string; fileName: string }> {
    requirePermission(ctx, 'org.read');
    return this.refusable(ctx, id, async (tx) => {
      const row = await visiblePackage(tx, ctx, id);
      if (row.org_id !== ctx.orgId && row.vendor_org_id !== ctx.orgId) throw forbidden('only the client and the vendor that accepted the package see its settlement');
      if (row.status !== 'settled') throw conflict(`the work package is ${stageOf(row).replace('_', ' ')}; its settlement statement exists once it is settled`);
      const settledBy = row.settled_by ? ((await tx.selectFrom('users').select('email').where('id', '=', row.settled_by).executeTakeFirst())?.email ?? '') : '';
      // The statement is stored whole at settlement (lines included), so both sides read the same figures
      // even after the vendor has lost access to the items.
      const csv = settlementCsv({ packageId: row.id, title: row.title, client: row.client_name, vendor: row.vendor_name ?? '', settledAt: row.settled_at!.toISOString() }, row.settlement as SettlementStatement);
      await this.audit(tx, ctx, id, 'work_package.settlement.export', {});
      const safe = row.title.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'package';
      return { dto: settlementDto(row, settledBy)!, csv, fileName: `${safe}-settlement.csv` };
    });
  }

  private async decide(tx: Tx, ctx: TenantContext, id: string, requesterId: string, rejection: string | null): Promise<void> {
    const moved = await movePackage(tx, id, ['awaiting_approval'], {
      status: rejection === null ? 'offered' : 'draft',
      offer_decided_by: ctx.caller.userId,
      offer_decided_at: new Date(),
      offer_rejection_reason: rejection,
    });
    if (!moved) throw conflict('the offer was decided meanwhile by someone else; reload the package');
    await this.audit(tx, ctx, id, rejection === null ? 'work_package.offer.approve' : 'work_package.offer.reject', { requestedBy: requesterId, reason: rejection });
  }

  private check(row: PackageRow, ctx: TenantContext, action: PackageAction): void {
    const verdict = packageTransition(stageOf(row), action, { side: row.org_id === ctx.orgId ? 'client' : 'vendor', role: ctx.role });
    if (!verdict.ok) throw new AppError(verdict.kind, verdict.reason);
  }

  /** One transition: lock the package, check the act against its stage and the caller, do it, answer the package. */
  private async act(ctx: TenantContext, id: string, action: PackageAction, work: (tx: Tx, row: PackageRow) => Promise<void>): Promise<WorkPackageDto> {
    return this.refusable(ctx, id, async (tx) => {
      const row = await visiblePackage(tx, ctx, id, true);
      this.check(row, ctx, action);
      await work(tx, row);
      return this.dto(tx, ctx, (await findPackage(tx, id))!);
    });
  }

  private async dto(tx: Tx, ctx: TenantContext, row: PackageRow): Promise<WorkPackageDto> {
    return packageDto(row, ctx.orgId, await orgNames(tx, row.offered_org_ids));
  }

  private async audit(tx: Tx, ctx: TenantContext, id: string, action: string, details: Record<string, unknown>): Promise<void> {
    await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action, objectType: 'work_package', objectId: id, details });
  }

  private async refusable<T>(ctx: TenantContext, id: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.database.tenant(ctx, work);
    } catch (e) {
      if (!(e instanceof AppError) || !AUDITED_REFUSALS.has(e.code)) throw e;
      await this.database.tenant(ctx, (tx) => appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'work_package.refused', objectType: 'work_package', objectId: id, details: { reason: e.message, status: e.code } }));
      throw e;
    }
  }
}

/** A package the caller's organisation may see (its own, or one offered to it); 404 otherwise, like one that does not exist. */
async function visiblePackage(tx: Tx, ctx: TenantContext, id: string, lock = false): Promise<PackageRow> {
  const row = isUuid(id) ? await findPackage(tx, id) : undefined;
  if (!row) throw notFound('work package', { id });
  // Only the client may lock its row (a row lock needs the update policy, which the vendor does not have);
  // the vendor's acts are guarded by their own keys and conditional updates instead.
  if (lock && row.org_id === ctx.orgId) return (await findPackage(tx, id, true))!;
  return row;
}

function staffDto(rows: { user_id: string; role: 'annotator' | 'reviewer'; email: string }[]): WorkPackageStaffDto {
  const of = (role: 'annotator' | 'reviewer') => rows.filter((r) => r.role === role).map((r) => ({ userId: r.user_id, email: r.email }));
  return { annotators: of('annotator'), reviewers: of('reviewer') };
}

