import type { MediaIntakeResultDto } from '@yungang/core';
import { errorFromBody } from '../api/api-error.ts';

export interface MediaUploadRequest {
  /** From `api.url(...)`: /api/v1/projects/{id}/media?… */
  url: string;
  files: readonly File[];
  csrfToken: string | null;
  orgId: string | null;
  /** Bytes sent so far and in all (the multipart body). */
  onProgress(sent: number, total: number): void;
}

/**
 * Sends images (or zips) as one multipart request. XMLHttpRequest rather than the API client's fetch:
 * fetch reports no upload progress, and a batch of photos takes long enough that people need to see it move.
 * Resolves with the per-file report; rejects with an ApiError for a refused request (no image field, no permission).
 */
export function uploadMedia(request: MediaUploadRequest): Promise<MediaIntakeResultDto> {
  const form = new FormData();
  for (const file of request.files) form.append('files', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', request.url);
    xhr.setRequestHeader('Accept', 'application/json');
    if (request.csrfToken) xhr.setRequestHeader('X-CSRF-Token', request.csrfToken);
    if (request.orgId) xhr.setRequestHeader('X-Org-Id', request.orgId);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) request.onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // A proxy's HTML error page: errorFromBody falls back to the status.
      }
      if (xhr.status === 200) resolve(body as MediaIntakeResultDto);
      else reject(errorFromBody(xhr.status, body, `upload failed (HTTP ${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error('the upload was interrupted (network error); check the connection and send the files again'));
    xhr.send(form);
  });
}

/** Total size of a selection, for "3 files, 12.5 MB". */
export function totalBytes(files: readonly File[]): number {
  return files.reduce((sum, f) => sum + f.size, 0);
}
