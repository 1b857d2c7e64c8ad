import { sql, type Kysely } from 'kysely';

/**
 * AI-assisted annotation (docs/models.md): model backends registered per organisation (with their
 * timeout, retries and rate limit; the API key is write-only through the API), each project's model
 * settings (default backend, training trigger, queue order), and which backend made a prediction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE model_backends (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('label-studio', 'openai', 'tesseract', 'rules')),
      url text,
      model text,
      languages text,
      rules jsonb,
      api_key text,
      timeout_ms integer NOT NULL DEFAULT 30000,
      retries integer NOT NULL DEFAULT 2,
      rate_per_minute integer NOT NULL DEFAULT 600,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, name)
    )`,
    `CREATE TABLE project_model_settings (
      project_id uuid PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      backend_id uuid REFERENCES model_backends(id) ON DELETE SET NULL,
      train_every integer,
      queue_order text NOT NULL DEFAULT 'default' CHECK (queue_order IN ('default', 'uncertainty', 'random')),
      accepted_since_training integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `ALTER TABLE predictions ADD COLUMN backend_id uuid REFERENCES model_backends(id) ON DELETE SET NULL`,
    `CREATE INDEX predictions_project_version_idx ON predictions (project_id, model_version)`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON model_backends TO yungang_app`,
    `GRANT SELECT, INSERT, UPDATE ON project_model_settings TO yungang_app`,
  ];
  for (const table of ['model_backends', 'project_model_settings']) {
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
