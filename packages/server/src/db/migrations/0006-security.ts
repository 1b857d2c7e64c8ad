import { sql, type Kysely } from 'kysely';

/**
 * Sign-in for organisations (docs/security.md):
 * - `org_security`: one row per organisation that changed its defaults: an IP allow-list (CIDRs, empty =
 *   any address) and session limits (null = the server's defaults from config).
 * - `memberships.disabled_*`: an owner or admin disables a member in their organisation only. Accounts are
 *   global and any admin can add an existing account by e-mail, so a global switch would let one
 *   organisation lock a person out of all the others.
 * - `sessions.last_seen_at`: for the idle limit; written at most about once a minute per session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE org_security (
      org_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
      ip_allowlist jsonb NOT NULL DEFAULT '[]'::jsonb,
      session_idle_minutes integer CHECK (session_idle_minutes BETWEEN 1 AND 43200),
      session_absolute_hours integer CHECK (session_absolute_hours BETWEEN 1 AND 8760),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `ALTER TABLE memberships ADD COLUMN disabled_at timestamptz`,
    `ALTER TABLE memberships ADD COLUMN disabled_by uuid REFERENCES users(id)`,
    `ALTER TABLE memberships ADD COLUMN disabled_reason text`,
    `ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now()`,
    `GRANT SELECT, INSERT, UPDATE ON org_security TO yungang_app`,
    `ALTER TABLE org_security ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE org_security FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON org_security TO yungang_app
      USING (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
      WITH CHECK (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)`,
    `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON org_security TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
