import { ValidationError, type ErrorBody, type ErrorCode } from '@yungang/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, HTTP_STATUS } from './app-error.js';

interface HttpFailure {
  status: number;
  body: ErrorBody;
  retryAfter?: number | undefined;
}

/** The one place where anything thrown becomes an HTTP answer. */
export function toHttpFailure(error: unknown): HttpFailure {
  const fail = (code: ErrorCode, message: string, details?: unknown, status = HTTP_STATUS[code]): HttpFailure => ({
    status,
    body: { error: { code, message, ...(details !== undefined ? { details } : {}) } },
  });
  if (error instanceof AppError) return { ...fail(error.code, error.message, error.details), retryAfter: error.retryAfter };
  if (error instanceof ValidationError) return fail('validation_failed', error.message, { issues: error.issues });
  const fe = error as Partial<FastifyError> & { validationContext?: string };
  if (fe.validation) {
    const issues = fe.validation.map((v) => ({ path: toPath(fe.validationContext, v.instancePath, v.params), message: v.message ?? 'invalid' }));
    const first = issues[0];
    return fail('validation_failed', first ? `at ${first.path}: ${first.message}` : 'invalid request', { issues });
  }
  if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
    return fail('payload_too_large', 'the upload is larger than the server accepts (YUNGANG_MAX_UPLOAD_MB)');
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return fail('bad_request', fe.message ?? 'bad request');
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return fail(fe.statusCode === 404 ? 'not_found' : 'bad_request', fe.message ?? 'bad request', undefined, fe.statusCode);
  }
  return fail('internal', 'internal error; the server log has the details');
}

function toPath(context: string | undefined, instancePath: string, params: Record<string, unknown> | undefined): string {
  const segments = instancePath
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = params?.['missingProperty'];
  if (typeof missing === 'string') segments.push(missing);
  let path = context ?? '';
  for (const s of segments) path += /^\d+$/.test(s) ? `[${s}]` : path ? `.${s}` : s;
  return path || '(root)';
}

/**
 * 502/504 say an outside service (a model backend) failed, not this server: the operator is told, at
 * warn, so alerting on error-level logs keeps meaning "a bug of ours". Other 5xx are errors, 4xx info.
 */
export function logLevelFor(status: number): 'error' | 'warn' | 'info' {
  if (status === 502 || status === 504) return 'warn';
  return status >= 500 ? 'error' : 'info';
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const failure = toHttpFailure(error);
    const level = logLevelFor(failure.status);
    if (level === 'error') request.log.error({ err: error }, 'request failed');
    else request.log[level]({ code: failure.body.error.code, message: failure.body.error.message }, level === 'warn' ? 'upstream failed' : 'request rejected');
    if (failure.retryAfter) void reply.header('retry-after', String(failure.retryAfter));
    void reply.status(failure.status).send(failure.body);
  });
}
