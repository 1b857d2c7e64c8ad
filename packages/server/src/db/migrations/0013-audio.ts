import { sql, type Kysely } from 'kysely';

/**
 * Audio media (docs/media.md, Audio): the columns only recordings have. Width and height stay 0 for them;
 * the display blob is the browser copy (AAC in M4A), the thumbnail a picture of the waveform, and
 * `audio_peaks_sha256` the waveform peaks the workbench draws from. Prefixed `audio_` so that video's own
 * columns (another migration) cannot collide with these.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE media
    ADD COLUMN audio_peaks_sha256 text,
    ADD COLUMN audio_duration double precision,
    ADD COLUMN audio_sample_rate integer,
    ADD COLUMN audio_channels integer,
    ADD COLUMN audio_loudness double precision`).execute(db);
}
