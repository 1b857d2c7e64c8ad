import type { FastifyReply } from 'fastify';
import { CreateUploadBody, UploadDto } from '@yungang/core';
import type { Services } from '../services/services.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, NoContent, TooLarge, type Api } from './route-types.js';

const API = '/api/v1';
/** tus 1.0 core: clients read the offset and length from these headers (HEAD answers have no body). */
function tusHeaders(reply: FastifyReply, upload: UploadDto): FastifyReply {
  return reply.header('upload-offset', String(upload.offset)).header('upload-length', String(upload.size)).header('tus-resumable', '1.0.0').header('cache-control', 'no-store');
}
const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** Resumable uploads (docs/media.md, "Resumable uploads"); the logic is in services/upload.service.ts. */
export function uploadRoutes(app: Api, s: Services): void {
  app.post(
    '/projects/:id/uploads',
    {
      schema: {
        tags: ['media'],
        summary: 'Start a resumable upload of one large file (then PATCH /uploads/{id} chunk by chunk)',
        description:
          'Creates an upload session for one file of `size` bytes, checked like a normal media upload (task.import, a media field to fill, the size limit). Send its bytes with PATCH /api/v1/uploads/{id}; when the last one arrives the file goes through media intake. Sessions expire 24 h after creation.',
        params: IdParams,
        body: CreateUploadBody,
        response: { 201: UploadDto, ...errors, ...TooLarge },
      },
    },
    async (request, reply) => {
      const upload = await s.uploads.create(await tenantOf(s.database, request), request.params.id, request.body);
      return tusHeaders(reply, upload).header('location', `${API}/uploads/${upload.id}`).status(201).send(upload);
    },
  );
  app.get(
    '/uploads/:id',
    {
      schema: {
        tags: ['media'],
        summary: 'Where an upload stands: its offset (also as Upload-Offset; HEAD gives only the headers), status, and the intake report once completed',
        params: IdParams,
        response: { 200: UploadDto, ...errors },
      },
    },
    async (request, reply) => {
      const upload = await s.uploads.get(await tenantOf(s.database, request), request.params.id);
      return tusHeaders(reply, upload).send(upload);
    },
  );
  app.post(
    '/uploads/:id/complete',
    {
      schema: {
        tags: ['media'],
        summary: 'Take a fully sent upload in through media intake (the last PATCH does this by itself); answers the stored report again when repeated',
        params: IdParams,
        response: { 200: UploadDto, ...errors },
      },
    },
    async (request, reply) => {
      const upload = await s.uploads.complete(await tenantOf(s.database, request), request.params.id);
      return tusHeaders(reply, upload).send(upload);
    },
  );
  app.delete(
    '/uploads/:id',
    { schema: { tags: ['media'], summary: 'Cancel an upload: its session and the bytes sent so far are removed', params: IdParams, response: { 204: NoContent, ...errors } } },
    async (request, reply) => {
      await s.uploads.cancel(await tenantOf(s.database, request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // The chunk's body is read as a stream into the staging file, so this route has its own raw parser and no body size limit of the JSON routes.
  void app.register(async (scope: Api) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.patch(
      '/uploads/:id',
      {
        schema: {
          tags: ['media'],
          summary: 'Send the next chunk of an upload (body: the raw bytes, application/offset+octet-stream)',
          description:
            'Upload-Offset (or Content-Range: bytes a-b/size) must equal the bytes the upload has stored, else 409 with the current offset in details. A chunk cut off by a broken connection keeps what arrived; HEAD /uploads/{id} tells where to go on. The chunk that brings the last byte takes the file in and answers with the report.',
          params: IdParams,
          response: { 200: UploadDto, ...errors },
        },
      },
      async (request, reply) => {
        const ctx = await tenantOf(s.database, request);
        const upload = await s.uploads.append(
          ctx,
          request.params.id,
          { uploadOffset: header(request.headers['upload-offset']), contentRange: header(request.headers['content-range']), contentLength: header(request.headers['content-length']) },
          request.raw,
        );
        return tusHeaders(reply, upload).send(upload);
      },
    );
  });
}
