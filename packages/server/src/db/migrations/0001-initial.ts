import { sql, type Kysely } from 'kysely';

/**
 * The whole first schema. Tenant tables carry org_id and are guarded by row-level security: requests
 * run as the role `yungang_app` (SET LOCAL ROLE per transaction), which owns no table, with
 * `yungang.org_id` set per transaction; the migrating role keeps a system policy for the few queries
 * that must cross tenants (login, membership lookup). The same SQL runs on PGlite and PostgreSQL.
 */
export const TENANT_TABLES = ['memberships', 'projects', 'imports', 'tasks', 'assignments', 'annotations', 'annotation_versions', 'audit_log'] as const;

/** Runs a block of DDL one statement at a time (extended-protocol drivers take one statement per query). */
async function execStatements(db: Kysely<unknown>, ddl: string): Promise<void> {
  const statements = ddl.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.length > 0);
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$ BEGIN
      CREATE ROLE yungang_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
  `.execute(db);
  await sql`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper) THEN
        EXECUTE format('GRANT yungang_app TO %I', current_user);
      END IF;
    END $$;
  `.execute(db);

  await execStatements(db, `
    CREATE TABLE organizations (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE users (
      id uuid PRIMARY KEY,
      email text NOT NULL,
      name text NOT NULL,
      password_hash text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_key ON users (lower(email));
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz
    );
    CREATE TABLE login_attempts (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_start timestamptz NOT NULL
    );

    CREATE TABLE memberships (
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('owner','admin','manager','reviewer','annotator','viewer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, user_id)
    );
    CREATE INDEX memberships_user_idx ON memberships (user_id);

    CREATE TABLE projects (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      label_config jsonb NOT NULL,
      overlap integer NOT NULL DEFAULT 1 CHECK (overlap >= 1),
      lease_seconds integer NOT NULL DEFAULT 1800 CHECK (lease_seconds >= 30),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX projects_org_idx ON projects (org_id);

    CREATE TABLE imports (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      file_name text,
      format text NOT NULL,
      task_count integer NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE tasks (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      import_id uuid REFERENCES imports(id) ON DELETE SET NULL,
      data jsonb NOT NULL,
      -- denormalised: submitted annotations >= project overlap. Keeps "next task" off completed rows.
      completed boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX tasks_project_idx ON tasks (project_id, id);
    CREATE INDEX tasks_open_idx ON tasks (project_id, id) WHERE NOT completed;

    CREATE TABLE assignments (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      status text NOT NULL CHECK (status IN ('active','submitted','skipped','released','expired')),
      leased_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      finished_at timestamptz,
      UNIQUE (task_id, user_id)
    );
    CREATE INDEX assignments_user_idx ON assignments (project_id, user_id, status);

    CREATE TABLE annotations (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      assignment_id uuid REFERENCES assignments(id) ON DELETE SET NULL,
      version integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (task_id, user_id)
    );
    CREATE INDEX annotations_task_idx ON annotations (task_id);

    CREATE TABLE annotation_versions (
      annotation_id uuid NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
      version integer NOT NULL,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      result jsonb NOT NULL,
      lead_time_ms integer NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (annotation_id, version)
    );

    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id uuid REFERENCES users(id),
      action text NOT NULL,
      object_type text NOT NULL,
      object_id text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_log_org_idx ON audit_log (org_id, id);
  `);

  // The request role reads users (names on annotations) and organisations, writes tenant tables.
  await sql`GRANT SELECT ON organizations TO yungang_app`.execute(db);
  await sql`GRANT SELECT (id, email, name, created_at) ON users TO yungang_app`.execute(db);
  for (const table of TENANT_TABLES) {
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.table(table)} TO yungang_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO yungang_app
      USING (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
      WITH CHECK (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
    `.execute(db);
    // Table names are our constants, so inlining them into the DO block is safe.
    await sql
      .raw(`DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON %I TO %I USING (true) WITH CHECK (true)', '${table}', current_user); END $$`)
      .execute(db);
  }
  await sql`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO yungang_app`.execute(db);
}
