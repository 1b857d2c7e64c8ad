import { sql, type Kysely } from 'kysely';

/**
 * The dataset catalog and data exchange between organisations (docs/catalog.md). Every table is a tenant
 * table with the usual wall; where another organisation must see a row, an extra policy says exactly
 * who, in the database, so request code never leaves the request role:
 * - a published card is readable by the organisations its visibility names (or by everyone);
 * - an access request and an entitlement are readable by the consumer organisation as well as the owner;
 *   the consumer may file a request only for a card it can see, and may only count its downloads;
 * - the dataset version behind an active entitlement is readable by the consumer, which may record a
 *   delivery of it (its bundle names the consumer as recipient).
 */
// A scalar subquery, so PostgreSQL evaluates it once per statement (an InitPlan) instead of once per row:
// search scans many cards under these policies, and a setting lookup per row and policy tripled its time.
const ORG = `(SELECT nullif(current_setting('yungang.org_id', true), '')::uuid)`;
const ACTIVE_ENTITLEMENT = (versionColumn: string) => `EXISTS (
  SELECT 1 FROM catalog_entitlements e
  WHERE e.dataset_version_id = ${versionColumn} AND e.consumer_org_id = ${ORG}
    AND e.revoked_at IS NULL AND (e.expires_at IS NULL OR e.expires_at > now()))`;

const TABLES = ['catalog_settings', 'catalog_cards', 'catalog_changes', 'catalog_requests', 'catalog_entitlements', 'catalog_download_tokens', 'catalog_downloads'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE catalog_settings (
      org_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
      two_person_rule boolean NOT NULL DEFAULT false,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE catalog_cards (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      dataset_version_id uuid NOT NULL UNIQUE REFERENCES dataset_versions(id),
      project_id uuid NOT NULL,
      version integer NOT NULL,
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      industry text NOT NULL,
      modality text NOT NULL,
      licence text NOT NULL,
      price_cents bigint NOT NULL DEFAULT 0,
      item_count integer NOT NULL,
      data_bytes bigint NOT NULL,
      label_schema jsonb NOT NULL,
      quality_summary jsonb,
      sample jsonb NOT NULL,
      items_root text NOT NULL,
      data_sha256 text NOT NULL,
      log_index bigint,
      log_entry text,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
      visibility text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'orgs', 'everyone')),
      shared_org_ids uuid[] NOT NULL DEFAULT '{}',
      search tsvector NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`,
    `CREATE INDEX catalog_cards_search_idx ON catalog_cards USING gin (search)`,
    `CREATE INDEX catalog_cards_shared_idx ON catalog_cards USING gin (shared_org_ids)`,
    `CREATE INDEX catalog_cards_listing_idx ON catalog_cards (published_at DESC, id DESC)`,
    `CREATE INDEX catalog_cards_org_idx ON catalog_cards (org_id, project_id)`,
    // A change that widens access, waiting for an owner's or admin's approval (who and when, both sides).
    `CREATE TABLE catalog_changes (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('audience', 'grant')),
      card_id uuid NOT NULL REFERENCES catalog_cards(id),
      request_id uuid,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      requested_by uuid NOT NULL REFERENCES users(id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      reason text
    )`,
    `CREATE INDEX catalog_changes_org_idx ON catalog_changes (org_id, status, requested_at)`,
    `CREATE TABLE catalog_requests (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      consumer_org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      card_id uuid NOT NULL REFERENCES catalog_cards(id),
      purpose text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'awaiting_approval', 'approved', 'refused')),
      requested_by uuid NOT NULL REFERENCES users(id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      reason text,
      conditions text,
      expires_at timestamptz,
      download_limit integer,
      entitlement_id uuid
    )`,
    `CREATE INDEX catalog_requests_owner_idx ON catalog_requests (org_id, requested_at)`,
    `CREATE INDEX catalog_requests_consumer_idx ON catalog_requests (consumer_org_id, requested_at)`,
    `CREATE TABLE catalog_entitlements (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      consumer_org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      card_id uuid NOT NULL REFERENCES catalog_cards(id),
      dataset_version_id uuid NOT NULL REFERENCES dataset_versions(id),
      request_id uuid REFERENCES catalog_requests(id),
      conditions text,
      expires_at timestamptz,
      download_limit integer,
      downloads_used integer NOT NULL DEFAULT 0,
      revoked_at timestamptz,
      revoked_by uuid REFERENCES users(id),
      revoke_reason text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX catalog_entitlements_consumer_idx ON catalog_entitlements (consumer_org_id, dataset_version_id)`,
    `CREATE INDEX catalog_entitlements_owner_idx ON catalog_entitlements (org_id, created_at)`,
    // Tokens belong to the consumer organisation that asked for them; only the hash is stored.
    `CREATE TABLE catalog_download_tokens (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      entitlement_id uuid NOT NULL REFERENCES catalog_entitlements(id),
      token_sha256 text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES users(id),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    // Every download of an entitlement, seen by both sides (the owner's usage report, the consumer's receipt).
    `CREATE TABLE catalog_downloads (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      consumer_org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      entitlement_id uuid NOT NULL REFERENCES catalog_entitlements(id),
      delivery_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX catalog_downloads_entitlement_idx ON catalog_downloads (entitlement_id, at)`,
    `GRANT SELECT, INSERT, UPDATE ON catalog_settings, catalog_cards, catalog_changes, catalog_requests, catalog_download_tokens TO yungang_app`,
    `GRANT SELECT, INSERT ON catalog_downloads TO yungang_app`,
    // Column grants: nobody's request (the consumer's included) may lengthen, widen or re-date an entitlement.
    `GRANT SELECT, INSERT ON catalog_entitlements TO yungang_app`,
    `GRANT UPDATE (downloads_used, revoked_at, revoked_by, revoke_reason) ON catalog_entitlements TO yungang_app`,
  ];
  for (const table of TABLES) {
    statements.push(
      `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY tenant_isolation ON ${table} TO yungang_app USING (org_id = ${ORG}) WITH CHECK (org_id = ${ORG})`,
      `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON ${table} TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
    );
  }
  statements.push(
    `CREATE POLICY catalog_audience ON catalog_cards FOR SELECT TO yungang_app
      USING (status = 'published' AND (visibility = 'everyone' OR (visibility = 'orgs' AND ${ORG} = ANY (shared_org_ids))))`,
    // A consumer keeps seeing the card it holds (or held) an entitlement for, even after the owner narrows it.
    // An uncorrelated IN: planned once per query as a hashed set, not once per card (search scans many cards).
    `CREATE POLICY catalog_entitled ON catalog_cards FOR SELECT TO yungang_app
      USING (id IN (SELECT e.card_id FROM catalog_entitlements e WHERE e.consumer_org_id = ${ORG}))`,
    // Text search under row-level security cannot use the GIN index: `tsvector @@ tsquery` is not leak-proof, so
    // PostgreSQL checks every visible card first (a scan of all of them). This function finds the matching ids
    // through the index, applying the same visibility as the SELECT policies above for the caller's organisation,
    // so it returns nothing the caller could not read anyway; the outer query still runs under those policies.
    `CREATE FUNCTION catalog_search_ids(q tsquery) RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT ROWS 1000
      AS $fn$
        SELECT c.id FROM catalog_cards c
        WHERE c.search @@ q
          AND (c.org_id = ${ORG}
            OR (c.status = 'published' AND (c.visibility = 'everyone' OR (c.visibility = 'orgs' AND ${ORG} = ANY (c.shared_org_ids))))
            OR c.id IN (SELECT e.card_id FROM catalog_entitlements e WHERE e.consumer_org_id = ${ORG}))
      $fn$`,
    `REVOKE ALL ON FUNCTION catalog_search_ids(tsquery) FROM PUBLIC`,
    `GRANT EXECUTE ON FUNCTION catalog_search_ids(tsquery) TO yungang_app`,
    `CREATE POLICY consumer_read ON catalog_requests FOR SELECT TO yungang_app USING (consumer_org_id = ${ORG})`,
    // The card subquery runs under the consumer's own policies: only a card it can see may be asked for.
    `CREATE POLICY consumer_request ON catalog_requests FOR INSERT TO yungang_app
      WITH CHECK (consumer_org_id = ${ORG} AND status = 'pending'
        AND EXISTS (SELECT 1 FROM catalog_cards c WHERE c.id = card_id AND c.org_id = catalog_requests.org_id))`,
    `CREATE POLICY consumer_read ON catalog_entitlements FOR SELECT TO yungang_app USING (consumer_org_id = ${ORG})`,
    `CREATE POLICY consumer_count ON catalog_entitlements FOR UPDATE TO yungang_app
      USING (consumer_org_id = ${ORG} AND revoked_at IS NULL) WITH CHECK (consumer_org_id = ${ORG})`,
    `CREATE POLICY consumer_read ON catalog_downloads FOR SELECT TO yungang_app USING (consumer_org_id = ${ORG})`,
    `CREATE POLICY consumer_download ON catalog_downloads FOR INSERT TO yungang_app
      WITH CHECK (consumer_org_id = ${ORG} AND EXISTS (SELECT 1 FROM catalog_entitlements e WHERE e.id = entitlement_id AND e.org_id = catalog_downloads.org_id))`,
    `CREATE POLICY catalog_entitled ON dataset_versions FOR SELECT TO yungang_app USING (${ACTIVE_ENTITLEMENT('dataset_versions.id')})`,
    `CREATE POLICY catalog_delivery ON deliveries FOR INSERT TO yungang_app
      WITH CHECK (${ACTIVE_ENTITLEMENT('deliveries.dataset_version_id')} AND EXISTS (SELECT 1 FROM dataset_versions v WHERE v.id = deliveries.dataset_version_id AND v.org_id = deliveries.org_id))`,
  );
  for (const statement of statements) await sql.raw(statement).execute(db);
}
