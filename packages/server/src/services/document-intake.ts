import { Readable } from 'node:stream';
import type { MediaFileResult } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import type { DerivedDocument } from '../media/document-pipeline.js';
import { PDF_MIME } from '../media/document-source.js';
import type { MediaRow, NewMedia } from '../repositories/media.repository.js';

/** Task data keys media intake writes beside a document field's URL (docs/documents.md). */
export const DOCUMENT_TASK_FIELDS = ['pages', 'textLength'];

const mediaUrl = (sha256: string) => `/api/v1/media/${sha256}`;

type DocumentMedia = Omit<NewMedia, 'id' | 'orgId' | 'projectId' | 'importId' | 'createdBy'>;

/**
 * Stores the layout manifest of a PDF whose original blob the upload stored (it is also what `/media/{sha}`
 * serves); the pages' pictures and text layers were stored page by page while the PDF was read
 * (media/document-pipeline.ts). Returns the file's report and the media row to insert.
 */
export async function storeDocumentLayout(blobs: BlobStore, name: string, original: { sha256: string; size: number }, derived: DerivedDocument): Promise<{ result: MediaFileResult; media: DocumentMedia }> {
  const layout = await blobs.put(Readable.from([Buffer.from(JSON.stringify(derived.layout))]));
  const first = derived.layout.pages[0]!;
  const document = { layoutSha256: layout.sha256, pages: derived.layout.pages.length, textLength: derived.layout.textLength };
  return {
    result: { name, status: 'stored', sha256: original.sha256, ...describeDocument(original.sha256, document.pages, derived.layout.textLength), ocrPages: derived.ocrPages },
    media: {
      sha256: original.sha256,
      size: original.size,
      originalName: name,
      mime: PDF_MIME,
      // The first page's picture size: what a list of media shows; each page has its own in the layout.
      width: first.imageWidth,
      height: first.imageHeight,
      orientation: 1,
      stripped: false,
      displaySha256: original.sha256,
      displayMime: PDF_MIME,
      thumbSha256: derived.thumbSha256,
      tiles: null,
      document,
    },
  };
}

/** The report fields of a stored document (also for a duplicate, from its media row). */
export function describeDocument(sha256: string, pages: number, textLength: number): Pick<MediaFileResult, 'url' | 'thumbnailUrl' | 'layoutUrl' | 'pages' | 'textLength'> {
  const url = mediaUrl(sha256);
  return { url, thumbnailUrl: `${url}/thumb`, layoutUrl: `${url}/layout`, pages, textLength };
}

/** The same, read back from a media row; undefined for anything but a document. */
export function describeStoredDocument(row: MediaRow): ReturnType<typeof describeDocument> | undefined {
  if (row.document_layout_sha256 === null || row.document_pages === null) return undefined;
  return describeDocument(row.display_sha256, row.document_pages, row.document_text_length ?? 0);
}

/** The task data a document brings besides its URL: `{pages, textLength}`. */
export function documentTaskData(result: MediaFileResult): Record<string, unknown> {
  return { pages: result.pages, textLength: result.textLength };
}
