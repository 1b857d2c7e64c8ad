/**
 * The HTTP contract of media intake and serving (docs/media.md): uploading images (many files or zips
 * in one request), importing a server-side folder, and the per-file report both answer with.
 */
import Type, { type Static } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
/** Media is named by the SHA-256 (hex) of the bytes the browser gets. */
export const MediaSha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (hex) from the task\'s image URL /api/v1/media/{sha256}' });

/** Options every intake takes; the upload reads them from the query string, the folder import from its body. */
const intakeOptions = {
  field: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the image field of the label config to fill; default: its only image field' })),
  stripMetadata: Type.Optional(Type.Boolean({ description: 'remove EXIF/GPS/XMP/IPTC from the image annotators see (the original is kept untouched for export)' })),
  allowDuplicates: Type.Optional(Type.Boolean({ description: 'make a task even when this project already has the same file (same SHA-256)' })),
};

export const MediaUploadQuery = Type.Object(intakeOptions);
export type MediaUploadQuery = Static<typeof MediaUploadQuery>;

export const FolderImportBody = Type.Object({
  path: Type.String({ minLength: 1, maxLength: 4096, description: 'a folder under the server\'s YUNGANG_IMPORT_ROOT, relative to it (or absolute inside it)' }),
  ...intakeOptions,
});
export type FolderImportBody = Static<typeof FolderImportBody>;

export const MediaFileStatus = Type.Union([Type.Literal('stored'), Type.Literal('duplicate'), Type.Literal('rejected'), Type.Literal('processing'), Type.Literal('dropped')]);
export type MediaFileStatus = Static<typeof MediaFileStatus>;

/** What happened to one file: stored (a task was made), duplicate (this project has it already), rejected (with why), processing (a PDF whose pages, or a video that a background job re-encodes), or dropped (an operator of the project's import pipeline filtered the image out; no task). */
export const MediaFileResult = Type.Object({
  /** The file's name as sent (inside a zip or folder: its path there). */
  name: Type.String(),
  status: MediaFileStatus,
  reason: Type.Optional(Type.String()),
  /** SHA-256 of the file as received (the untouched original). */
  sha256: Type.Optional(Type.String()),
  /** The task's image URL, /api/v1/media/{sha256 of the image served}. */
  url: Type.Optional(Type.String()),
  thumbnailUrl: Type.Optional(Type.String()),
  /** Deep Zoom descriptor, for images larger than 8,000 px on a side. */
  tilesUrl: Type.Optional(Type.String()),
  width: Type.Optional(Type.Integer()),
  height: Type.Optional(Type.Integer()),
  /** EXIF orientation of the original (1 = upright); the served image is already turned. */
  orientation: Type.Optional(Type.Integer()),
  /** Audio: length in seconds, the original's sample rate and channels, integrated loudness (LUFS, EBU R 128; null for silence). */
  duration: Type.Optional(Type.Number()),
  sampleRate: Type.Optional(Type.Integer()),
  channels: Type.Optional(Type.Integer()),
  loudness: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  /** Audio: the waveform peaks computed at intake (audiowaveform .dat, docs/media.md). */
  peaksUrl: Type.Optional(Type.String()),
  /** Video: frames per second and frame count of the served video (duration above is its length). */
  fps: Type.Optional(Type.Number()),
  frames: Type.Optional(Type.Integer()),
  /** Video: the frame index, every frame's time in seconds (docs/media.md, Video). */
  framesUrl: Type.Optional(Type.String()),
  /** Document (PDF): page count, length of its text in code points, and the layout (pages, text layers; docs/documents.md). */
  pages: Type.Optional(Type.Integer()),
  textLength: Type.Optional(Type.Integer()),
  /** Document: pages whose text came from OCR (no text layer). */
  ocrPages: Type.Optional(Type.Integer()),
  layoutUrl: Type.Optional(Type.String()),
  /** Dropped: the import-pipeline operator that filtered the image out (its position in the spec, its name, why). */
  droppedBy: Type.Optional(Type.Object({ operator: Type.Integer(), op: Type.String(), reason: Type.String() })),
  /** Stored image: the import-pipeline operators that changed the served image (the original is kept as sent). */
  changedBy: Type.Optional(Type.Array(Type.String())),
  /** The task made (stored) or the one that already holds this file (duplicate). */
  taskId: Type.Optional(Type.String()),
  /** Processing: the `document-intake` job reading a PDF's pages (docs/documents.md) or the `video-intake` job re-encoding a video (docs/media.md); the task appears when it succeeds. */
  jobId: Type.Optional(Type.String()),
});
export type MediaFileResult = Static<typeof MediaFileResult>;

export const MediaIntakeResultDto = Type.Object({
  /** The import that holds the new tasks; null when no task was made. */
  importId: Type.Union([Uuid, Type.Null()]),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  /** Images the project's import pipeline filtered out (docs/pipelines.md, "On import"); absent in results stored before it existed (a resumable upload's). */
  dropped: Type.Optional(Type.Integer()),
  files: Type.Array(MediaFileResult),
});
export type MediaIntakeResultDto = Static<typeof MediaIntakeResultDto>;
