import { sql, type Kysely } from 'kysely';

/**
 * Speech assistance (docs/models.md, Speech): two built-in backend kinds, `vad` (Silero voice-activity
 * detection) and `pocketsphinx` (offline English recognition), the segmentation settings of a speech
 * backend, and a prediction's meta (the recogniser's word confidences, which a result cannot hold).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `ALTER TABLE model_backends DROP CONSTRAINT IF EXISTS model_backends_kind_check`,
    `ALTER TABLE model_backends ADD CONSTRAINT model_backends_kind_check CHECK (kind IN ('label-studio', 'openai', 'tesseract', 'rules', 'vad', 'pocketsphinx'))`,
    `ALTER TABLE model_backends ADD COLUMN speech jsonb`,
    `ALTER TABLE predictions ADD COLUMN meta jsonb`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
