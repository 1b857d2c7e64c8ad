import type { ColumnType, Generated } from 'kysely';

/** Row type of resumable upload sessions (0022-uploads, docs/media.md); part of `DB` in schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint byte counts: decimal strings from both drivers, numbers on the way in. */
type Bytes = ColumnType<string, number | string, number | string>;

export interface UploadsTable {
  id: string;
  org_id: string;
  project_id: string;
  filename: string;
  size: Bytes;
  /** Bytes on disk and synced in the staging file; the next chunk must start here. */
  upload_offset: ColumnType<string, number | string | undefined, number | string>;
  sha256: string | null;
  content_type: string | null;
  /** The intake options (core MediaUploadQuery) the file is taken in with at completion. */
  options: ColumnType<unknown, string, string>;
  status: ColumnType<'open' | 'completing' | 'completed' | 'failed', 'open' | undefined, 'open' | 'completing' | 'completed' | 'failed'>;
  /** When the running completion claimed the session; a claim much older than this is taken over (a process died). */
  completing_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface UploadTables {
  uploads: UploadsTable;
}
