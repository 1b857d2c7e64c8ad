import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import type { AuditEvent } from './audit.repository.js';
import type { ProjectRow } from './projects.repository.js';
import type { TaskRow } from './tasks.repository.js';

export type QueueOrder = 'default' | 'uncertainty' | 'diversity' | 'random';

/** What a claim needs to know about its project before it looks for a task. */
export interface ClaimContextRow extends ProjectRow {
  /** The project's queue order (docs/models.md); 'default' when it has no model settings. */
  queue_order: QueueOrder;
  /** Whether the project requires any certification; only then does the claim run the certification gate. */
  requires_certification: boolean;
  /** Whether the project holds a vendor's accepted work package; only then does the claim run the staff gate. */
  package_project: boolean;
}

/**
 * The project row, its queue order and whether it requires certifications, in one statement. A claim
 * (`POST /next`) used to read these with three; on a busy project every statement is a round trip per
 * claim (issue 10), and most projects require no certification, so the gate's own reads are skipped then.
 * Row-level security filters the subqueries like the outer select.
 */
export async function findClaimContext(tx: Tx, projectId: string): Promise<ClaimContextRow | undefined> {
  return tx
    .selectFrom('projects as p')
    .select(['p.id', 'p.org_id', 'p.name', 'p.description', 'p.label_config', 'p.overlap', 'p.lease_seconds', 'p.quality_policy', 'p.sampling_state', 'p.created_at', 'p.updated_at'])
    .select([
      sql<QueueOrder>`COALESCE((SELECT s.queue_order FROM project_model_settings s WHERE s.project_id = p.id), 'default')`.as('queue_order'),
      sql<boolean>`EXISTS (SELECT 1 FROM project_certifications c WHERE c.project_id = p.id)`.as('requires_certification'),
      sql<boolean>`EXISTS (SELECT 1 FROM work_package_acceptances a WHERE a.vendor_project_id = p.id)`.as('package_project'),
    ])
    .where('p.id', '=', projectId)
    .executeTakeFirst();
}

/**
 * The claimed task's row, with the claim's audit row ("task.claim" or "task.resume": a claim is also a read
 * of the task's data) written by the same statement: a data-modifying CTE runs whether or not the select
 * uses it, in the claim's transaction, so the record still commits with the act. One round trip, not two.
 */
export async function findClaimedTaskRecordingAudit(tx: Tx, taskId: string, audit: AuditEvent): Promise<TaskRow | undefined> {
  return tx
    .with('audit', (db) =>
      db
        .insertInto('audit_log')
        .values({ org_id: audit.orgId, user_id: audit.userId, action: audit.action, object_type: audit.objectType, object_id: audit.objectId, details: JSON.stringify(audit.details ?? {}) })
        .returning('id'),
    )
    .selectFrom('tasks')
    .select(['id', 'project_id', 'data', 'completed', 'created_at', 'gold'])
    .where('id', '=', taskId)
    .executeTakeFirst();
}
