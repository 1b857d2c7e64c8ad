import type { ErrorCode } from '@yungang/core';

/**
 * The server's whole error vocabulary. Services throw these; `error-handler.ts` is the one place that
 * turns them (and validation errors) into HTTP responses of the shape `{error:{code,message,details}}`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds, for 429 responses. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, details?: unknown) => new AppError('not_found', `${what} not found`, details);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const unauthenticated = (message = 'sign in first: send the session cookie or an "Authorization: Bearer <token>" header') =>
  new AppError('unauthenticated', message);
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, details);
export const badRequest = (message: string, details?: unknown) => new AppError('bad_request', message, details);
export const locked = (message: string) => new AppError('locked', message);
export const badGateway = (message: string, details?: unknown) => new AppError('bad_gateway', message, details);
export const gatewayTimeout = (message: string, details?: unknown) => new AppError('gateway_timeout', message, details);

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  payload_too_large: 413,
  too_many_requests: 429,
  internal: 500,
  bad_gateway: 502,
  gateway_timeout: 504,
};
