import { sql, type Kysely } from 'kysely';

/**
 * Single sign-on per organisation with OpenID Connect (docs/security.md):
 * - `org_oidc`: the organisation's identity provider (issuer, client id and secret), which e-mail domains
 *   it may vouch for, the role new members get and whether unknown people get an account just in time.
 *   A tenant table like `org_security`: request code reads and writes only its own organisation's row.
 *   `slug` is an optional short name people type on the sign-in page instead of the organisation's id.
 * - `oidc_logins`: sign-ins in flight between `/start` and `/callback` (state, nonce, PKCE verifier), kept
 *   for minutes. Not a tenant table: the callback learns the organisation from this row, before any tenant
 *   is known, so only the server's own (system) connection touches it: the request role has no grant on it.
 *   It still gets the tenant wall like every table with an org_id, so a later grant could not leak it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE org_oidc (
      org_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
      slug text UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      enabled boolean NOT NULL DEFAULT true,
      issuer text NOT NULL,
      client_id text NOT NULL,
      client_secret text NOT NULL,
      allowed_domains jsonb NOT NULL DEFAULT '[]'::jsonb,
      default_role text NOT NULL DEFAULT 'annotator' CHECK (default_role IN ('manager', 'reviewer', 'annotator', 'viewer')),
      jit_provisioning boolean NOT NULL DEFAULT false,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE oidc_logins (
      state_hash text PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      redirect_uri text NOT NULL,
      return_to text NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at)`,
    `GRANT SELECT, INSERT, UPDATE ON org_oidc TO yungang_app`,
    `ALTER TABLE org_oidc ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE org_oidc FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON org_oidc TO yungang_app
      USING (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
      WITH CHECK (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)`,
    `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON org_oidc TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
    `ALTER TABLE oidc_logins ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE oidc_logins FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON oidc_logins TO yungang_app
      USING (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)
      WITH CHECK (org_id = nullif(current_setting('yungang.org_id', true), '')::uuid)`,
    `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON oidc_logins TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
