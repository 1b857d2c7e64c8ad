import { sql, type Kysely } from 'kysely';

/**
 * Full-resolution copy of a re-encoded video (docs/media.md, Video): the `video-full` job encodes it after
 * the annotation proxy and names its blob here. Null while it is being made, and for videos whose served
 * copy is already at the original's size. Served under its own name to whoever may see the media row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE media ADD COLUMN video_full_sha256 text`.execute(db);
  await sql`CREATE INDEX media_video_full_idx ON media (org_id, video_full_sha256) WHERE video_full_sha256 IS NOT NULL`.execute(db);
}
