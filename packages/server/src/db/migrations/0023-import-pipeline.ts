import { sql, type Kysely } from 'kysely';

/**
 * A project's import pipeline (docs/pipelines.md, "On import"): the text operators every JSON, JSONL or CSV
 * import of the project runs its records through before they become tasks, with the secret its
 * `pseudonymize` policies use (so the same value gets the same pseudonym in every import). A column of the
 * project: its row-level security is the project's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE projects ADD COLUMN import_pipeline jsonb`.execute(db);
}
