import Type from 'typebox';
import { JobDto, JudgeBody, JudgementsDto, ModelAccuracyDto, PreannotateBody, ModelBackendBody, ModelBackendDto, ModelBackendPatch, ModelHealthDto, ProjectModelSettingsBody, ProjectModelSettingsDto, SuggestBody, SuggestionDto } from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, NoContent, Upstream, type Api } from './route-types.js';

const TaskParams = Type.Object({ id: Type.String(), taskId: Type.String() });

/** AI-assisted annotation (docs/models.md): model backends, a project's model settings, suggestions, per-model accuracy. */
export function modelRoutes(app: Api, s: Services): void {
  const tags = ['models'];
  app.get('/model-backends', { schema: { tags, summary: "The organisation's model backends (API keys are never shown)", response: { 200: Type.Array(ModelBackendDto), ...errors } } }, async (request) =>
    s.modelBackends.list(await tenantOf(s.database, request)),
  );
  app.post('/model-backends', { schema: { tags, summary: 'Register a model backend: Label Studio ML backend, OpenAI-compatible, Tesseract OCR or rules', body: ModelBackendBody, response: { 201: ModelBackendDto, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await s.modelBackends.create(await tenantOf(s.database, request), request.body)),
  );
  app.patch('/model-backends/:id', { schema: { tags, summary: 'Change a model backend (apiKey: null removes the key)', params: IdParams, body: ModelBackendPatch, response: { 200: ModelBackendDto, ...errors } } }, async (request) =>
    s.modelBackends.update(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.delete('/model-backends/:id', { schema: { tags, summary: 'Remove a model backend (its predictions stay)', params: IdParams, response: { 204: NoContent, ...errors } } }, async (request, reply) => {
    await s.modelBackends.remove(await tenantOf(s.database, request), request.params.id);
    return reply.status(204).send(null);
  });
  app.post('/model-backends/:id/health', { schema: { tags, summary: 'Check that the backend answers (with its timeout); a failure is reported as ok: false', params: IdParams, response: { 200: ModelHealthDto, ...errors } } }, async (request) =>
    s.modelBackends.health(await tenantOf(s.database, request), request.params.id),
  );
  app.get('/projects/:id/model-settings', { schema: { tags, summary: "The project's model backend, training trigger and queue order", params: IdParams, response: { 200: ProjectModelSettingsDto, ...errors } } }, async (request) =>
    s.modelBackends.settings(await tenantOf(s.database, request), request.params.id),
  );
  app.put('/projects/:id/model-settings', { schema: { tags, summary: "Choose the project's model backend, training trigger and queue order", params: IdParams, body: ProjectModelSettingsBody, response: { 200: ProjectModelSettingsDto, ...errors } } }, async (request) =>
    s.modelBackends.setSettings(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.post(
    '/projects/:id/tasks/:taskId/suggest',
    { schema: { tags, summary: "Ask the project's model for a suggestion on this task (optionally about a point, box, segment or selection)", params: TaskParams, body: SuggestBody, response: { 200: SuggestionDto, ...errors, ...Upstream } } },
    async (request) => s.modelAssist.suggest(await tenantOf(s.database, request), request.params.id, request.params.taskId, request.body),
  );
  app.post(
    '/projects/:id/tasks/:taskId/judge',
    { schema: { tags, summary: "Ask a chat model to score this task's annotations against the project's rubric (LLM-as-judge); the verdicts are stored", params: TaskParams, body: JudgeBody, response: { 200: JudgementsDto, ...errors, ...Upstream } } },
    async (request) => s.modelJudge.judge(await tenantOf(s.database, request), request.params.id, request.params.taskId, request.body),
  );
  app.get('/projects/:id/tasks/:taskId/judgements', { schema: { tags, summary: "The judges' verdicts on this task's annotations, newest first", params: TaskParams, response: { 200: JudgementsDto, ...errors } } }, async (request) =>
    s.modelJudge.list(await tenantOf(s.database, request), request.params.id, request.params.taskId),
  );
  app.post('/projects/:id/preannotate', { schema: { tags, summary: "Pre-annotate the project's tasks with a model, as a background job with progress", params: IdParams, body: PreannotateBody, response: { 202: JobDto, ...errors } } }, async (request, reply) =>
    reply.status(202).send(await s.modelAssist.preannotate(await tenantOf(s.database, request), request.params.id, request.body, s.jobs)),
  );
  app.get('/projects/:id/model-accuracy', { schema: { tags, summary: 'Per model version: predictions, how many have an accepted label, and mean agreement with it', params: IdParams, response: { 200: ModelAccuracyDto, ...errors } } }, async (request) =>
    s.modelAssist.accuracy(await tenantOf(s.database, request), request.params.id),
  );
}
