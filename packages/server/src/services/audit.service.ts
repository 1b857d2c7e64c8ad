import { Readable } from 'node:stream';
import {
  accessAlerts,
  AUDIT_EXPORT_ACTIONS,
  AUDIT_LIST_ACTIONS,
  AUDIT_VIEW_ACTIONS,
  AUDIT_WORK_ACTIONS,
  csvRow,
  DEFAULT_ACCESS_ALERT_RULE,
  type AccessAlertRule,
  type AccessVolumeDto,
  type AuditAlertsDto,
  type AuditAlertsQuery,
  type AuditEntryDto,
  type AuditExportQuery,
  type AuditQuery,
} from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import { isUuid } from '../db/ids.js';
import { badRequest } from '../http/app-error.js';
import { accessVolumes, appendAudit, searchAudit, type AuditFilter, type AuditRow } from '../repositories/audit.repository.js';
import { findUserIdByEmail } from '../repositories/users.repository.js';
import { requirePermission, type TenantContext } from './context.js';

const EXPORT_BATCH = 1000;
const NOBODY = '00000000-0000-0000-0000-000000000000';
export const AUDIT_CSV_COLUMNS = ['id', 'at', 'user_email', 'user_id', 'action', 'object_type', 'object_id', 'address', 'details'] as const;

export interface AuditCsv {
  fileName: string;
  contentType: string;
  body: Readable;
}

/**
 * The access audit (docs/security.md): search and export of the organisation's audit log, and alerts for
 * people who open far more task data than their work explains (core `accessAlerts`).
 */
export class AuditService {
  constructor(private readonly database: Database) {}

  /** A keyset page, newest first; the next page is `before` = the last entry's id. */
  async search(ctx: TenantContext, query: AuditQuery): Promise<AuditEntryDto[]> {
    requirePermission(ctx, 'audit.read');
    const rows = await this.database.tenant(ctx, async (tx) => searchAudit(tx, await this.filter(tx, query), query.limit ?? 100, query.before));
    return rows.map(toDto);
  }

  /** Every matching entry as CSV (formula-safe), streamed in keyset batches; the export itself is audited. */
  async exportCsv(ctx: TenantContext, query: AuditExportQuery): Promise<AuditCsv> {
    requirePermission(ctx, 'audit.read');
    const filter = await this.database.tenant(ctx, async (tx) => {
      const f = await this.filter(tx, query);
      const filters = Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'org'));
      await appendAudit(tx, { orgId: ctx.orgId, userId: ctx.caller.userId, action: 'audit.export', objectType: 'organization', objectId: ctx.orgId, details: { filters } });
      return f;
    });
    return {
      fileName: `audit-${new Date().toISOString().slice(0, 10)}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: Readable.from(this.csvLines(ctx, filter)),
    };
  }

  /** Unusual volumes over the last `hours` (default 24), with the rule that judged them. */
  async alerts(ctx: TenantContext, query: AuditAlertsQuery): Promise<AuditAlertsDto> {
    requirePermission(ctx, 'audit.read');
    const to = new Date();
    const from = new Date(to.getTime() - (query.hours ?? 24) * 3_600_000);
    const rule: AccessAlertRule = {
      ...DEFAULT_ACCESS_ALERT_RULE,
      ...(query.minViews !== undefined ? { minViews: query.minViews } : {}),
      ...(query.viewsPerWork !== undefined ? { viewsPerWork: query.viewsPerWork } : {}),
      ...(query.allowance !== undefined ? { allowance: query.allowance } : {}),
    };
    const rows = await this.database.tenant(ctx, (tx) =>
      accessVolumes(tx, from, { views: AUDIT_VIEW_ACTIONS, lists: AUDIT_LIST_ACTIONS, work: AUDIT_WORK_ACTIONS, exports: AUDIT_EXPORT_ACTIONS }),
    );
    const volumes: AccessVolumeDto[] = rows.map((r) => ({
      userId: r.user_id,
      userEmail: r.email,
      userName: r.name,
      views: Number(r.views),
      work: Number(r.work),
      exports: Number(r.exports),
      addresses: [...(r.addresses ?? [])].sort(),
    }));
    const byUser = new Map(volumes.map((v) => [v.userId, v]));
    const alerts = accessAlerts(volumes, rule).map((a) => ({ ...byUser.get(a.userId)!, expected: a.expected, factor: a.factor, severity: a.severity }));
    volumes.sort((a, b) => b.views - a.views || b.exports - a.exports || a.userId.localeCompare(b.userId));
    return { from: from.toISOString(), to: to.toISOString(), rule, alerts, volumes: volumes.slice(0, 100) };
  }

  private async *csvLines(ctx: TenantContext, filter: AuditFilter): AsyncGenerator<string> {
    // A BOM lets Excel open the UTF-8 file with Chinese text correctly.
    yield '\uFEFF' + csvRow(AUDIT_CSV_COLUMNS);
    let before: string | undefined;
    for (;;) {
      const rows = await this.database.tenant(ctx, (tx) => searchAudit(tx, filter, EXPORT_BATCH, before));
      if (rows.length === 0) return;
      yield rows.map((r) => csvRow([r.id, r.at.toISOString(), r.email, r.user_id, r.action, r.object_type, r.object_id, r.address, r.details])).join('');
      if (rows.length < EXPORT_BATCH) return;
      before = rows[rows.length - 1]!.id;
    }
  }

  /** The query's filters, checked: a user by id or e-mail (an unknown e-mail matches nobody), times in order. */
  private async filter(tx: Tx, query: Omit<AuditExportQuery, 'org'>): Promise<AuditFilter> {
    let userId: string | undefined;
    if (query.user !== undefined) {
      userId = query.user.includes('@') ? ((await findUserIdByEmail(tx, query.user)) ?? NOBODY) : query.user;
      if (!isUuid(userId)) throw badRequest('"user" must be a user id or an e-mail', { path: 'user' });
    }
    const from = query.from !== undefined ? new Date(query.from) : undefined;
    const to = query.to !== undefined ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw badRequest('"from" must be before "to"', { path: 'from' });
    const prefix = query.action?.endsWith('.*') ? query.action.slice(0, -1) : undefined;
    return {
      userId,
      action: prefix === undefined ? query.action : undefined,
      actionPrefix: prefix,
      objectType: query.objectType,
      objectId: query.objectId,
      from,
      to,
    };
  }
}

function toDto(r: AuditRow): AuditEntryDto {
  return {
    id: r.id,
    at: r.at.toISOString(),
    userId: r.user_id,
    userEmail: r.email,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    details: r.details,
    address: r.address,
  };
}
