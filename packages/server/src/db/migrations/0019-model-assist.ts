import { sql, type Kysely } from 'kysely';

/**
 * AI-assisted annotation, second part (docs/models.md): a cluster id per task for the `diversity` queue
 * order (computed once per task, so a claim only joins and counts), a per-project rubric for
 * LLM-as-judge, and the judges' verdicts on annotations, all under row-level security.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `ALTER TABLE project_model_settings DROP CONSTRAINT IF EXISTS project_model_settings_queue_order_check`,
    `ALTER TABLE project_model_settings ADD CONSTRAINT project_model_settings_queue_order_check CHECK (queue_order IN ('default', 'uncertainty', 'diversity', 'random'))`,
    `ALTER TABLE project_model_settings ADD COLUMN judge_rubric text`,
    `CREATE TABLE task_clusters (
      task_id bigint PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      cluster integer NOT NULL,
      source text NOT NULL CHECK (source IN ('text', 'labels', 'random'))
    )`,
    `CREATE INDEX task_clusters_project_cluster_idx ON task_clusters (project_id, cluster)`,
    `CREATE TABLE judgements (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      annotation_id uuid NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
      annotation_version integer NOT NULL,
      backend_id uuid REFERENCES model_backends(id) ON DELETE SET NULL,
      model_version text NOT NULL,
      score real NOT NULL,
      reasons jsonb NOT NULL,
      candidates jsonb,
      rubric_sha256 text NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX judgements_task_idx ON judgements (task_id, created_at)`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON task_clusters TO yungang_app`,
    `GRANT SELECT, INSERT ON judgements TO yungang_app`,
  ];
  for (const table of ['task_clusters', 'judgements']) {
    statements.push(
      `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY tenant_isolation ON ${table} TO yungang_app
        USING (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
        WITH CHECK (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)`,
      `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON ${table} TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
    );
  }
  for (const statement of statements) await sql.raw(statement).execute(db);
}
