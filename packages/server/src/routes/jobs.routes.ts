import Type from 'typebox';
import { JobDto, JobListQuery } from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, type Api } from './route-types.js';

/** Durable background jobs: follow and cancel them (docs/jobs.md). Each feature has its own route that starts one. */
export function jobRoutes(app: Api, s: Services): void {
  app.get('/jobs', { schema: { tags: ['jobs'], summary: 'Jobs of the organisation (or of one project), newest first', querystring: JobListQuery, response: { 200: Type.Object({ items: Type.Array(JobDto) }), ...errors } } }, async (request) => ({
    items: await s.jobs.list(await tenantOf(s.database, request), request.query),
  }));

  app.get('/jobs/:id', { schema: { tags: ['jobs'], summary: 'One job with its progress, summary and result', params: IdParams, response: { 200: JobDto, ...errors } } }, async (request) =>
    s.jobs.get(await tenantOf(s.database, request), request.params.id),
  );

  app.post('/jobs/:id/cancel', { schema: { tags: ['jobs'], summary: 'Cancel a job: a queued one at once, a running one at its next step', params: IdParams, response: { 200: JobDto, ...errors } } }, async (request) =>
    s.jobs.cancel(await tenantOf(s.database, request), request.params.id),
  );
}
