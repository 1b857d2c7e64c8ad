import { sql, type ColumnType } from 'kysely';
import type { Tx } from '../db/database.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** An organisation's OpenID Connect provider (migration 0008-oidc). */
export interface OrgOidcTable {
  org_id: string;
  slug: string | null;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  issuer: string;
  client_id: string;
  client_secret: string;
  allowed_domains: ColumnType<string[], string | undefined, string>;
  default_role: ColumnType<string, string | undefined, string>;
  jit_provisioning: ColumnType<boolean, boolean | undefined, boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A sign-in between `/start` and `/callback`; the state's SHA-256 is the key, as for sessions. */
export interface OidcLoginsTable {
  state_hash: string;
  org_id: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  return_to: string;
  expires_at: Timestamp;
}

// The tables are declared here, next to their only queries, and merged into the database's row types.
declare module '../db/schema.js' {
  interface DB {
    org_oidc: OrgOidcTable;
    oidc_logins: OidcLoginsTable;
  }
}

export interface OrgOidcRow {
  org_id: string;
  org_name: string;
  slug: string | null;
  enabled: boolean;
  issuer: string;
  client_id: string;
  client_secret: string;
  allowed_domains: string[];
  default_role: string;
  jit_provisioning: boolean;
  updated_at: Date;
}

function selectOidc(tx: Tx) {
  return tx
    .selectFrom('org_oidc as c')
    .innerJoin('organizations as o', 'o.id', 'c.org_id')
    .select(['c.org_id', 'o.name as org_name', 'c.slug', 'c.enabled', 'c.issuer', 'c.client_id', 'c.client_secret', 'c.allowed_domains', 'c.default_role', 'c.jit_provisioning', 'c.updated_at']);
}

export async function findOrgOidc(tx: Tx, orgId: string): Promise<OrgOidcRow | undefined> {
  return selectOidc(tx).where('c.org_id', '=', orgId).executeTakeFirst();
}

/** By slug (system transaction: the sign-in page knows no tenant yet). */
export async function findOrgOidcBySlug(tx: Tx, slug: string): Promise<OrgOidcRow | undefined> {
  return selectOidc(tx).where('c.slug', '=', slug).executeTakeFirst();
}

export async function upsertOrgOidc(
  tx: Tx,
  row: {
    orgId: string;
    slug: string | null;
    enabled: boolean;
    issuer: string;
    clientId: string;
    clientSecret: string;
    allowedDomains: string[];
    defaultRole: string;
    jitProvisioning: boolean;
    updatedBy: string;
  },
): Promise<void> {
  const values = {
    slug: row.slug,
    enabled: row.enabled,
    issuer: row.issuer,
    client_id: row.clientId,
    client_secret: row.clientSecret,
    allowed_domains: JSON.stringify(row.allowedDomains),
    default_role: row.defaultRole,
    jit_provisioning: row.jitProvisioning,
    updated_by: row.updatedBy,
    updated_at: new Date(),
  };
  await tx
    .insertInto('org_oidc')
    .values({ org_id: row.orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute();
}

/** Whether another organisation already uses `slug` (system transaction: slugs are unique across tenants). */
export async function slugTaken(tx: Tx, slug: string, orgId: string): Promise<boolean> {
  const row = await tx.selectFrom('org_oidc').select('org_id').where('slug', '=', slug).where('org_id', '<>', orgId).executeTakeFirst();
  return row !== undefined;
}

export async function insertOidcLogin(tx: Tx, row: { stateHash: string; orgId: string; nonce: string; codeVerifier: string; redirectUri: string; returnTo: string; expiresAt: Date }): Promise<void> {
  // Sign-ins nobody finished pile up otherwise; each start sweeps the expired ones.
  await tx.deleteFrom('oidc_logins').where('expires_at', '<', new Date()).execute();
  await tx
    .insertInto('oidc_logins')
    .values({ state_hash: row.stateHash, org_id: row.orgId, nonce: row.nonce, code_verifier: row.codeVerifier, redirect_uri: row.redirectUri, return_to: row.returnTo, expires_at: row.expiresAt })
    .execute();
}

/** Takes the sign-in for `stateHash` out (a state works once), whether or not it has expired: the caller checks. */
export async function takeOidcLogin(tx: Tx, stateHash: string) {
  return tx.deleteFrom('oidc_logins').where('state_hash', '=', stateHash).returning(['org_id', 'nonce', 'code_verifier', 'redirect_uri', 'return_to', 'expires_at']).executeTakeFirst();
}

/** Audit rows of a system transaction record the client's address too (`Database.tenant()` does this for tenant ones). */
export async function setClientAddress(tx: Tx, address: string): Promise<void> {
  await sql`SELECT set_config('yungang.client_addr', ${address}, true)`.execute(tx);
}
