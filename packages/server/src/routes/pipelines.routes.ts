import { ImportPipelineBody, ImportPipelineDto, PipelineDryRunBody, PipelineDryRunDto, PipelineRunBody, PipelineRunDto } from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, type Api } from './route-types.js';

/** Preprocessing pipelines over a project's tasks (docs/pipelines.md). */
export function pipelineRoutes(app: Api, s: Services): void {
  app.post(
    '/projects/:id/pipeline/dry-run',
    { schema: { tags: ['pipelines'], summary: "Run a pipeline on a sample of the project's tasks without storing anything: per-operator counts and before/after", params: IdParams, body: PipelineDryRunBody, response: { 200: PipelineDryRunDto, ...errors } } },
    async (request) => s.pipelines.dryRun(await tenantOf(s.database, request), request.params.id, request.body),
  );

  app.post(
    '/projects/:id/pipeline/runs',
    { schema: { tags: ['pipelines'], summary: "Run a pipeline over all the project's tasks as a background job; the output becomes a new project", params: IdParams, body: PipelineRunBody, response: { 202: PipelineRunDto, ...errors } } },
    async (request, reply) => reply.status(202).send(await s.pipelines.run(await tenantOf(s.database, request), request.params.id, request.body)),
  );

  // The import pipeline (docs/pipelines.md, "On import"): text operators every import of the project runs.
  app.get(
    '/projects/:id/import-pipeline',
    { schema: { tags: ['pipelines'], summary: "The project's import pipeline (spec null when there is none)", params: IdParams, response: { 200: ImportPipelineDto, ...errors } } },
    async (request) => s.importPipelines.get(await tenantOf(s.database, request), request.params.id),
  );
  app.put(
    '/projects/:id/import-pipeline',
    { schema: { tags: ['pipelines'], summary: 'Set the text operators every JSON, JSONL or CSV import of the project runs its records through (dropped records are not imported; the uploaded file is kept as it was)', params: IdParams, body: ImportPipelineBody, response: { 200: ImportPipelineDto, ...errors } } },
    async (request) => s.importPipelines.put(await tenantOf(s.database, request), request.params.id, request.body.spec),
  );
  app.delete(
    '/projects/:id/import-pipeline',
    { schema: { tags: ['pipelines'], summary: 'Imports of the project stop running a pipeline', params: IdParams, response: { 200: ImportPipelineDto, ...errors } } },
    async (request) => s.importPipelines.remove(await tenantOf(s.database, request), request.params.id),
  );
}
