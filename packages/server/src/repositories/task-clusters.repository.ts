import { sql } from 'kysely';
import type { Tx } from '../db/database.js';

/**
 * Tasks of a project that need a diversity cluster: those without one, and those that got a random one
 * before any prediction existed but have a prediction now (their labels cluster them better).
 */
export async function tasksToCluster(tx: Tx, projectId: string, limit: number): Promise<{ id: string; data: Record<string, unknown>; labels: string[] | null }[]> {
  const rows = await sql<{ id: string; data: Record<string, unknown>; labels: string[] | null }>`
    SELECT t.id, t.data,
           -- The label values (choices, rectanglelabels, …) of the task's newest prediction.
           (SELECT array_agg(DISTINCT l.value)
            FROM (SELECT p.result FROM predictions p WHERE p.task_id = t.id ORDER BY p.created_at DESC LIMIT 1) newest,
              LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(newest.result) = 'array' THEN newest.result ELSE '[]'::jsonb END) item,
              LATERAL jsonb_each(CASE WHEN jsonb_typeof(item.value->'value') = 'object' THEN item.value->'value' ELSE '{}'::jsonb END) v,
              LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(v.value) = 'array' THEN v.value ELSE '[]'::jsonb END) l(value)
            WHERE v.key <> 'text') AS labels
    FROM tasks t LEFT JOIN task_clusters c ON c.task_id = t.id
    WHERE t.project_id = ${projectId}
      AND (c.task_id IS NULL OR (c.source = 'random' AND EXISTS (SELECT 1 FROM predictions p WHERE p.task_id = t.id)))
    ORDER BY t.id
    LIMIT ${limit}`.execute(tx);
  return rows.rows;
}

export async function upsertTaskClusters(tx: Tx, rows: { taskId: string; orgId: string; projectId: string; cluster: number; source: 'text' | 'labels' | 'random' }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('task_clusters')
    .values(rows.map((r) => ({ task_id: r.taskId, org_id: r.orgId, project_id: r.projectId, cluster: r.cluster, source: r.source })))
    .onConflict((oc) => oc.column('task_id').doUpdateSet((eb) => ({ cluster: eb.ref('excluded.cluster'), source: eb.ref('excluded.source') })))
    .execute();
}
