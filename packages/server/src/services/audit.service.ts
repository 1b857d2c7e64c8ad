import type { AuditEntryDto } from '@yungang/core';
import type { Database } from '../db/database.js';
import { listAudit } from '../repositories/audit.repository.js';
import { requirePermission, type TenantContext } from './context.js';

export class AuditService {
  constructor(private readonly database: Database) {}

  async list(ctx: TenantContext, limit: number, before?: string): Promise<AuditEntryDto[]> {
    requirePermission(ctx, 'audit.read');
    const rows = await this.database.tenant(ctx, (tx) => listAudit(tx, limit, before));
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      userId: r.user_id,
      userEmail: r.email,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      details: r.details,
    }));
  }
}
