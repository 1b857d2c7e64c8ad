import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from './services/services.js';
import { installErrorHandler, toHttpFailure } from './http/error-handler.js';
import { authenticate } from './http/auth-hooks.js';
import { notFound } from './http/app-error.js';
import { authRoutes } from './routes/auth.routes.js';
import { orgRoutes } from './routes/orgs.routes.js';
import { projectRoutes } from './routes/projects.routes.js';
import { assignmentRoutes } from './routes/assignments.routes.js';
import { systemRoutes, VERSION } from './routes/system.routes.js';
import { logRoutes } from './routes/log.routes.js';
import { datasetRoutes } from './routes/datasets.routes.js';
import { qualityRoutes } from './routes/quality.routes.js';
import { securityRoutes } from './routes/security.routes.js';
import { trainingRoutes } from './routes/training.routes.js';
import { mediaRoutes } from './routes/media.routes.js';
import { modelRoutes } from './routes/models.routes.js';
import { catalogRoutes } from './routes/catalog.routes.js';
import { catalogOrderRoutes } from './routes/catalog-order.routes.js';
import { workPackageRoutes } from './routes/work-packages.routes.js';
import { jobRoutes } from './routes/jobs.routes.js';
import { pipelineRoutes } from './routes/pipelines.routes.js';
import { synthesisRoutes } from './routes/synthesis.routes.js';
import { uploadRoutes } from './routes/uploads.routes.js';
import { ErrorSchema, type Api } from './routes/route-types.js';
import { responseSerializerFactory } from './http/response-serializer.js';

export interface AppOptions {
  logLevel: string;
  webDir: string | undefined;
  maxUploadBytes: number;
  trustProxy: boolean;
}

export const API_PREFIX = '/api/v1';

/** Builds the HTTP application over ready services. No listening, no I/O of its own. */
export async function buildApp(services: Services, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel },
    trustProxy: options.trustProxy,
    bodyLimit: 10 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
    schemaController: { compilersFactory: { buildSerializer: responseSerializerFactory } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  await app.register(cookie);
  await app.register(swagger, {
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Yungang API', version: VERSION, description: 'Multi-tenant AI training-data platform. Errors are always {error:{code,message,details}}.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token from POST /api/v1/auth/tokens' },
          session: { type: 'apiKey', in: 'cookie', name: 'yungang_session', description: 'Browser session; writes also need the X-CSRF-Token header' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: `${API_PREFIX}/docs` });
  app.addSchema(ErrorSchema);

  await app.register(
    async (api: Api) => {
      api.addHook('onRequest', authenticate(services.auth));
      systemRoutes(api, services);
      authRoutes(api, services);
      orgRoutes(api, services);
      projectRoutes(api, services, { maxUploadBytes: options.maxUploadBytes });
      assignmentRoutes(api, services);
      logRoutes(api, services);
      datasetRoutes(api, services);
      qualityRoutes(api, services);
      securityRoutes(api, services);
      trainingRoutes(api, services);
      mediaRoutes(api, services, { maxUploadBytes: options.maxUploadBytes });
      uploadRoutes(api, services);
      modelRoutes(api, services);
      catalogRoutes(api, services);
      catalogOrderRoutes(api, services);
      workPackageRoutes(api, services);
      jobRoutes(api, services);
      pipelineRoutes(api, services);
      synthesisRoutes(api, services);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: API_PREFIX },
  );

  const webDir = options.webDir;
  const hasWeb = webDir !== undefined && existsSync(join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes of the single-page app get index.html; unknown API paths get the JSON error.
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    const failure = toHttpFailure(notFound(`route ${request.method} ${request.url.split('?')[0]}`));
    return reply.status(failure.status).send(failure.body);
  });
  return app;
}

/** The OpenAPI 3.1 document generated from the route schemas (call after `ready()`). */
export function openApiDocument(app: FastifyInstance): unknown {
  return app.swagger();
}
