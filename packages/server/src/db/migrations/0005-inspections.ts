import { sql, type Kysely } from 'kysely';

/**
 * Final inspection of a dataset version: a random sample of its delivered labels, each judged right or
 * wrong by an inspector, gives the version's accuracy with a confidence bound. Items keep the label as
 * delivered (copied from the version's snapshot), so the judgement is about exactly what buyers get.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE inspections (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      dataset_version_id uuid NOT NULL REFERENCES dataset_versions(id),
      sample_size integer NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX inspections_version_idx ON inspections (dataset_version_id)`,
    `CREATE TABLE inspection_items (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      inspection_id uuid NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
      task_id bigint NOT NULL,
      label jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      inspector_id uuid REFERENCES users(id),
      expires_at timestamptz,
      correct boolean,
      comment text NOT NULL DEFAULT '',
      decided_at timestamptz
    )`,
    `CREATE INDEX inspection_items_open_idx ON inspection_items (inspection_id, id) WHERE status <> 'done'`,
  ];
  for (const table of ['inspections', 'inspection_items']) {
    statements.push(
      `GRANT SELECT, INSERT, UPDATE ON ${table} TO yungang_app`,
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
