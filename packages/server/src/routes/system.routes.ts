import Type from 'typebox';
import { AuditEntryDto, HealthDto } from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, type Api } from './route-types.js';

export const VERSION = '0.1.0';

export function systemRoutes(app: Api, s: Services): void {
  app.get('/health', { schema: { tags: ['system'], summary: 'Liveness and which database is in use', response: { 200: HealthDto } } }, async () => ({
    status: 'ok' as const,
    version: VERSION,
    database: s.database.kind,
  }));

  app.get(
    '/audit',
    {
      schema: {
        tags: ['system'],
        summary: 'Audit log of the current organisation, newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), before: Type.Optional(Type.String({ pattern: '^[0-9]+$' })) }),
        response: { 200: Type.Array(AuditEntryDto), ...errors },
      },
    },
    async (request) => s.audit.list(await tenantOf(s.database, request), request.query.limit ?? 100, request.query.before),
  );
}
