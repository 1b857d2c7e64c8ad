import { sql, type Kysely } from 'kysely';

/**
 * Durable background jobs (docs/jobs.md) and the items of pipeline runs (docs/pipelines.md).
 *
 * A job is leased, never locked for its whole run: `lease_owner` + `lease_expires_at` say which process
 * works on it and until when; the owner renews the lease while it works. A job whose lease ran out is
 * claimable again and resumes from `checkpoint`, which each step stores in the same transaction as the
 * step's output (so output is written exactly once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE jobs (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid REFERENCES projects(id) ON DELETE CASCADE,
      kind text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      done bigint NOT NULL DEFAULT 0,
      total bigint,
      checkpoint jsonb,
      summary jsonb,
      result jsonb,
      error text,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 3,
      cancel_requested boolean NOT NULL DEFAULT false,
      lease_owner text,
      lease_expires_at timestamptz,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    // Workers look for the oldest claimable job; finished jobs drop out of this index.
    `CREATE INDEX jobs_claimable_idx ON jobs (created_at) WHERE status IN ('queued', 'running')`,
    `CREATE INDEX jobs_org_idx ON jobs (org_id, created_at DESC)`,
    `CREATE INDEX jobs_project_idx ON jobs (project_id, created_at DESC)`,
    `GRANT SELECT, INSERT, UPDATE ON jobs TO yungang_app`,
    // One row per input task of a pipeline run: what became of it, its output record while the run works,
    // and the task that holds the output once the run has published it (all at once, in its last step).
    `CREATE TABLE pipeline_items (
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      input_task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      outcome text NOT NULL CHECK (outcome IN ('kept', 'changed', 'dropped')),
      dropped_by jsonb,
      output jsonb,
      output_task_id bigint REFERENCES tasks(id) ON DELETE SET NULL,
      PRIMARY KEY (job_id, input_task_id)
    )`,
    `CREATE INDEX pipeline_items_output_idx ON pipeline_items (output_task_id)`,
    `GRANT SELECT, INSERT, UPDATE ON pipeline_items TO yungang_app`,
  ];
  for (const table of ['jobs', 'pipeline_items']) {
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
