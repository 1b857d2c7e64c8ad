import { sql, type Kysely } from 'kysely';

/**
 * Video media (docs/media.md, Video): the columns only videos have. `width`/`height` hold the served
 * video's size; the display blob is the browser copy (H.264 + AAC in a fast-start MP4, or the original
 * when it already is one), the thumbnail a poster frame, and `video_frame_index_sha256` the JSON list of
 * every frame's time that frame-accurate stepping reads. Prefixed `video_` beside audio's own columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE media
    ADD COLUMN video_frame_index_sha256 text,
    ADD COLUMN video_fps double precision,
    ADD COLUMN video_frames integer,
    ADD COLUMN video_duration double precision,
    ADD COLUMN video_codec text`).execute(db);
}
