/**
 * The HTTP contract of resumable uploads (docs/media.md, "Resumable uploads"): a large file is sent in
 * chunks to an upload session, which survives broken connections and server restarts; when its last byte
 * arrives the file goes through the same media intake as a normal upload. PATCH and HEAD follow the tus
 * 1.0 core protocol (`Upload-Offset`, `application/offset+octet-stream`, 409 on a wrong offset).
 */
import Type, { type Static } from 'typebox';
import { MediaIntakeResultDto } from './media-schemas.js';

const Uuid = Type.String({ format: 'uuid' });

export const UPLOAD_STATUSES = ['open', 'completing', 'completed', 'failed'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

export const CreateUploadBody = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 255, description: 'the file\'s name, as the per-file report will show it' }),
  size: Type.Integer({ minimum: 1, description: 'the whole file\'s length in bytes; the upload completes when this many have arrived' }),
  sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (lowercase hex) of the whole file; when given, a file whose bytes hash otherwise is refused and nothing is stored' })),
  contentType: Type.Optional(Type.String({ maxLength: 200, description: 'the browser\'s idea of the type; informational only (files are sniffed from their bytes)' })),
  field: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the media field of the label config to fill; default: its only media field' })),
  stripMetadata: Type.Optional(Type.Boolean({ description: 'as for POST /projects/{id}/media' })),
  allowDuplicates: Type.Optional(Type.Boolean({ description: 'as for POST /projects/{id}/media' })),
});
export type CreateUploadBody = Static<typeof CreateUploadBody>;

export const UploadDto = Type.Object({
  id: Uuid,
  projectId: Uuid,
  filename: Type.String(),
  size: Type.Integer({ description: 'bytes in the whole file' }),
  offset: Type.Integer({ description: 'bytes stored so far; the next PATCH must start here' }),
  sha256: Type.Union([Type.String(), Type.Null()]),
  contentType: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('open'), Type.Literal('completing'), Type.Literal('completed'), Type.Literal('failed')], {
    description: 'open: takes chunks; completing: every byte is here and media intake runs; completed: see result; failed: see error, start a new upload',
  }),
  /** The media intake's report, once completed (the same answer POST /projects/{id}/media gives). */
  result: Type.Union([MediaIntakeResultDto, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time', description: 'the session and its stored bytes are removed after this' }),
});
export type UploadDto = Static<typeof UploadDto>;
