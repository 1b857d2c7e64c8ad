import type { CreateUploadBody, UploadDto } from '@yungang/core';
import { UploadHttpError, type UploadTransport } from './upload-chunks.ts';

export interface TransportOptions {
  /** `api.url`: the API path → the URL to call. */
  url(path: string): string;
  csrfToken: string | null;
  orgId: string | null;
}

function headers(options: TransportOptions, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', ...extra };
  if (options.csrfToken) h['X-CSRF-Token'] = options.csrfToken;
  if (options.orgId) h['X-Org-Id'] = options.orgId;
  return h;
}

function failure(status: number, body: unknown, fallback: string): UploadHttpError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: { message?: unknown; details?: unknown } }).error : undefined;
  return new UploadHttpError(status, typeof error?.message === 'string' ? error.message : fallback, error?.details);
}

/**
 * The upload-session API over HTTP (docs/media.md, "Resumable uploads"). Chunks go by XMLHttpRequest,
 * which reports upload progress (fetch does not); the rest by fetch. A network error is status 0, which
 * the chunk logic retries.
 */
export function httpUploadTransport(options: TransportOptions): UploadTransport {
  const call = async (method: string, path: string, body?: unknown): Promise<UploadDto | null> => {
    let res: Response;
    try {
      res = await fetch(options.url(path), {
        method,
        credentials: 'same-origin',
        headers: headers(options, body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new UploadHttpError(0, 'the connection to the server broke; retrying');
    }
    const parsed: unknown = await res.json().catch(() => null);
    if (method === 'GET' && res.status === 404) return null;
    if (!res.ok) throw failure(res.status, parsed, `${method} ${path} failed (HTTP ${res.status})`);
    return parsed as UploadDto;
  };
  return {
    async create(projectId: string, body: CreateUploadBody) {
      return (await call('POST', `/projects/${encodeURIComponent(projectId)}/uploads`, body))!;
    },
    status: (id) => call('GET', `/uploads/${encodeURIComponent(id)}`),
    async complete(id) {
      return (await call('POST', `/uploads/${encodeURIComponent(id)}/complete`))!;
    },
    send(id, offset, chunk, onProgress) {
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('PATCH', options.url(`/uploads/${encodeURIComponent(id)}`));
        for (const [name, value] of Object.entries(headers(options, { 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset) }))) xhr.setRequestHeader(name, value);
        xhr.upload.onprogress = (e) => onProgress(e.loaded);
        xhr.onload = () => {
          let body: unknown = null;
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            // A proxy's HTML error page: the status says enough.
          }
          if (xhr.status === 200) resolve(body as UploadDto);
          else reject(failure(xhr.status, body, `sending bytes from ${offset} failed (HTTP ${xhr.status})`));
        };
        xhr.onerror = () => reject(new UploadHttpError(0, 'the connection broke while sending a chunk; retrying'));
        xhr.ontimeout = xhr.onerror;
        xhr.send(chunk);
      });
    },
  };
}
