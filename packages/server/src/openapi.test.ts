import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, openApiDocument } from './app.js';
import { openDatabase, type Database } from './db/database.js';
import { createServices } from './services/services.js';
import { LocalBlobStore } from './blobs/local-blob-store.js';
import { openLogKeys } from './provenance/log-keys.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The committed docs/openapi.json is reviewed as a diff; it must be exactly what the routes generate.
describe('OpenAPI document', () => {
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openDatabase({});
    app = await buildApp(createServices(database, new LocalBlobStore(join(tmpdir(), 'yungang-openapi-blobs')), openLogKeys(join(tmpdir(), 'yungang-openapi-keys'))), { logLevel: 'warn', webDir: undefined, maxUploadBytes: 1, trustProxy: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` after changing a route)', async () => {
    const committed = JSON.parse(await readFile(fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url)), 'utf8')) as unknown;
    expect(JSON.parse(JSON.stringify(openApiDocument(app)))).toEqual(committed);
  });

  it('documents the public contract routes of the foundation', () => {
    const doc = openApiDocument(app) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    for (const r of [
      'GET /api/v1/health',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/tokens',
      'POST /api/v1/orgs',
      'POST /api/v1/orgs/{orgId}/members',
      'POST /api/v1/projects',
      'POST /api/v1/projects/{id}/import',
      'GET /api/v1/projects/{id}/tasks',
      'POST /api/v1/projects/{id}/next',
      'POST /api/v1/assignments/{id}/annotations',
      'GET /api/v1/projects/{id}/export',
    ]) {
      expect(routes).toContain(r);
    }
  });
});
