import Type from 'typebox';
import { ConsistencyProofDto, HistoryDto, HistorySubject, InclusionProofDto, LogKeysDto } from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, type Api } from './route-types.js';

const Size = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** The transparency log: checkpoint and proofs are public (hashes only); histories are tenant data. */
export function logRoutes(app: Api, s: Services): void {
  app.get(
    '/log/checkpoint',
    {
      schema: {
        tags: ['provenance'],
        summary: 'The newest signed checkpoint (signed note: origin, size, base64 root hash, Ed25519 signatures). Public.',
        security: [],
        produces: ['text/plain'],
        response: { 200: Type.String(), ...errors },
      },
    },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send(await s.log.checkpoint()),
  );

  app.get('/log/keys', { schema: { tags: ['provenance'], summary: 'The verifier keys of the log: trusted (active and retired) and revoked. Public.', security: [], response: { 200: LogKeysDto } } }, async () =>
    s.log.publicKeys(),
  );

  app.get(
    '/log/proof/inclusion',
    {
      schema: {
        tags: ['provenance'],
        summary: 'Inclusion proof of entry `index` in the published tree of `treeSize` (default: the newest). Public.',
        security: [],
        querystring: Type.Object({ index: Size, treeSize: Type.Optional(Size) }),
        response: { 200: InclusionProofDto, ...errors },
      },
    },
    async (request) => s.log.inclusion(request.query.index, request.query.treeSize),
  );

  app.get(
    '/log/proof/consistency',
    {
      schema: {
        tags: ['provenance'],
        summary: 'Consistency proof between two tree sizes (RFC 6962 §2.1.2). Public.',
        security: [],
        querystring: Type.Object({ from: Size, to: Size }),
        response: { 200: ConsistencyProofDto, ...errors },
      },
    },
    async (request) => s.log.consistency(request.query.from, request.query.to),
  );

  app.get(
    '/history/:subject/:id',
    {
      schema: {
        tags: ['provenance'],
        summary: 'Everything the log holds about a task, annotation, project or dataset version: who did what, when, from which inputs',
        params: Type.Object({ subject: HistorySubject, id: Type.String() }),
        response: { 200: HistoryDto, ...errors },
      },
    },
    async (request) => s.log.history(await tenantOf(s.database, request), request.params.subject, request.params.id),
  );
}
