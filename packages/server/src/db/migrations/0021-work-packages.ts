import { sql, type Kysely } from 'kysely';

/**
 * Vendor work packages (docs/work-packages.md). The client's rows (the package, its items with only the
 * shared fields, its reviews) are tenant rows of the client; the vendor's rows (its acceptance, the tasks it
 * made from the items, its staff, its deliveries) are tenant rows of the vendor. Each side reads the other's
 * rows only through the policies below, so request code never leaves the request role:
 * - a package is readable by the organisations it is offered to, once offered (not while a draft or
 *   awaiting the client admin's approval);
 * - an acceptance may be made only by an organisation the package is offered to, while it is offered, and
 *   only once per package (primary key): the first vendor wins; it is readable wherever the package is;
 * - the items (shared fields only) are readable by the accepting vendor while the package is out; not after
 *   it is settled or cancelled;
 * - a delivery may be made only for a package the vendor accepted and that is still out, and is readable by
 *   the client; the client's reviews are readable by the accepting vendor.
 */
const ORG = `(SELECT nullif(current_setting('yungang.org_id', true), '')::uuid)`;

const TABLES = ['work_packages', 'work_package_items', 'work_package_reviews', 'work_package_acceptances', 'work_package_vendor_tasks', 'work_package_staff', 'work_package_deliveries'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE work_packages (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      title text NOT NULL,
      instructions text NOT NULL DEFAULT '',
      label_config jsonb NOT NULL,
      unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
      currency text NOT NULL,
      deadline timestamptz NOT NULL,
      quality_floor double precision NOT NULL CHECK (quality_floor >= 0 AND quality_floor <= 1),
      shared_fields text[] NOT NULL,
      offered_org_ids uuid[] NOT NULL,
      item_count integer NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'awaiting_approval', 'offered', 'settled', 'cancelled')),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      offer_requested_by uuid REFERENCES users(id),
      offer_requested_at timestamptz,
      offer_decided_by uuid REFERENCES users(id),
      offer_decided_at timestamptz,
      offer_rejection_reason text,
      settlement jsonb,
      settled_by uuid REFERENCES users(id),
      settled_at timestamptz,
      cancelled_by uuid REFERENCES users(id),
      cancelled_at timestamptz,
      cancel_reason text
    )`,
    `CREATE INDEX work_packages_org_idx ON work_packages (org_id, created_at)`,
    `CREATE INDEX work_packages_offered_idx ON work_packages USING gin (offered_org_ids)`,
    `CREATE TABLE work_package_items (
      package_id uuid NOT NULL REFERENCES work_packages(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      source_task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      position integer NOT NULL,
      data jsonb NOT NULL,
      media jsonb NOT NULL DEFAULT '[]'::jsonb,
      sampled boolean NOT NULL DEFAULT false,
      PRIMARY KEY (package_id, source_task_id),
      UNIQUE (package_id, position)
    )`,
    `CREATE TABLE work_package_reviews (
      package_id uuid NOT NULL REFERENCES work_packages(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      source_task_id bigint NOT NULL,
      verdict text NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
      reason text,
      reviewed_by uuid NOT NULL REFERENCES users(id),
      reviewed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (package_id, source_task_id),
      CHECK (verdict = 'accepted' OR reason IS NOT NULL)
    )`,
    `CREATE TABLE work_package_acceptances (
      package_id uuid PRIMARY KEY REFERENCES work_packages(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      vendor_project_id uuid NOT NULL UNIQUE REFERENCES projects(id),
      accepted_by uuid NOT NULL REFERENCES users(id),
      accepted_at timestamptz NOT NULL DEFAULT now(),
      delivered_by uuid REFERENCES users(id),
      delivered_at timestamptz,
      delivered_count integer
    )`,
    `CREATE TABLE work_package_vendor_tasks (
      package_id uuid NOT NULL REFERENCES work_package_acceptances(package_id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      source_task_id bigint NOT NULL,
      task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      PRIMARY KEY (package_id, source_task_id)
    )`,
    `CREATE TABLE work_package_staff (
      package_id uuid NOT NULL REFERENCES work_package_acceptances(package_id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      role text NOT NULL CHECK (role IN ('annotator', 'reviewer')),
      PRIMARY KEY (package_id, role, user_id)
    )`,
    `CREATE TABLE work_package_deliveries (
      package_id uuid NOT NULL REFERENCES work_package_acceptances(package_id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      source_task_id bigint NOT NULL,
      result jsonb NOT NULL,
      annotators integer NOT NULL,
      delivered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (package_id, source_task_id)
    )`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ${TABLES.join(', ')} TO yungang_app`,
  ];
  for (const table of TABLES) {
    statements.push(
      `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY tenant_isolation ON ${table} TO yungang_app USING (org_id = ${ORG}) WITH CHECK (org_id = ${ORG})`,
      `DO $$ BEGIN EXECUTE format('CREATE POLICY system_access ON ${table} TO %I USING (true) WITH CHECK (true)', current_user); END $$`,
    );
  }
  const packageOut = (column: string) => `EXISTS (SELECT 1 FROM work_packages p WHERE p.id = ${column} AND p.status = 'offered')`;
  const acceptedByMe = (column: string) => `EXISTS (SELECT 1 FROM work_package_acceptances a WHERE a.package_id = ${column} AND a.org_id = ${ORG})`;
  statements.push(
    `CREATE POLICY vendor_read ON work_packages FOR SELECT TO yungang_app
      USING (${ORG} = ANY (offered_org_ids) AND status IN ('offered', 'settled', 'cancelled'))`,
    // Restrictive: on top of the tenant wall, an acceptance needs an open offer to the accepting organisation.
    `CREATE POLICY open_offer ON work_package_acceptances AS RESTRICTIVE FOR INSERT TO yungang_app
      WITH CHECK (EXISTS (SELECT 1 FROM work_packages p WHERE p.id = package_id AND p.status = 'offered' AND ${ORG} = ANY (p.offered_org_ids)))`,
    // The package subquery runs under the caller's own policies: the client and the offered vendors see it.
    `CREATE POLICY package_parties ON work_package_acceptances FOR SELECT TO yungang_app
      USING (EXISTS (SELECT 1 FROM work_packages p WHERE p.id = package_id))`,
    `CREATE POLICY vendor_read ON work_package_items FOR SELECT TO yungang_app
      USING (${acceptedByMe('package_id')} AND ${packageOut('package_id')})`,
    `CREATE POLICY package_out ON work_package_deliveries AS RESTRICTIVE FOR INSERT TO yungang_app
      WITH CHECK (${packageOut('package_id')})`,
    `CREATE POLICY client_read ON work_package_deliveries FOR SELECT TO yungang_app
      USING (EXISTS (SELECT 1 FROM work_packages p WHERE p.id = package_id AND p.org_id = ${ORG}))`,
    `CREATE POLICY vendor_read ON work_package_reviews FOR SELECT TO yungang_app USING (${acceptedByMe('package_id')})`,
  );
  for (const statement of statements) await sql.raw(statement).execute(db);
}
