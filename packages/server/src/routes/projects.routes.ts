import { Readable } from 'node:stream';
import Type from 'typebox';
import multipart from '@fastify/multipart';
import {
  AnnotationFormat,
  ClipsExportFormat,
  CreateProjectBody,
  ExportFormat,
  FormatImportQuery,
  ImportFormat,
  ImportResultDto,
  NextTaskDto,
  ProjectDto,
  TaskDto,
  TaskListQuery,
  TaskPageDto,
  TrainingExportFormat,
  HfFilesSchema,
  UpdateProjectBody,
  isTrainingExportFormat,
} from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { badRequest } from '../http/app-error.js';
import { detectFormat } from '../importing/record-reader.js';
import { byteLimit } from '../importing/byte-limit.js';
import { readUpload } from '../services/format-import.service.js';
import { errors, IdParams, TooLarge, type Api } from './route-types.js';

export function projectRoutes(app: Api, s: Services, opts: { maxUploadBytes: number }): void {
  app.get('/projects', { schema: { tags: ['projects'], summary: 'Projects of the current organisation', response: { 200: Type.Object({ items: Type.Array(ProjectDto) }), ...errors } } }, async (request) => ({
    items: await s.projects.list(await tenantOf(s.database, request)),
  }));

  app.post('/projects', { schema: { tags: ['projects'], summary: 'Create a project with a label configuration', body: CreateProjectBody, response: { 201: ProjectDto, ...errors } } }, async (request, reply) => {
    const project = await s.projects.create(await tenantOf(s.database, request), request.body);
    return reply.status(201).send(project);
  });

  app.get('/projects/:id', { schema: { tags: ['projects'], summary: 'One project with its statistics', params: IdParams, response: { 200: ProjectDto, ...errors } } }, async (request) =>
    s.projects.get(await tenantOf(s.database, request), request.params.id),
  );

  app.patch('/projects/:id', { schema: { tags: ['projects'], summary: 'Change a project', params: IdParams, body: UpdateProjectBody, response: { 200: ProjectDto, ...errors } } }, async (request) =>
    s.projects.update(await tenantOf(s.database, request), request.params.id, request.body),
  );

  app.get('/projects/:id/tasks', { schema: { tags: ['tasks'], summary: 'Tasks, a keyset page at a time', params: IdParams, querystring: TaskListQuery, response: { 200: TaskPageDto, ...errors } } }, async (request) =>
    s.tasks.list(await tenantOf(s.database, request), request.params.id, request.query),
  );

  app.get('/tasks/:id', { schema: { tags: ['tasks'], summary: 'A task with all annotations', params: IdParams, response: { 200: TaskDto, ...errors } } }, async (request) =>
    s.tasks.get(await tenantOf(s.database, request), request.params.id),
  );

  app.post('/projects/:id/next', { schema: { tags: ['tasks'], summary: 'Lease the next task that still needs your annotation', params: IdParams, response: { 200: NextTaskDto, ...errors } } }, async (request) =>
    s.distribution.next(await tenantOf(s.database, request), request.params.id),
  );

  app.get(
    '/projects/:id/export',
    {
      schema: {
        tags: ['projects'],
        summary: 'Download tasks and every annotation version (streamed)',
        params: IdParams,
        // `org` stands in for the X-Org-Id header: a browser download link cannot send headers.
        querystring: Type.Object({ format: Type.Optional(Type.Union([ExportFormat, AnnotationFormat, ClipsExportFormat, TrainingExportFormat])), files: Type.Optional(HfFilesSchema), org: Type.Optional(Type.String({ description: 'organisation id, like X-Org-Id' })) }),
        response: {
          200: Type.Unsafe<Readable>({
            type: 'string',
            description: 'JSONL (one task per line) or CSV file; for image projects also coco (JSON), yolo (zip), voc (zip), cvat (XML) or labelstudio (JSON), for audio projects also kaldi (zip), wenet, nemo (JSONL) or clips (zip of 16 kHz WAV segments with manifest.jsonl and transcripts.txt), for video projects mot (zip) or cvatvideo (XML, or a zip of one per video), docs/formats.md; for dialogue projects also sft, preference, ranking, reward (JSONL), for grounded-QA projects qa (SQuAD-shaped JSONL), or hf (zip with a dataset card; files=jsonl|parquet|both), docs/llm-data.md. Header x-yungang-dropped lists what the format could not hold.',
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const requested = request.query.format ?? 'jsonl';
      if (isTrainingExportFormat(requested)) {
        const files = request.query.files;
        const file = await s.exports.exportTraining(await tenantOf(s.database, request, request.query.org), request.params.id, requested, files === undefined ? {} : { files });
        void reply.header('content-type', file.contentType);
        void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
        return reply.send(file.body);
      }
      if (requested === 'clips') {
        const file = await s.exports.exportClips(await tenantOf(s.database, request, request.query.org), request.params.id);
        void reply.header('content-type', file.contentType);
        void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
        if (file.dropped.length > 0) void reply.header('x-yungang-dropped', file.dropped.map(encodeURIComponent).join(','));
        return reply.send(file.body);
      }
      if (requested !== 'jsonl' && requested !== 'csv') {
        const file = await s.exports.exportFormat(await tenantOf(s.database, request, request.query.org), request.params.id, requested);
        void reply.header('content-type', file.contentType);
        void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
        // Percent-encoded so any reason text is a valid header value.
        if (file.dropped.length > 0) void reply.header('x-yungang-dropped', file.dropped.map(encodeURIComponent).join(','));
        return reply.send(Readable.from([file.body]));
      }
      const file = await s.exports.export(await tenantOf(s.database, request, request.query.org), request.params.id, requested);
      void reply.header('content-type', file.contentType);
      void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      return reply.send(file.body);
    },
  );

  // The import route reads its body as a stream, so it lives in its own scope with raw body parsers.
  void app.register(async (scope: Api) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    await scope.register(multipart, { limits: { fileSize: opts.maxUploadBytes, files: 1, fields: 10 } });
    scope.post(
      '/projects/:id/import',
      {
        schema: {
          tags: ['tasks'],
          summary: 'Import tasks from JSON, JSONL or CSV (multipart field "file", or the raw file as the body)',
          description:
            'The whole file is validated first; one bad record and nothing is imported, with the line number and field in error.details. Video projects take format=mot|cvatvideo (one task per video, tracks as results). Image projects also take format=coco|yolo|voc|cvat|labelstudio (docs/formats.md): one task per image (URL = baseUrl + file name), shapes as the caller\'s annotations or, with as=predictions, as predictions.',
          params: IdParams,
          querystring: Type.Object({ format: Type.Optional(Type.Union([ImportFormat, AnnotationFormat])), ...FormatImportQuery }),
          response: { 201: ImportResultDto, ...errors, ...TooLarge },
        },
      },
      async (request, reply) => {
        const ctx = await tenantOf(s.database, request);
        let stream: Readable;
        let fileName: string | null = null;
        let contentType = request.headers['content-type'];
        if (request.isMultipart()) {
          const file = await request.file();
          if (!file) throw badRequest('send the file in a multipart field named "file"');
          stream = file.file;
          fileName = file.filename;
          contentType = file.mimetype;
        } else {
          const body = request.body as Readable | undefined;
          if (!body || typeof body.pipe !== 'function') throw badRequest('send the file as the request body or as multipart field "file"');
          const limited = byteLimit(opts.maxUploadBytes);
          body.on('error', (e) => limited.destroy(e));
          stream = body.pipe(limited);
        }
        const { format: requested, baseUrl, as, modelVersion, imageExtension } = request.query;
        if (requested !== undefined && requested !== 'json' && requested !== 'jsonl' && requested !== 'csv') {
          const bytes = await readUpload(stream);
          const imported = await s.imports.importAnnotationFile(ctx, request.params.id, bytes, requested, fileName, { as: as ?? 'annotations', baseUrl, modelVersion, imageExtension });
          return reply.status(201).send(imported);
        }
        const format = detectFormat(requested, fileName ?? undefined, contentType);
        if (!format) throw badRequest('cannot tell the file format: add ?format=json|jsonl|csv or use a .json/.jsonl/.csv file name', { path: 'format' });
        const result = await s.imports.importStream(ctx, request.params.id, stream, format, fileName);
        return reply.status(201).send(result);
      },
    );
  });
}
