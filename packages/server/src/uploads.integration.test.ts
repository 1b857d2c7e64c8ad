/**
 * Resumable uploads over real HTTP, on both databases (docs/media.md, "Resumable uploads"): a video sent
 * in three chunks with a broken connection in the middle one, resumed from the offset the server kept,
 * then taken in by the same media intake as a normal upload.
 */
import { createHash } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, OrgDto, ProjectDto, UploadDto } from '@yungang/core';
import type { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember, createChoiceProject } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { ffmpegAvailable, testVideo } from './test-support/test-video.js';

const VIDEO_CONFIG = {
  version: 1,
  fields: [{ name: 'video', type: 'video' }],
  controls: [{ type: 'videorectangle', name: 'box', toName: 'video', labels: [{ value: 'car', color: '#e5484d', hotkey: '1' }] }],
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** One chunk, as a tus client sends it. */
async function patch(client: ApiClient, id: string, offset: number | null, bytes: Buffer, headers: Record<string, string> = {}) {
  return client.request<UploadDto & ErrorBody>('PATCH', `/api/v1/uploads/${id}`, bytes, { 'content-type': 'application/offset+octet-stream', ...(offset === null ? {} : { 'upload-offset': String(offset) }), ...headers });
}

async function head(client: ApiClient, id: string): Promise<{ status: number; offset: number | null; length: number | null }> {
  const res = await fetch(`${client.baseUrl}/api/v1/uploads/${id}`, { method: 'HEAD', headers: client.authHeaders('HEAD') });
  const offset = res.headers.get('upload-offset');
  const length = res.headers.get('upload-length');
  return { status: res.status, offset: offset === null ? null : Number(offset), length: length === null ? null : Number(length) };
}

/**
 * Sends the headers of a chunk and `sent` of its bytes, then breaks the connection, as a flaky network
 * would: the request never ends and the server sees the socket close.
 */
async function patchAndBreak(client: ApiClient, id: string, offset: number, chunk: Buffer, sent: number): Promise<void> {
  const url = new URL(`${client.baseUrl}/api/v1/uploads/${id}`);
  await new Promise<void>((resolve) => {
    const req = httpRequest(url, {
      method: 'PATCH',
      headers: { ...client.authHeaders('PATCH'), 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), 'content-length': String(chunk.length) },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(chunk.subarray(0, sent), () => {
      // Long enough for the server to have written what arrived; then the connection breaks.
      setTimeout(() => req.destroy(), 300);
    });
  });
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!ffmpegAvailable()).each(BACKENDS)('resumable uploads on $name', (backend) => {
  let t: TestServer;
  let dir: string;
  let project: ProjectDto;
  let video: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yungang-uploads-'));
    video = await testVideo(dir, 'clip.mp4', 2, ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart']);
    t = await startTestServer(backend);
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'dashcam', labelConfig: VIDEO_CONFIG });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes a video in three chunks across a broken connection, refuses a wrong offset, and stores it like a normal upload', async () => {
    const created = await t.owner.request<UploadDto>('POST', `/api/v1/projects/${project.id}/uploads`, { filename: 'clip.mp4', size: video.length, sha256: sha256(video), contentType: 'video/mp4' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ offset: 0, size: video.length, status: 'open', result: null });
    expect(created.headers.get('location')).toBe(`/api/v1/uploads/${id}`);
    expect(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)).toBe(24 * 3_600_000);

    const third = Math.ceil(video.length / 3);
    const first = await patch(t.owner, id, 0, video.subarray(0, third));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.offset).toBe(third);
    expect(first.headers.get('upload-offset')).toBe(String(third));

    // A chunk sent from the wrong place is refused with where to go on; nothing moves.
    const wrong = await patch(t.owner, id, 0, video.subarray(0, 10));
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.message).toMatch(new RegExp(`does not match the ${third} bytes .* send the file from byte ${third} on`));
    expect(wrong.body.error.details).toMatchObject({ offset: third });

    // Half of the second chunk, then the connection breaks: what arrived is kept.
    const second = video.subarray(third, 2 * third);
    const half = Math.floor(second.length / 2);
    await patchAndBreak(t.owner, id, third, second, half);
    const resumed = await until(() => head(t.owner, id), (h) => h.offset !== third, 'HEAD after the broken chunk');
    expect(resumed.status).toBe(200);
    expect(resumed.length).toBe(video.length);
    expect(resumed.offset).toBeGreaterThan(third);
    expect(resumed.offset).toBeLessThanOrEqual(third + half);
    const kept = resumed.offset!;

    // Resume from there, with Content-Range this time, up to the end of the second chunk; then the last chunk.
    const rest = await patch(t.owner, id, null, video.subarray(kept, 2 * third), { 'content-range': `bytes ${kept}-${2 * third - 1}/${video.length}` });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body).toMatchObject({ offset: 2 * third, status: 'open' });
    const last = await patch(t.owner, id, 2 * third, video.subarray(2 * third));
    expect(last.status, JSON.stringify(last.body)).toBe(200);
    expect(last.body).toMatchObject({ offset: video.length, status: 'completed', error: null });
    const file = last.body.result!.files[0]!;
    expect(file).toMatchObject({ name: 'clip.mp4', status: 'stored', sha256: sha256(video), frames: 50, fps: 25 });

    // The task and the media row exist; the stored original is byte for byte the file.
    const task = await t.database.db.selectFrom('tasks').select(['project_id', 'data']).where('id', '=', file.taskId!).executeTakeFirstOrThrow();
    expect(task.project_id).toBe(project.id);
    expect((task.data as { video: string }).video).toBe(file.url);
    const media = await t.database.db.selectFrom('media').select(['sha256', 'original_name', 'size']).where('project_id', '=', project.id).execute();
    expect(media).toEqual([{ sha256: sha256(video), original_name: 'clip.mp4', size: String(video.length) }]);
    const original = await fetch(`${t.url}${file.url!}/original`, { headers: t.owner.authHeaders('GET') });
    expect(original.status).toBe(200);
    expect(sha256(Buffer.from(await original.arrayBuffer()))).toBe(sha256(video));

    // The staged bytes are gone; asking again (a client that lost the answer) gets the same report.
    await expect(access(join(t.dataDir, 'uploads', id))).rejects.toThrow();
    const again = await t.owner.request<UploadDto>('POST', `/api/v1/uploads/${id}/complete`);
    expect(again.status).toBe(200);
    expect(again.body.result).toEqual(last.body.result);
    const more = await patch(t.owner, id, video.length, Buffer.from('x'));
    expect(more.status).toBe(409);
    expect(more.body.error.message).toMatch(/is complete and takes no more bytes/);
  });

  it('refuses a file whose bytes do not hash to the announced SHA-256, and stores nothing', async () => {
    const other = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'other', labelConfig: VIDEO_CONFIG });
    const damaged = Buffer.from(video);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 100) ^ 0xff, damaged.length - 100);
    const created = await t.owner.expect<UploadDto>(201, 'POST', `/api/v1/projects/${other.id}/uploads`, { filename: 'damaged.mp4', size: damaged.length, sha256: sha256(video) });
    const res = await patch(t.owner, created.id, 0, damaged);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`hash to SHA-256 ${sha256(damaged)}, not ${sha256(video)} .* Nothing was stored; start a new upload`));
    const after = await t.owner.expect<UploadDto>(200, 'GET', `/api/v1/uploads/${created.id}`);
    expect(after).toMatchObject({ status: 'failed', result: null });
    expect(await t.database.db.selectFrom('media').select('id').where('project_id', '=', other.id).execute()).toEqual([]);
    await expect(access(join(t.dataDir, 'blobs', sha256(damaged).slice(0, 2), sha256(damaged).slice(2, 4), sha256(damaged)))).rejects.toThrow();
    await expect(access(join(t.dataDir, 'uploads', created.id))).rejects.toThrow();
  });

  it('checks the project, the size and the caller before any byte is sent', async () => {
    const text = await createChoiceProject(t.owner, { name: 'texts' });
    const noMedia = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${text.id}/uploads`, { filename: 'a.mp4', size: 10 });
    expect(noMedia.status).toBe(400);
    expect(noMedia.body.error.message).toMatch(/no image, audio, video or document field/);
    const huge = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/uploads`, { filename: 'a.mp4', size: 10 * 1024 ** 4 });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/YUNGANG_MAX_UPLOAD_MB/);
    const annotator = await addMember(t, 'annotator@example.com', 'annotator');
    expect((await annotator.request('POST', `/api/v1/projects/${project.id}/uploads`, { filename: 'a.mp4', size: 10 })).status).toBe(403);
    const noStart = await t.owner.expect<UploadDto>(201, 'POST', `/api/v1/projects/${project.id}/uploads`, { filename: 'a.mp4', size: 10 });
    const missing = await patch(t.owner, noStart.id, null, Buffer.from('abc'));
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/Upload-Offset: <bytes stored so far>/);
    const early = await t.owner.request<ErrorBody>('POST', `/api/v1/uploads/${noStart.id}/complete`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/only 0 of the upload's 10 bytes have arrived; send the rest from byte 0/);
  });

  it('hides a session from another organisation and from other members: 404', async () => {
    const mine = await t.owner.expect<UploadDto>(201, 'POST', `/api/v1/projects/${project.id}/uploads`, { filename: 'mine.mp4', size: 100 });
    expect((await patch(t.owner, mine.id, 0, Buffer.alloc(40))).body.offset).toBe(40);
    const org = await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org B' });
    const outsider = await addMember(t, 'b-owner@example.com', 'owner', { orgId: org.id });
    const manager = await addMember(t, 'manager@example.com', 'manager');
    for (const [who, client] of [['outsider', outsider], ['manager', manager]] as const) {
      for (const headers of [{}, { 'x-org-id': t.owner.orgId! }] as Record<string, string>[]) {
        if (who === 'outsider' && headers['x-org-id']) {
          // Naming an organisation one does not belong to is itself a 404.
          expect((await outsider.request('GET', `/api/v1/uploads/${mine.id}`, undefined, headers)).status).toBe(404);
          continue;
        }
        expect((await client.request('GET', `/api/v1/uploads/${mine.id}`, undefined, headers)).status, who).toBe(404);
        expect((await head(client, mine.id)).status, who).toBe(404);
        expect((await patch(client, mine.id, 40, Buffer.alloc(10), headers)).status, who).toBe(404);
        expect((await client.request('POST', `/api/v1/uploads/${mine.id}/complete`, undefined, headers)).status, who).toBe(404);
        expect((await client.request('DELETE', `/api/v1/uploads/${mine.id}`, undefined, headers)).status, who).toBe(404);
      }
    }
    expect((await head(t.owner, mine.id)).offset).toBe(40);
  });

  it('expires sessions: an expired one answers 404 and the sweep removes it with its bytes', async () => {
    const old = await t.owner.expect<UploadDto>(201, 'POST', `/api/v1/projects/${project.id}/uploads`, { filename: 'old.mp4', size: 100 });
    await patch(t.owner, old.id, 0, Buffer.alloc(30));
    await access(join(t.dataDir, 'uploads', old.id));
    await t.database.db.updateTable('uploads').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', old.id).execute();
    const gone = await t.owner.request<ErrorBody>('GET', `/api/v1/uploads/${old.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toMatch(/expired at .* start a new upload/);
    const swept = await t.server.services.uploads.sweep();
    expect(swept.sessions).toBeGreaterThanOrEqual(1);
    await expect(access(join(t.dataDir, 'uploads', old.id))).rejects.toThrow();
    expect(await t.database.db.selectFrom('uploads').select('id').where('id', '=', old.id).execute()).toEqual([]);

    // Cancelling removes a session at once.
    const cancelled = await t.owner.expect<UploadDto>(201, 'POST', `/api/v1/projects/${project.id}/uploads`, { filename: 'cancel.mp4', size: 100 });
    await patch(t.owner, cancelled.id, 0, Buffer.alloc(30));
    expect((await t.owner.request('DELETE', `/api/v1/uploads/${cancelled.id}`)).status).toBe(204);
    expect((await t.owner.request('GET', `/api/v1/uploads/${cancelled.id}`)).status).toBe(404);
    await expect(access(join(t.dataDir, 'uploads', cancelled.id))).rejects.toThrow();
  });
});
