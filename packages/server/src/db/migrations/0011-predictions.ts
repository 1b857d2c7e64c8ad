import { sql, type Kysely } from 'kysely';

/**
 * Model predictions imported with a task file (docs/formats.md): a result in the same shape as an
 * annotation, with the model's version and score, that the workbench may start from. Kept apart from
 * annotations so they never count as anyone's work, in agreement, review or export of labels.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE predictions (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      import_id uuid REFERENCES imports(id),
      result jsonb NOT NULL,
      model_version text,
      score double precision,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX predictions_task_idx ON predictions (task_id, created_at)`,
    `GRANT SELECT, INSERT ON predictions TO yungang_app`,
    `ALTER TABLE predictions ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE predictions FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON predictions TO yungang_app
      USING (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
      WITH CHECK (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)`,
    `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON predictions TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
