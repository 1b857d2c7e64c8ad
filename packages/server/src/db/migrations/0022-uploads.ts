import { sql, type Kysely } from 'kysely';

/**
 * Resumable uploads (docs/media.md, "Resumable uploads"): one row per upload session, a tenant table with
 * row-level security like every other. The bytes themselves sit in the staging folder (YUNGANG_UPLOAD_DIR),
 * named by the session id; `upload_offset` is how many of them are on disk and synced, and only grows.
 * State lives here rather than in a process, so any server process can take the next chunk.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE uploads (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      filename text NOT NULL,
      size bigint NOT NULL CHECK (size > 0),
      upload_offset bigint NOT NULL DEFAULT 0 CHECK (upload_offset >= 0 AND upload_offset <= size),
      sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      content_type text,
      options jsonb NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completing', 'completed', 'failed')),
      completing_since timestamptz,
      result jsonb,
      error text,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX uploads_expires_idx ON uploads (expires_at)`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON uploads TO yungang_app`,
    `ALTER TABLE uploads ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE uploads FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON uploads TO yungang_app
      USING (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
      WITH CHECK (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)`,
    // The expiry sweep runs as the migrating role across organisations.
    `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON uploads TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
