import { sql } from 'kysely';
import type { Tx } from '../db/database.js';

export interface ProjectRow {
  id: string;
  org_id: string;
  name: string;
  description: string;
  label_config: unknown;
  overlap: number;
  lease_seconds: number;
  quality_policy: Record<string, unknown>;
  sampling_state: unknown;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = ['id', 'org_id', 'name', 'description', 'label_config', 'overlap', 'lease_seconds', 'quality_policy', 'sampling_state', 'created_at', 'updated_at'] as const;

export async function insertProject(
  tx: Tx,
  p: { id: string; orgId: string; name: string; description: string; labelConfig: unknown; overlap: number; leaseSeconds: number; qualityPolicy: object; createdBy: string },
): Promise<ProjectRow> {
  return tx
    .insertInto('projects')
    .values({
      id: p.id,
      org_id: p.orgId,
      name: p.name,
      description: p.description,
      label_config: JSON.stringify(p.labelConfig),
      overlap: p.overlap,
      lease_seconds: p.leaseSeconds,
      quality_policy: JSON.stringify(p.qualityPolicy),
      created_by: p.createdBy,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function findProject(tx: Tx, id: string, opts: { lock?: 'update' | 'share' } = {}): Promise<ProjectRow | undefined> {
  let q = tx.selectFrom('projects').select(COLUMNS).where('id', '=', id);
  // NO KEY UPDATE, not UPDATE: it must not block the foreign-key checks (KEY SHARE) that inserting an
  // assignment or annotation makes on the project, or a claim holding a task lock deadlocks with an
  // overlap change waiting for that task. It still excludes the submitters' SHARE lock.
  if (opts.lock === 'update') q = q.forNoKeyUpdate();
  if (opts.lock === 'share') q = q.forShare();
  return q.executeTakeFirst();
}

export async function listProjects(tx: Tx): Promise<ProjectRow[]> {
  return tx.selectFrom('projects').select(COLUMNS).orderBy('created_at', 'desc').execute();
}

export async function updateProject(
  tx: Tx,
  id: string,
  patch: { name?: string; description?: string; labelConfig?: unknown; overlap?: number; leaseSeconds?: number; qualityPolicy?: object },
): Promise<ProjectRow> {
  return tx
    .updateTable('projects')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.labelConfig !== undefined ? { label_config: JSON.stringify(patch.labelConfig) } : {}),
      ...(patch.overlap !== undefined ? { overlap: patch.overlap } : {}),
      ...(patch.leaseSeconds !== undefined ? { lease_seconds: patch.leaseSeconds } : {}),
      ...(patch.qualityPolicy !== undefined ? { quality_policy: JSON.stringify(patch.qualityPolicy) } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export interface ProjectStats {
  project_id: string;
  tasks: number;
  completed: number;
  annotations: number;
}

export async function projectStats(tx: Tx, projectIds: string[]): Promise<Map<string, ProjectStats>> {
  const map = new Map<string, ProjectStats>();
  if (projectIds.length === 0) return map;
  const tasks = await tx
    .selectFrom('tasks')
    .select(['project_id', sql<number>`count(*)::int`.as('tasks'), sql<number>`count(*) FILTER (WHERE completed)::int`.as('completed')])
    .where('project_id', 'in', projectIds)
    .groupBy('project_id')
    .execute();
  const annotations = await tx
    .selectFrom('annotations')
    .select(['project_id', sql<number>`count(*)::int`.as('n')])
    .where('project_id', 'in', projectIds)
    .groupBy('project_id')
    .execute();
  for (const id of projectIds) map.set(id, { project_id: id, tasks: 0, completed: 0, annotations: 0 });
  for (const t of tasks) Object.assign(map.get(t.project_id) ?? {}, { tasks: t.tasks, completed: t.completed });
  for (const a of annotations) Object.assign(map.get(a.project_id) ?? {}, { annotations: a.n });
  return map;
}

/** Recomputes the denormalised `completed` flag after the overlap changed, and forgets the claim-search hints (a raised overlap frees slots). */
export async function recomputeCompleted(tx: Tx, projectId: string, overlap: number): Promise<void> {
  await sql`
    UPDATE tasks t SET full_until = NULL, completed = (
      SELECT count(*) FROM assignments a WHERE a.task_id = t.id AND a.status = 'submitted'
    ) >= ${overlap}
    WHERE t.project_id = ${projectId}
  `.execute(tx);
}
