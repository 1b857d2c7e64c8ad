import type { Readable } from 'node:stream';
import Type from 'typebox';
import { JobDto, JobListQuery, StartExportBody } from '@yungang/core';
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

  // Exports as background jobs (docs/jobs.md, "Exports"): the same formats as GET /projects/{id}/export.
  app.post(
    '/projects/:id/exports',
    { schema: { tags: ['jobs'], summary: 'Export a project in any format as a background job with progress; download its file from /jobs/{id}/file when it has succeeded', params: IdParams, body: StartExportBody, response: { 202: JobDto, ...errors } } },
    async (request, reply) => reply.status(202).send(await s.exportJobs.start(await tenantOf(s.database, request), request.params.id, request.body)),
  );
  app.get(
    '/jobs/:id/file',
    {
      schema: {
        tags: ['jobs'],
        summary: 'The file a finished export job wrote',
        params: IdParams,
        querystring: Type.Object({ org: Type.Optional(Type.String({ description: 'organisation id, like X-Org-Id (for browser links)' })) }),
        response: { 200: Type.Unsafe<Readable>({ type: 'string', description: 'the export file, as GET /projects/{id}/export would send it' }), ...errors },
      },
    },
    async (request, reply) => {
      const { result, body } = await s.exportJobs.file(await tenantOf(s.database, request, request.query.org), request.params.id);
      void reply.header('content-type', result.contentType);
      void reply.header('content-length', String(result.size));
      void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(result.fileName)}`);
      if (result.dropped.length > 0) void reply.header('x-yungang-dropped', result.dropped.map(encodeURIComponent).join(','));
      return reply.send(body);
    },
  );
}
