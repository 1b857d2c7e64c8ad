import { sql, type Kysely } from 'kysely';

/**
 * The quality workflow (issue 5): a project's policy and its acceptance-sampling state; gold tasks carry
 * their expected result; gold checks, the review queue (one row per annotation version to inspect, leased
 * to one reviewer at a time), review decisions, inspection lots with their items, and adjudications.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `ALTER TABLE projects ADD COLUMN quality_policy jsonb NOT NULL DEFAULT '{}'::jsonb`,
    `ALTER TABLE projects ADD COLUMN sampling_state jsonb`,
    `ALTER TABLE tasks ADD COLUMN gold jsonb`,
    `CREATE INDEX tasks_gold_idx ON tasks (project_id, id) WHERE gold IS NOT NULL`,
    `ALTER TABLE annotations ADD COLUMN review_status text NOT NULL DEFAULT 'none'`,
    `CREATE TABLE gold_checks (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      annotation_id uuid NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
      version integer NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      score double precision NOT NULL,
      passed boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX gold_checks_project_idx ON gold_checks (project_id, user_id)`,
    `CREATE TABLE lots (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      number integer NOT NULL,
      size integer NOT NULL,
      aql double precision NOT NULL,
      inspection_level text NOT NULL,
      severity text NOT NULL,
      code_letter text NOT NULL,
      sample_size integer NOT NULL,
      accept integer NOT NULL,
      reject integer NOT NULL,
      status text NOT NULL DEFAULT 'inspecting',
      nonconforming integer NOT NULL DEFAULT 0,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      UNIQUE (project_id, number)
    )`,
    `CREATE TABLE lot_items (
      lot_id uuid NOT NULL REFERENCES lots(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      annotation_id uuid NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
      version integer NOT NULL,
      sampled boolean NOT NULL,
      PRIMARY KEY (lot_id, annotation_id),
      UNIQUE (annotation_id, version)
    )`,
    `CREATE TABLE review_queue (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      annotation_id uuid NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
      version integer NOT NULL,
      annotator_id uuid NOT NULL REFERENCES users(id),
      reason text NOT NULL,
      lot_id uuid REFERENCES lots(id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'pending',
      reviewer_id uuid REFERENCES users(id),
      expires_at timestamptz,
      decision text,
      comment text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      UNIQUE (annotation_id, version)
    )`,
    `CREATE INDEX review_queue_open_idx ON review_queue (project_id, created_at) WHERE status <> 'done'`,
    `CREATE TABLE adjudications (
      task_id bigint PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      agreement double precision NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      adjudicator_id uuid REFERENCES users(id),
      expires_at timestamptz,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz
    )`,
    `CREATE INDEX adjudications_open_idx ON adjudications (project_id, created_at) WHERE status = 'pending'`,
  ];
  for (const table of ['gold_checks', 'lots', 'lot_items', 'review_queue', 'adjudications']) {
    statements.push(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO yungang_app`,
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
