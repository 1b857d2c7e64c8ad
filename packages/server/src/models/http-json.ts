import { ModelBackendError } from './model-backend.js';

/**
 * One JSON request to a model backend. Network failures and 5xx/429 are retryable `ModelBackendError`s,
 * other 4xx are not; an abort (timeout) is left to the caller's signal. The body of a failed answer is
 * quoted (shortened) so the operator sees what the backend said.
 */
export async function requestJson(name: string, url: string, init: { method: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> }, signal: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { accept: 'application/json', ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new ModelBackendError(`${name}: cannot reach ${url} (${causeOf(error)})`, true);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ModelBackendError(`${name}: ${init.method} ${url} answered ${response.status}: ${text.slice(0, 300)}`, response.status >= 500 || response.status === 429);
  }
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ModelBackendError(`${name}: ${init.method} ${url} answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`, false);
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `base` + `path` without doubling or losing the slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
