import { sql, type Kysely } from 'kysely';

/**
 * Document media (docs/documents.md): a PDF's layout manifest (page sizes, each page's picture,
 * thumbnail and text-layer blobs, text offsets) and its page count. The display blob is the PDF itself,
 * the thumbnail page 1's; the text length (code points) is what span offsets are checked against. Prefixed `document_` beside audio's and video's own columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE media
    ADD COLUMN document_layout_sha256 text,
    ADD COLUMN document_pages integer,
    ADD COLUMN document_text_length integer`).execute(db);
}
