import { sql, type Kysely } from 'kysely';

/**
 * Licence tiers and orders of the dataset catalog (docs/catalog.md, "Licences and orders"). Like 0016,
 * every table is a tenant table of the seller (the card's owner) with extra policies for the buyer:
 * - a tier is readable by whoever can see its card (the card subquery runs under the caller's own policies);
 * - an order is readable by the seller and the buyer only; the buyer may place one only for an active tier
 *   of a card it can see, with the tier's terms copied exactly (nobody's request invents a price), and may
 *   only cancel it before payment;
 * - the terms frozen on an order at placement are never updatable (column grants), by either side.
 * Receipt numbers count per seller in `catalog_receipt_counters` (one row per seller, locked by the
 * upsert), so two payments at once never share a number.
 */
const ORG = `(SELECT nullif(current_setting('yungang.org_id', true), '')::uuid)`;

const TABLES = ['catalog_licence_tiers', 'catalog_orders', 'catalog_receipt_counters'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE catalog_licence_tiers (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      card_id uuid NOT NULL REFERENCES catalog_cards(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      price_minor bigint NOT NULL CHECK (price_minor >= 0),
      currency text NOT NULL DEFAULT 'CNY',
      duration_days integer CHECK (duration_days > 0),
      download_limit integer CHECK (download_limit > 0),
      permitted_use text NOT NULL DEFAULT '',
      active boolean NOT NULL DEFAULT true,
      position integer NOT NULL DEFAULT 0,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX catalog_licence_tiers_card_idx ON catalog_licence_tiers (card_id, position)`,
    `CREATE TABLE catalog_orders (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      consumer_org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      card_id uuid NOT NULL REFERENCES catalog_cards(id),
      tier_id uuid NOT NULL REFERENCES catalog_licence_tiers(id),
      tier_name text NOT NULL,
      price_minor bigint NOT NULL,
      currency text NOT NULL,
      duration_days integer,
      download_limit integer,
      permitted_use text NOT NULL,
      purpose text NOT NULL,
      status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'confirmed', 'paid', 'fulfilled', 'refused', 'cancelled')),
      requested_by uuid NOT NULL REFERENCES users(id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      confirmed_by uuid REFERENCES users(id),
      confirmed_at timestamptz,
      paid_by uuid REFERENCES users(id),
      paid_at timestamptz,
      payment_reference text,
      fulfilled_by uuid REFERENCES users(id),
      fulfilled_at timestamptz,
      refused_by uuid REFERENCES users(id),
      refused_at timestamptz,
      refusal_reason text,
      cancelled_by uuid REFERENCES users(id),
      cancelled_at timestamptz,
      cancel_reason text,
      entitlement_id uuid REFERENCES catalog_entitlements(id),
      receipt_number text,
      UNIQUE (org_id, receipt_number)
    )`,
    `CREATE INDEX catalog_orders_seller_idx ON catalog_orders (org_id, requested_at)`,
    `CREATE INDEX catalog_orders_buyer_idx ON catalog_orders (consumer_org_id, requested_at)`,
    `CREATE INDEX catalog_orders_card_idx ON catalog_orders (card_id)`,
    `CREATE TABLE catalog_receipt_counters (
      org_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
      last integer NOT NULL
    )`,
    `GRANT SELECT, INSERT, UPDATE ON catalog_licence_tiers, catalog_receipt_counters TO yungang_app`,
    `GRANT SELECT, INSERT ON catalog_orders TO yungang_app`,
    // Only the transition columns change after placement: the tier's terms and the purpose stay as agreed.
    `GRANT UPDATE (status, confirmed_by, confirmed_at, paid_by, paid_at, payment_reference, fulfilled_by, fulfilled_at,
      refused_by, refused_at, refusal_reason, cancelled_by, cancelled_at, cancel_reason, entitlement_id, receipt_number) ON catalog_orders TO yungang_app`,
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
    // The card subquery runs under the caller's card policies: a tier is seen exactly where its card is.
    `CREATE POLICY catalog_audience ON catalog_licence_tiers FOR SELECT TO yungang_app
      USING (EXISTS (SELECT 1 FROM catalog_cards c WHERE c.id = card_id))`,
    `CREATE POLICY consumer_read ON catalog_orders FOR SELECT TO yungang_app USING (consumer_org_id = ${ORG})`,
    // A buyer's order must copy an active tier of a card it can see, term for term.
    `CREATE POLICY consumer_order ON catalog_orders FOR INSERT TO yungang_app
      WITH CHECK (consumer_org_id = ${ORG} AND status = 'requested' AND org_id <> ${ORG}
        AND EXISTS (SELECT 1 FROM catalog_cards c WHERE c.id = card_id AND c.org_id = catalog_orders.org_id AND c.status = 'published')
        AND EXISTS (SELECT 1 FROM catalog_licence_tiers t WHERE t.id = tier_id AND t.card_id = catalog_orders.card_id AND t.active
          AND t.name = tier_name AND t.price_minor = catalog_orders.price_minor AND t.currency = catalog_orders.currency
          AND t.duration_days IS NOT DISTINCT FROM catalog_orders.duration_days
          AND t.download_limit IS NOT DISTINCT FROM catalog_orders.download_limit AND t.permitted_use = catalog_orders.permitted_use))`,
    // The buyer may only withdraw an order that is not paid yet.
    `CREATE POLICY consumer_cancel ON catalog_orders FOR UPDATE TO yungang_app
      USING (consumer_org_id = ${ORG} AND status IN ('requested', 'confirmed'))
      WITH CHECK (consumer_org_id = ${ORG} AND status = 'cancelled')`,
  );
  for (const statement of statements) await sql.raw(statement).execute(db);
}
