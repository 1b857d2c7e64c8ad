/**
 * Exports as background jobs (docs/jobs.md, "Exports"): any format the streamed export route knows,
 * written once into a content-addressed file by an `export` job with progress, then downloaded.
 */
import Type, { type Static } from 'typebox';
import { AnnotationFormat, ClipsExportFormat } from './formats-schemas.js';
import { HfFilesSchema, TrainingExportFormat } from './llm-export-schemas.js';
import { ExportFormat } from './schemas.js';

export const AnyExportFormat = Type.Union([ExportFormat, AnnotationFormat, ClipsExportFormat, TrainingExportFormat]);
export type AnyExportFormat = Static<typeof AnyExportFormat>;

/** POST /projects/{id}/exports. */
export const StartExportBody = Type.Object({ format: AnyExportFormat, files: Type.Optional(HfFilesSchema) }, { additionalProperties: false });
export type StartExportBody = Static<typeof StartExportBody>;

/** What a finished export job produced (its `result`). */
export const ExportJobResult = Type.Object({
  sha256: Type.String(),
  size: Type.Integer(),
  fileName: Type.String(),
  contentType: Type.String(),
  dropped: Type.Array(Type.String(), { description: 'what the format could not hold, "reason: count"' }),
});
export type ExportJobResult = Static<typeof ExportJobResult>;
