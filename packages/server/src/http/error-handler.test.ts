import { ValidationError } from '@yungang/core';
import { describe, expect, it } from 'vitest';
import { AppError, notFound } from './app-error.js';
import { logLevelFor, toHttpFailure } from './error-handler.js';

describe('toHttpFailure', () => {
  it('maps the error vocabulary to statuses with one body shape', () => {
    expect(toHttpFailure(notFound('project', { projectId: 'x' }))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'project not found', details: { projectId: 'x' } } },
      retryAfter: undefined,
    });
    expect(toHttpFailure(new AppError('too_many_requests', 'slow down', undefined, 30))).toMatchObject({ status: 429, retryAfter: 30 });
  });

  it('turns core validation errors into 400 with their paths', () => {
    const f = toHttpFailure(new ValidationError([{ path: 'controls[0].toName', message: 'no such field' }]));
    expect(f.status).toBe(400);
    expect(f.body.error.code).toBe('validation_failed');
    expect(f.body.error.details).toEqual({ issues: [{ path: 'controls[0].toName', message: 'no such field' }] });
  });

  it('renders request-schema failures with a readable path', () => {
    const err = Object.assign(new Error('bad'), {
      validation: [{ instancePath: '/labelConfig/controls/0', message: 'must have required property', params: { missingProperty: 'name' } }],
      validationContext: 'body',
    });
    const f = toHttpFailure(err);
    expect(f.status).toBe(400);
    expect(f.body.error.message).toBe('at body.labelConfig.controls[0].name: must have required property');
  });

  it('hides the details of unexpected errors', () => {
    const f = toHttpFailure(new Error('connection string postgres://secret'));
    expect(f).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
    expect(JSON.stringify(f.body)).not.toContain('secret');
  });

  it('logs failed model backends (502/504) at warn, our own failures at error', () => {
    expect([502, 504, 500, 503, 404].map(logLevelFor)).toEqual(['warn', 'warn', 'error', 'error', 'info']);
  });
});
