import { sql, type Kysely } from 'kysely';

/**
 * The transparency log (issue 6). `log_entries` is written by the acts themselves, inside their own
 * transactions, as events waiting in a queue; one sequencer at a time (an advisory lock, so across
 * processes too) gives each committed event its leaf index, freezes its entry bytes and stores the
 * Merkle nodes. The request role may insert and read its organisation's events, never change them.
 * `log_nodes` holds the hash of every perfect subtree (level 0 = leaves); `log_heads` every signed
 * checkpoint the instance published. The log outlives what it describes, so it has no cascading keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE log_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id uuid,
      kind text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      project_id uuid,
      task_id bigint,
      actor_id uuid,
      event text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      leaf_index bigint UNIQUE,
      entry text,
      sequenced_at timestamptz
    )`,
    `CREATE INDEX log_entries_queue_idx ON log_entries (id) WHERE leaf_index IS NULL`,
    `CREATE INDEX log_entries_subject_idx ON log_entries (org_id, subject_type, subject_id)`,
    `CREATE INDEX log_entries_task_idx ON log_entries (org_id, task_id) WHERE task_id IS NOT NULL`,
    `CREATE TABLE log_nodes (
      level integer NOT NULL,
      idx bigint NOT NULL,
      hash bytea NOT NULL,
      PRIMARY KEY (level, idx)
    )`,
    `CREATE TABLE log_heads (
      tree_size bigint PRIMARY KEY,
      root_hash bytea NOT NULL,
      checkpoint text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    // A dataset version is an immutable snapshot: its records sit in the blob store as one canonical JSONL file.
    `CREATE TABLE dataset_versions (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id),
      project_id uuid NOT NULL REFERENCES projects(id),
      version integer NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      item_count integer NOT NULL,
      items_root text NOT NULL,
      data_sha256 text NOT NULL,
      data_bytes bigint NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, version)
    )`,
    `CREATE INDEX dataset_versions_org_idx ON dataset_versions (org_id, project_id)`,
    // Every delivered copy: its secret orders the records for that recipient, so a leaked copy names them.
    `CREATE TABLE deliveries (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id),
      dataset_version_id uuid NOT NULL REFERENCES dataset_versions(id),
      recipient_user_id uuid REFERENCES users(id),
      secret bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX deliveries_version_idx ON deliveries (dataset_version_id)`,
    `GRANT SELECT, INSERT ON log_entries, dataset_versions, deliveries TO yungang_app`,
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO yungang_app`,
  ];
  // Same tenant wall as every tenant table (0001): the request role sees and writes only its organisation.
  for (const table of ['log_entries', 'dataset_versions', 'deliveries']) {
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
