import { sql, type Kysely } from 'kysely';

/**
 * Media: one row per image a project received (docs/media.md). The bytes live in the blob store; the row
 * says which blobs belong together (the untouched original, the image served to annotators, its
 * thumbnail, its tile pyramid) and which organisation may see them, which is what the serving routes
 * check. One row per project and original file, so re-uploading a file is recognised as a duplicate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE media (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      task_id bigint REFERENCES tasks(id) ON DELETE SET NULL,
      import_id uuid REFERENCES imports(id) ON DELETE SET NULL,
      sha256 text NOT NULL,
      size bigint NOT NULL,
      original_name text NOT NULL,
      mime text NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      orientation integer NOT NULL DEFAULT 1,
      stripped boolean NOT NULL DEFAULT false,
      display_sha256 text NOT NULL,
      display_mime text NOT NULL,
      thumb_sha256 text NOT NULL,
      tiles_sha256 text,
      tile_size integer,
      tile_overlap integer,
      tile_format text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, sha256)
    )`,
    `CREATE INDEX media_display_idx ON media (org_id, display_sha256)`,
    `GRANT SELECT, INSERT, UPDATE ON media TO yungang_app`,
    `ALTER TABLE media ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE media FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON media TO yungang_app
      USING (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
      WITH CHECK (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)`,
    `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON media TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
