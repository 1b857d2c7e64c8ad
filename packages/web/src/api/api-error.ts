import type { ErrorCode } from '@yungang/core';

/** An API failure, carrying the server's `{error:{code,message,details}}` and the HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly details: unknown;

  constructor(status: number, code: ErrorCode | 'network', message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Details of a rejected import: the first bad line and every issue found. */
export interface ImportErrorDetails {
  line?: number;
  path?: string;
  issues: { line?: number; path?: string; message: string }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `error.details` of a failed import defensively; unknown shapes give an empty issue list. */
export function importErrorDetails(details: unknown): ImportErrorDetails {
  if (!isRecord(details)) return { issues: [] };
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const issues = Array.isArray(details.issues)
    ? details.issues.filter(isRecord).map((i) => ({ line: num(i.line), path: str(i.path), message: str(i.message) ?? '' }))
    : [];
  return { line: num(details.line), path: str(details.path), issues };
}

/** Parses an error response body; anything that is not an ErrorBody becomes code 'internal'. */
export function errorFromBody(status: number, body: unknown, fallbackMessage: string): ApiError {
  if (isRecord(body) && isRecord(body.error) && typeof body.error.code === 'string') {
    const e = body.error;
    const message = typeof e.message === 'string' ? e.message : fallbackMessage;
    return new ApiError(status, e.code as ErrorCode, message, e.details);
  }
  return new ApiError(status, status === 401 ? 'unauthenticated' : 'internal', fallbackMessage);
}
