import { sql } from 'kysely';
import type { Tx } from '../db/database.js';

/** SQL of a person's skill record: their checked work across the organisation's projects (docs/training.md). */

/** Per project: submissions (gold tasks aside), gold checks passed/made, review decisions accepted/made. */
export async function workByProject(tx: Tx, userId: string) {
  const rows = await sql<{ project_id: string; name: string; submitted: number; gold_passed: number; gold_total: number; accepted: number; decided: number }>`
    WITH work AS (
      SELECT an.project_id, count(*)::int AS submitted FROM annotations an JOIN tasks t ON t.id = an.task_id
      WHERE an.user_id = ${userId} AND t.gold IS NULL GROUP BY an.project_id
    ), gold AS (
      SELECT project_id, count(*) FILTER (WHERE passed)::int AS passed, count(*)::int AS total FROM gold_checks WHERE user_id = ${userId} GROUP BY project_id
    ), review AS (
      SELECT project_id, count(*) FILTER (WHERE decision = 'accept')::int AS accepted, count(*) FILTER (WHERE decision IS NOT NULL)::int AS decided
      FROM review_queue WHERE annotator_id = ${userId} GROUP BY project_id
    ), projects_touched AS (
      SELECT project_id FROM work UNION SELECT project_id FROM gold UNION SELECT project_id FROM review
    )
    SELECT p.id AS project_id, p.name, coalesce(w.submitted, 0) AS submitted,
           coalesce(g.passed, 0) AS gold_passed, coalesce(g.total, 0) AS gold_total,
           coalesce(r.accepted, 0) AS accepted, coalesce(r.decided, 0) AS decided
    FROM projects_touched x JOIN projects p ON p.id = x.project_id
    LEFT JOIN work w ON w.project_id = p.id LEFT JOIN gold g ON g.project_id = p.id LEFT JOIN review r ON r.project_id = p.id
    ORDER BY p.name, p.id`.execute(tx);
  return rows.rows;
}

/** Gold checks per UTC day over the last `days` days. */
export async function goldByDay(tx: Tx, userId: string, days: number) {
  const rows = await sql<{ day: string; correct: number; total: number }>`
    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) FILTER (WHERE passed)::int AS correct, count(*)::int AS total
    FROM gold_checks WHERE user_id = ${userId} AND created_at >= now() - make_interval(days => ${days})
    GROUP BY day ORDER BY day`.execute(tx);
  return rows.rows;
}
