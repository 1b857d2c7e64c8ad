import type { Readable } from 'node:stream';
import Type from 'typebox';
import { CreateDatasetVersionBody, DatasetVersionDto } from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, type Api } from './route-types.js';

/** Dataset versions (immutable, logged snapshots) and their signed bundles. */
export function datasetRoutes(app: Api, s: Services): void {
  app.post(
    '/projects/:id/dataset-versions',
    { schema: { tags: ['datasets'], summary: 'Freeze the project as a new dataset version (logged in the transparency log)', params: IdParams, body: CreateDatasetVersionBody, response: { 201: DatasetVersionDto, ...errors } } },
    async (request, reply) => reply.status(201).send(await s.datasets.create(await tenantOf(s.database, request), request.params.id, request.body)),
  );

  app.get(
    '/projects/:id/dataset-versions',
    { schema: { tags: ['datasets'], summary: 'Dataset versions of a project, newest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(DatasetVersionDto) }), ...errors } } },
    async (request) => ({ items: await s.datasets.list(await tenantOf(s.database, request), request.params.id) }),
  );

  app.get('/dataset-versions/:id', { schema: { tags: ['datasets'], summary: 'One dataset version', params: IdParams, response: { 200: DatasetVersionDto, ...errors } } }, async (request) =>
    s.datasets.get(await tenantOf(s.database, request), request.params.id),
  );

  app.get(
    '/dataset-versions/:id/bundle',
    {
      schema: {
        tags: ['datasets'],
        summary: 'Download a signed bundle (zip): records, manifest, signature, log entry, inclusion proof, checkpoint. Verify with `yungang verify`.',
        params: IdParams,
        querystring: Type.Object({ org: Type.Optional(Type.String({ description: 'organisation id, like X-Org-Id (for browser download links)' })) }),
        response: { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'zip file' }), ...errors },
      },
    },
    async (request, reply) => {
      const bundle = await s.datasets.bundle(await tenantOf(s.database, request, request.query.org), request.params.id);
      void reply.header('content-type', 'application/zip');
      void reply.header('content-length', String(bundle.bytes));
      void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(bundle.fileName)}`);
      return reply.send(bundle.body);
    },
  );
}
