import { sql, type Kysely } from 'kysely';

/** Each import remembers the file it came from: its SHA-256 names the original in the blob store. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE imports ADD COLUMN source_sha256 text`.execute(db);
  await sql`ALTER TABLE imports ADD COLUMN source_bytes bigint`.execute(db);
}
