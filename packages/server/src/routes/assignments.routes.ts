import Type from 'typebox';
import { AnnotationDto, AnnotationVersionDto, SubmitAnnotationBody } from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, NoContent, type Api } from './route-types.js';

export function assignmentRoutes(app: Api, s: Services): void {
  app.post(
    '/assignments/:id/annotations',
    { schema: { tags: ['annotations'], summary: 'Submit your annotation of a leased task', params: IdParams, body: SubmitAnnotationBody, response: { 201: AnnotationDto, ...errors } } },
    async (request, reply) => {
      const annotation = await s.annotations.submit(await tenantOf(s.database, request), request.params.id, request.body);
      return reply.status(201).send(annotation);
    },
  );

  app.post('/assignments/:id/skip', { schema: { tags: ['annotations'], summary: 'Skip this task (you will not get it again)', params: IdParams, response: { 204: NoContent, ...errors } } }, async (request, reply) => {
    await s.distribution.skip(await tenantOf(s.database, request), request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/assignments/:id/release', { schema: { tags: ['annotations'], summary: 'Give the task back for someone else', params: IdParams, response: { 204: NoContent, ...errors } } }, async (request, reply) => {
    await s.distribution.release(await tenantOf(s.database, request), request.params.id);
    return reply.status(204).send(null);
  });

  app.put(
    '/annotations/:id',
    { schema: { tags: ['annotations'], summary: 'Edit an annotation: saves a new version on top of baseVersion', params: IdParams, body: SubmitAnnotationBody, response: { 200: AnnotationDto, ...errors } } },
    async (request) => s.annotations.edit(await tenantOf(s.database, request), request.params.id, request.body),
  );

  app.get('/annotations/:id/versions', { schema: { tags: ['annotations'], summary: 'Every version of an annotation', params: IdParams, response: { 200: Type.Array(AnnotationVersionDto), ...errors } } }, async (request) =>
    s.annotations.versions(await tenantOf(s.database, request), request.params.id),
  );
}
