import { sql, type Kysely } from 'kysely';

/**
 * Access audit (docs/security.md): every audit row records the client's address, and the log becomes
 * append-only for the request role.
 *
 * The address comes from the transaction: `Database.tenant()` sets `yungang.client_addr` next to
 * `yungang.org_id`, and the column's default reads it, so every existing and future `appendAudit` call
 * records it without passing it along. Acts outside a request (the CLI, the demo seed) leave it null.
 * Rows written before this migration keep null (a non-volatile default is evaluated once for them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `ALTER TABLE audit_log ADD COLUMN address text DEFAULT nullif(current_setting('yungang.client_addr', true), '')`,
    // Requests may add to the audit log, never change or remove what it says.
    `REVOKE UPDATE, DELETE ON audit_log FROM yungang_app`,
    // Searches by person, by object and by time, newest first within an organisation.
    `CREATE INDEX audit_log_user_idx ON audit_log (org_id, user_id, id)`,
    `CREATE INDEX audit_log_object_idx ON audit_log (org_id, object_type, object_id, id)`,
    `CREATE INDEX audit_log_at_idx ON audit_log (org_id, at)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
