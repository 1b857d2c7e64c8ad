import type { Readable } from 'node:stream';
import Type from 'typebox';
import { AuditAlertsDto, AuditAlertsQuery, AuditEntryDto, AuditExportQuery, AuditQuery, HealthDto } from '@yungang/core';
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
        tags: ['audit'],
        summary: 'Search the audit log of the current organisation: who did what to which object, when, from which address. Newest first; next page: before = last id',
        querystring: AuditQuery,
        response: { 200: Type.Array(AuditEntryDto), ...errors },
      },
    },
    async (request) => s.audit.search(await tenantOf(s.database, request), request.query),
  );

  app.get(
    '/audit/export',
    {
      schema: {
        tags: ['audit'],
        summary: 'The matching audit entries as CSV (formula-safe, streamed); the export is itself audited',
        querystring: AuditExportQuery,
        response: { 200: Type.Unsafe<Readable>({ type: 'string', description: 'CSV file: id, at, user_email, user_id, action, object_type, object_id, address, details' }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await s.audit.exportCsv(await tenantOf(s.database, request, request.query.org), request.query);
      void reply.header('content-type', file.contentType);
      void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      return reply.send(file.body);
    },
  );

  app.get(
    '/audit/alerts',
    {
      schema: {
        tags: ['audit'],
        summary: 'People who opened far more task data than their work explains, over the last hours (rule: docs/security.md)',
        querystring: AuditAlertsQuery,
        response: { 200: AuditAlertsDto, ...errors },
      },
    },
    async (request) => s.audit.alerts(await tenantOf(s.database, request), request.query),
  );
}
