import { sql, type Kysely } from 'kysely';

/**
 * Split pipeline runs (docs/pipelines.md, "Splitting a run"): a run's shard jobs name the run's own job as
 * their parent. A job with a child that is still queued or running is not claimable, so the run's serial
 * part starts only when every shard has ended. Row-level security is the jobs table's own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE jobs ADD COLUMN parent_id uuid REFERENCES jobs(id) ON DELETE CASCADE`.execute(db);
  await sql`CREATE INDEX jobs_parent_idx ON jobs (parent_id) WHERE parent_id IS NOT NULL`.execute(db);
}
