import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import multipart from '@fastify/multipart';
import { FolderImportBody, MediaIntakeResultDto, MediaSha256, MediaUploadQuery } from '@yungang/core';
import type { Services } from '../services/services.js';
import type { MediaBody, MediaVariant } from '../services/media-access.service.js';
import { MAX_FILES_PER_INTAKE } from '../services/media-intake.service.js';
import { requireCaller, tenantOf } from '../http/auth-hooks.js';
import { badRequest } from '../http/app-error.js';
import { SPECTROGRAM_MAX_SECONDS } from '../media/audio-spectrogram.js';
import { errors, IdParams, TooLarge, type Api } from './route-types.js';

const MediaParams = Type.Object({ sha256: MediaSha256 });
const TileParams = Type.Object({
  sha256: MediaSha256,
  level: Type.String({ pattern: '^[0-9]{1,2}$', description: 'pyramid level, 0 = 1 × 1 px' }),
  tile: Type.String({ pattern: '^[0-9]{1,6}_[0-9]{1,6}\\.(jpeg|png)$', description: 'col_row.format, as the descriptor\'s Format says' }),
});
const PageParams = Type.Object({ sha256: MediaSha256, page: Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: 'page number, 1 = first' }) });
// `org` stands in for X-Org-Id: an <img> cannot send headers. Without either, the caller's organisations are searched.
const MediaQuery = Type.Object({ org: Type.Optional(Type.String({ description: 'organisation id, like X-Org-Id' })) });
const SpectrogramQuery = Type.Object({
  ...MediaQuery.properties,
  start: Type.Number({ minimum: 0, description: 'seconds from the start of the recording' }),
  end: Type.Number({ minimum: 0, description: 'seconds; at most 300 after start' }),
  width: Type.Optional(Type.Integer({ minimum: 16, maximum: 4096 })),
  height: Type.Optional(Type.Integer({ minimum: 16, maximum: 512 })),
});
const Bytes = (description: string) => ({ 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary', description }), ...errors });

/** Content-addressed: the bytes under a name never change, so browsers may keep them for a year without asking again. */
const IMMUTABLE = 'private, max-age=31536000, immutable';
/** What may change under its URL (a frame index gains `fullUrl`): asked for again each time. */
const REVALIDATE = 'private, no-cache';

export function mediaRoutes(app: Api, s: Services, opts: { maxUploadBytes: number }): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply, org: string | undefined, sha256: string, variant: MediaVariant) => {
    const header = request.headers['x-org-id'];
    const orgId = org ?? (typeof header === 'string' && header !== '' ? header : undefined);
    const media: MediaBody = await s.media.open(requireCaller(request), sha256, variant, orgId, request.ip);
    // `private`: the answer depends on who asks, so shared caches must not keep it; nosniff: served as the type we say, never as HTML.
    void reply.header('content-type', media.contentType).header('cache-control', media.mutable ? REVALIDATE : IMMUTABLE).header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'");
    if (media.size === undefined) return reply.send(media.body);
    // Video and audio players seek with Range requests; without 206 answers a browser cannot seek at all.
    void reply.header('accept-ranges', 'bytes');
    if (media.range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${media.size}`).send();
    if (media.range) {
      const { start, end } = media.range;
      return reply.code(206).header('content-range', `bytes ${start}-${end}/${media.size}`).header('content-length', end - start + 1).send(media.body);
    }
    return reply.header('content-length', media.size).send(media.body);
  };

  app.get(
    '/media/:sha256',
    {
      schema: {
        tags: ['media'],
        summary: 'The image, video or recording as annotators see it (upright images; browser-playable video or its full-resolution copy); honours Range (206, 416)',
        params: MediaParams,
        querystring: MediaQuery,
        response: { ...Bytes('JPEG, PNG, WebP, MP4 or M4A'), 206: Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'the byte range asked for' }) },
      },
    },
    async (request, reply) => serve(request, reply, request.query.org, request.params.sha256, { kind: 'display', ...(request.headers.range ? { range: request.headers.range } : {}) }),
  );
  app.get(
    '/media/:sha256/frames',
    { schema: { tags: ['media'], summary: 'Frame index of a video: {version, fps, times, fullUrl?}, every frame\'s time in seconds from the first; fullUrl once the full-resolution copy is made (docs/media.md, Video)', params: MediaParams, querystring: MediaQuery, response: Bytes('JSON') } },
    async (request, reply) => serve(request, reply, request.query.org, request.params.sha256, { kind: 'frames' }),
  );
  app.get('/media/:sha256/thumb', { schema: { tags: ['media'], summary: 'Thumbnail, at most 256 px on its longest side (WebP)', params: MediaParams, querystring: MediaQuery, response: Bytes('WebP') } }, async (request, reply) =>
    serve(request, reply, request.query.org, request.params.sha256, { kind: 'thumb' }),
  );
  app.get(
    '/media/:sha256/peaks',
    { schema: { tags: ['media'], summary: 'Waveform peaks of a recording: audiowaveform .dat v1, 8-bit, 100 min/max pairs per second (docs/media.md)', params: MediaParams, querystring: MediaQuery, response: Bytes('audiowaveform .dat') } },
    async (request, reply) => serve(request, reply, request.query.org, request.params.sha256, { kind: 'peaks' }),
  );
  app.get(
    '/media/:sha256/spectrogram',
    {
      schema: {
        tags: ['media'],
        summary: `Spectrogram of a window of a recording (PNG, drawn on demand; at most ${SPECTROGRAM_MAX_SECONDS} s; docs/media.md)`,
        params: MediaParams,
        querystring: SpectrogramQuery,
        response: Bytes('PNG'),
      },
    },
    async (request, reply) => {
      const { org, start, end, width = 1024, height = 128 } = request.query;
      if (!(end > start) || end - start > SPECTROGRAM_MAX_SECONDS) throw badRequest(`end: the window must be longer than 0 s and at most ${SPECTROGRAM_MAX_SECONDS} s (zoom in)`, { start, end });
      return serve(request, reply, org, request.params.sha256, { kind: 'spectrogram', start, end, width, height });
    },
  );
  app.get(
    '/media/:sha256/original',
    { schema: { tags: ['media'], summary: 'The file exactly as uploaded, metadata included (needs project.export)', params: MediaParams, querystring: MediaQuery, response: Bytes('the uploaded file') } },
    async (request, reply) => serve(request, reply, request.query.org, request.params.sha256, { kind: 'original' }),
  );
  app.get(
    '/media/:sha256/tiles/image.dzi',
    { schema: { tags: ['media'], summary: 'Deep Zoom descriptor of an image over 8,000 px on a side (tiles under image_files/)', params: MediaParams, querystring: MediaQuery, response: Bytes('Deep Zoom XML') } },
    async (request, reply) => serve(request, reply, request.query.org, request.params.sha256, { kind: 'descriptor' }),
  );
  app.get('/media/:sha256/tiles/image_files/:level/:tile', { schema: { tags: ['media'], summary: 'One Deep Zoom tile', params: TileParams, querystring: MediaQuery, response: Bytes('JPEG or PNG tile') } }, async (request, reply) => {
    const [cr, format] = request.params.tile.split('.') as [string, string];
    const [col, row] = cr.split('_').map(Number) as [number, number];
    return serve(request, reply, request.query.org, request.params.sha256, { kind: 'tile', level: Number(request.params.level), col, row, format });
  });

  app.get(
    '/media/:sha256/layout',
    { schema: { tags: ['media'], summary: 'Layout of a PDF: pages (size, picture, thumbnail and text-layer blobs, text offsets, text or OCR); docs/documents.md', params: MediaParams, querystring: MediaQuery, response: Bytes('JSON') } },
    async (request, reply) => serve(request, reply, request.query.org, request.params.sha256, { kind: 'layout' }),
  );
  app.get('/media/:sha256/pages/:page', { schema: { tags: ['media'], summary: 'One page of a PDF as a picture (JPEG, 1,600 px on its longer side)', params: PageParams, querystring: MediaQuery, response: Bytes('JPEG') } }, async (request, reply) =>
    serve(request, reply, request.query.org, request.params.sha256, { kind: 'page', page: Number(request.params.page), part: 'image' }),
  );
  app.get('/media/:sha256/pages/:page/thumb', { schema: { tags: ['media'], summary: 'Thumbnail of one page of a PDF (WebP, 256 px)', params: PageParams, querystring: MediaQuery, response: Bytes('WebP') } }, async (request, reply) =>
    serve(request, reply, request.query.org, request.params.sha256, { kind: 'page', page: Number(request.params.page), part: 'thumb' }),
  );
  app.get(
    '/media/:sha256/pages/:page/text',
    { schema: { tags: ['media'], summary: 'Text layer of one page of a PDF: its text and positioned items (percent of the page, code-point offsets)', params: PageParams, querystring: MediaQuery, response: Bytes('JSON') } },
    async (request, reply) => serve(request, reply, request.query.org, request.params.sha256, { kind: 'page', page: Number(request.params.page), part: 'text' }),
  );

  app.post(
    '/projects/:id/media/folder',
    {
      schema: {
        tags: ['media'],
        summary: 'Import every image of a folder on the server, under YUNGANG_IMPORT_ROOT (owners and admins)',
        params: IdParams,
        body: FolderImportBody,
        response: { 200: MediaIntakeResultDto, ...errors },
      },
    },
    async (request) => s.mediaIntake.importFolder(await tenantOf(s.database, request), request.params.id, request.body),
  );

  // The upload reads its body as a stream of parts, so it lives in its own scope with the multipart parser only.
  void app.register(async (scope: Api) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    // throwFileSizeLimit off: an oversized file is cut short and reported on its own line; the other files still go in.
    await scope.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: opts.maxUploadBytes, files: MAX_FILES_PER_INTAKE, fields: 20 } });
    scope.post(
      '/projects/:id/media',
      {
        schema: {
          tags: ['media'],
          summary: 'Upload images (JPEG, PNG, WebP, TIFF, BMP), recordings, videos or PDFs, or zips of them; one task per stored file',
          description:
            'multipart/form-data with any number of file parts. Each file is reported on its own: stored (a task was made), duplicate (the project has it already) or rejected (with the reason); one bad file does not stop the others.',
          params: IdParams,
          querystring: MediaUploadQuery,
          response: { 200: MediaIntakeResultDto, ...errors, ...TooLarge },
        },
      },
      async (request) => {
        if (!request.isMultipart()) throw badRequest('send the images as multipart/form-data (any number of file parts)');
        const batch = await s.mediaIntake.begin(await tenantOf(s.database, request), request.params.id, request.query);
        try {
          for await (const part of request.files()) {
            const file = part.file;
            await batch.add(part.filename || part.fieldname, file, () => file.truncated);
          }
          return await batch.commit(null);
        } finally {
          await batch.dispose();
        }
      },
    );
  });
}
