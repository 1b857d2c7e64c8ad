import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { encode as encodeBmp } from 'bmp-ts';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptionTemplate, type AuditEntryDto, type ErrorBody, type MediaIntakeResultDto, type OrgDto, type ProjectDto, type TaskDto, type TaskPageDto } from '@yungang/core';
import { ApiClient } from './test-support/api-client.js';
import { BACKENDS } from './test-support/backends.js';
import { addMember } from './test-support/helpers.js';
import { s3ConfigFromEnv } from './blobs/s3-blob-store.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/** Small enough to test "too large" with a 1.5 MB file; every real test image is far below it. */
const MAX_UPLOAD_BYTES = 1024 * 1024;

const solid = (width: number, height: number, colour = { r: 200, g: 30, b: 30 }) => sharp({ create: { width, height, channels: 3, background: colour } });

/** A 40 × 20 JPEG whose EXIF says "turn 90° clockwise" (orientation 6) and holds a GPS position. */
const jpegWithExif = (colour?: { r: number; g: number; b: number }) =>
  solid(40, 20, colour)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'Yungang test camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 6/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 7/1 0/1' } })
    .toBuffer();

/** True when an EXIF block (as sharp's metadata gives it) points to a GPS directory (tag 0x8825 in IFD0). */
function hasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const tiff = exif.subarray(exif.indexOf('Exif\0\0') === 0 ? 6 : 0);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const ifd0 = le ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  const count = u16(ifd0);
  for (let i = 0; i < count; i++) if (u16(ifd0 + 2 + i * 12) === 0x8825) return true;
  return false;
}

function form(files: { name: string; bytes: Buffer | Uint8Array }[]): FormData {
  const data = new FormData();
  for (const f of files) data.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return data;
}

/** GET with the client's credentials, the body as bytes (ApiClient reads text). */
async function getBytes(client: ApiClient, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(client.baseUrl + path, { headers: client.authHeaders('GET', headers) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const byName = (result: MediaIntakeResultDto, name: string) => {
  const file = result.files.find((f) => f.name === name);
  if (!file) throw new Error(`no result for ${name} in ${JSON.stringify(result.files.map((f) => f.name))}`);
  return file;
};

describe.each(BACKENDS)('media intake and serving on $name', (backend) => {
  let t: TestServer;
  let importRoot: string;
  let outside: string;
  let project: ProjectDto;
  let first: MediaIntakeResultDto;
  let images: { jpeg: Buffer; png: Buffer; webp: Buffer; tiff: Buffer; bmp: Buffer };

  const upload = (projectId: string, files: { name: string; bytes: Buffer | Uint8Array }[], query = '', client?: ApiClient) =>
    (client ?? t.owner).upload<MediaIntakeResultDto & ErrorBody>(`/api/v1/projects/${projectId}/media${query}`, form(files));

  beforeAll(async () => {
    importRoot = await mkdtemp(join(tmpdir(), 'yungang-import-root-'));
    outside = await mkdtemp(join(tmpdir(), 'yungang-outside-'));
    t = await startTestServer(backend, { config: { importRoot, maxUploadBytes: MAX_UPLOAD_BYTES } });
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'images', labelConfig: transcriptionTemplate });
    const pixels = Buffer.alloc(6 * 4 * 4);
    for (let i = 0; i < 24; i++) pixels.set([0, 255, 0, 0], i * 4); // ABGR: blue
    images = {
      jpeg: await jpegWithExif(),
      png: await solid(30, 10, { r: 0, g: 128, b: 0 }).png().toBuffer(),
      webp: await solid(12, 34).webp().toBuffer(),
      tiff: await solid(25, 15).tiff().toBuffer(),
      bmp: encodeBmp({ data: pixels, width: 6, height: 4, bitPP: 24 }).data,
    };
    const res = await upload(project.id, [
      { name: 'camera.jpg', bytes: images.jpeg },
      { name: 'plain.png', bytes: images.png },
      { name: 'photo.webp', bytes: images.webp },
      { name: 'scan.tiff', bytes: images.tiff },
      { name: 'paint.bmp', bytes: images.bmp },
      { name: 'cut-short.jpg', bytes: images.jpeg.subarray(0, Math.floor(images.jpeg.length / 2)) },
      { name: 'notes.txt', bytes: Buffer.from('not an image') },
      { name: 'copy-of-plain.png', bytes: images.png },
      { name: 'huge.png', bytes: Buffer.alloc(MAX_UPLOAD_BYTES + 500_000, 1) },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    first = res.body;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await rm(importRoot, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('stores every readable image, reports each bad file with its reason, and makes one task per image', async () => {
    expect(first.files.map((f) => [f.name, f.status])).toEqual([
      ['camera.jpg', 'stored'],
      ['plain.png', 'stored'],
      ['photo.webp', 'stored'],
      ['scan.tiff', 'stored'],
      ['paint.bmp', 'stored'],
      ['cut-short.jpg', 'rejected'],
      ['notes.txt', 'rejected'],
      ['copy-of-plain.png', 'duplicate'],
      ['huge.png', 'rejected'],
    ]);
    expect({ stored: first.stored, duplicates: first.duplicates, rejected: first.rejected }).toEqual({ stored: 5, duplicates: 1, rejected: 3 });
    expect(byName(first, 'cut-short.jpg').reason).toMatch(/not a readable/);
    expect(byName(first, 'notes.txt').reason).toMatch(/JPEG, PNG, WebP, TIFF or BMP/);
    expect(byName(first, 'huge.png').reason).toMatch(/YUNGANG_MAX_UPLOAD_MB/);
    expect(byName(first, 'copy-of-plain.png').reason).toContain('plain.png');

    const tasks = (await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks`)).items;
    expect(tasks).toHaveLength(5);
    const camera = byName(first, 'camera.jpg');
    const task = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${camera.taskId}`);
    expect(task.data).toEqual({ image: camera.url, width: 20, height: 40 });
    expect(camera.url).toMatch(/^\/api\/v1\/media\/[0-9a-f]{64}$/);
    expect(byName(first, 'scan.tiff')).toMatchObject({ width: 25, height: 15 });
    expect(byName(first, 'paint.bmp')).toMatchObject({ width: 6, height: 4 });
  });

  it('serves the image upright with long-lived private caching, keeps the original untouched, and thumbnails as WebP', async () => {
    const camera = byName(first, 'camera.jpg');
    expect(camera.orientation).toBe(6);
    const shown = await getBytes(t.owner, camera.url!);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(shown.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(shown.headers.get('x-content-type-options')).toBe('nosniff');
    const meta = await sharp(shown.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([20, 40, 1]);
    // Not asked to strip: the camera's EXIF, GPS included, stays on the served copy.
    expect(hasGps(meta.exif)).toBe(true);

    const original = await getBytes(t.owner, `${camera.url}/original`);
    expect(original.status).toBe(200);
    expect(original.bytes.equals(images.jpeg)).toBe(true);

    const thumb = await getBytes(t.owner, camera.thumbnailUrl!);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const thumbMeta = await sharp(thumb.bytes).metadata();
    expect([thumbMeta.format, thumbMeta.width, thumbMeta.height]).toEqual(['webp', 20, 40]);

    // A PNG with nothing to change is served as uploaded: one blob, one name.
    const png = byName(first, 'plain.png');
    expect(png.url).toBe(`/api/v1/media/${png.sha256}`);
    expect((await getBytes(t.owner, png.url!)).bytes.equals(images.png)).toBe(true);
    // TIFF and BMP are shown as PNG (browsers do not all read them).
    for (const name of ['scan.tiff', 'paint.bmp']) {
      const served = await getBytes(t.owner, byName(first, name).url!);
      expect(served.headers.get('content-type')).toBe('image/png');
    }
    const bmpPixel = await sharp((await getBytes(t.owner, byName(first, 'paint.bmp').url!)).bytes).raw().toBuffer();
    expect([...bmpPixel.subarray(0, 3)]).toEqual([0, 0, 255]);
  });

  it('strips EXIF and GPS from the served image when asked, and keeps them on the original', async () => {
    const other = await jpegWithExif({ r: 10, g: 10, b: 240 });
    const res = await upload(project.id, [{ name: 'secret-place.jpg', bytes: other }], '?stripMetadata=true');
    const file = byName(res.body, 'secret-place.jpg');
    expect(file.status).toBe('stored');
    const meta = await sharp((await getBytes(t.owner, file.url!)).bytes).metadata();
    expect([meta.width, meta.height]).toEqual([20, 40]);
    expect(meta.exif).toBeUndefined();
    const original = await getBytes(t.owner, `${file.url}/original`);
    expect(hasGps((await sharp(original.bytes).metadata()).exif)).toBe(true);
  });

  it('recognises a file the project has already, and makes another task for it only when asked', async () => {
    const png = byName(first, 'plain.png');
    const again = await upload(project.id, [{ name: 'again.png', bytes: images.png }]);
    expect(byName(again.body, 'again.png')).toMatchObject({ status: 'duplicate', taskId: png.taskId, url: png.url });
    expect(again.body.importId).toBeNull();
    const asked = await upload(project.id, [{ name: 'again.png', bytes: images.png }], '?allowDuplicates=true');
    const extra = byName(asked.body, 'again.png');
    expect(extra.status).toBe('stored');
    expect(extra.url).toBe(png.url);
    expect(extra.taskId).not.toBe(png.taskId);
    // Another project of the same organisation takes the same file as its own.
    const second = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'second', labelConfig: transcriptionTemplate });
    expect(byName((await upload(second.id, [{ name: 'plain.png', bytes: images.png }])).body, 'plain.png').status).toBe('stored');
  });

  it('serves media only to members of an organisation that has it: others get 404, as for media that does not exist', async () => {
    const camera = byName(first, 'camera.jpg');
    const org = await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org B' });
    const outsider = await addMember(t, 'b-owner@example.com', 'owner', { orgId: org.id });
    const ghost = `/api/v1/media/${'ab'.repeat(32)}`;
    for (const path of [camera.url!, `${camera.url}/thumb`, `${camera.url}/original`, ghost, `${ghost}/thumb`]) {
      for (const headers of [{}, { 'x-org-id': t.owner.orgId! }] as Record<string, string>[]) {
        const res = await outsider.request<ErrorBody>('GET', path, undefined, headers);
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
    }
    expect((await outsider.get<ErrorBody>(`${camera.url}?org=${t.owner.orgId}`)).status).toBe(404);
    // Without credentials: 401, like every API route.
    expect((await new ApiClient(t.url).get(camera.url!)).status).toBe(401);
    // A's owner also belongs to B, and A's media is found from either (an <img> sends no X-Org-Id).
    expect((await getBytes(t.owner, camera.url!, { 'x-org-id': org.id })).status).toBe(404);
    const ownerWithoutOrg = new ApiClient(t.url);
    ownerWithoutOrg.cookie = t.owner.cookie;
    ownerWithoutOrg.csrf = t.owner.csrf;
    expect((await getBytes(ownerWithoutOrg, camera.url!)).status).toBe(200);

    // A viewer of A sees the image and the thumbnail, but not the original with its metadata.
    const viewer = await addMember(t, 'viewer@example.com', 'viewer');
    expect((await getBytes(viewer, camera.url!)).status).toBe(200);
    expect((await getBytes(viewer, `${camera.url}/thumb`)).status).toBe(200);
    expect((await viewer.get<ErrorBody>(`${camera.url}/original`)).status).toBe(403);

    const audit = await t.owner.expect<AuditEntryDto[]>(200, 'GET', '/api/v1/audit?action=media.read&limit=1000');
    const viewerReads = audit.filter((e) => e.userEmail === 'viewer@example.com');
    expect(viewerReads.map((e) => (e.details as { variant: string }).variant).sort()).toEqual(['display', 'thumb']);
    expect(viewerReads[0]).toMatchObject({ objectType: 'media', objectId: camera.url!.split('/').pop() });
  });

  it('imports a zip of images through the same pipeline, skipping folders and hidden files', async () => {
    const zip = zipSync({
      'batch/red.jpg': new Uint8Array(await solid(16, 16).jpeg().toBuffer()),
      'batch/green.png': new Uint8Array(await solid(8, 8, { r: 0, g: 200, b: 0 }).png().toBuffer()),
      'batch/readme.txt': new TextEncoder().encode('hello'),
      '__MACOSX/batch/._red.jpg': new Uint8Array([0, 5, 22, 7]),
      'batch/.DS_Store': new Uint8Array([1, 2, 3]),
    });
    const res = await upload(project.id, [{ name: 'photos.zip', bytes: zip }]);
    expect(res.status).toBe(200);
    expect(res.body.files.map((f) => [f.name, f.status])).toEqual([
      ['photos.zip/batch/red.jpg', 'stored'],
      ['photos.zip/batch/green.png', 'stored'],
      ['photos.zip/batch/readme.txt', 'rejected'],
    ]);
    expect(byName(res.body, 'photos.zip/batch/green.png')).toMatchObject({ width: 8, height: 8 });
  });

  it('imports a folder under YUNGANG_IMPORT_ROOT (owners and admins only) and refuses any path outside it', async () => {
    await mkdir(join(importRoot, 'shoot', 'day1'), { recursive: true });
    await writeFile(join(importRoot, 'shoot', 'day1', 'a.png'), await solid(9, 9, { r: 1, g: 2, b: 3 }).png().toBuffer());
    await writeFile(join(importRoot, 'shoot', 'b.webp'), await solid(7, 5).webp().toBuffer());
    await writeFile(join(importRoot, 'shoot', 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]));
    await writeFile(join(outside, 'secret.png'), await solid(3, 3).png().toBuffer());
    await symlink(outside, join(importRoot, 'escape'));

    const res = await t.owner.expect<MediaIntakeResultDto>(200, 'POST', `/api/v1/projects/${project.id}/media/folder`, { path: 'shoot' });
    expect(res.files.map((f) => [f.name, f.status])).toEqual([
      ['b.webp', 'stored'],
      ['broken.jpg', 'rejected'],
      ['day1/a.png', 'stored'],
    ]);
    for (const path of ['../', outside, join(importRoot, '..'), 'escape', 'shoot/../../']) {
      const refused = await t.owner.post<ErrorBody>(`/api/v1/projects/${project.id}/media/folder`, { path });
      expect(refused.status, path).toBe(400);
      expect(refused.body.error.message, path).toMatch(/outside the import root/);
    }
    const missing = await t.owner.post<ErrorBody>(`/api/v1/projects/${project.id}/media/folder`, { path: 'no-such-folder' });
    expect(missing.body.error.message).toMatch(/no folder/);
    const manager = await addMember(t, 'manager@example.com', 'manager');
    expect((await manager.post<ErrorBody>(`/api/v1/projects/${project.id}/media/folder`, { path: 'shoot' })).status).toBe(403);
    // A manager may upload, though.
    expect((await upload(project.id, [{ name: 'm.png', bytes: await solid(2, 2).png().toBuffer() }], '', manager)).status).toBe(200);
  });

  it('refuses media for a project without an image field, naming what to do', async () => {
    const text = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'text only', labelConfig: { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'choices', name: 'c', toName: 'text', choice: 'single', options: [{ value: 'a' }] }] } });
    const res = await upload(text.id, [{ name: 'plain.png', bytes: images.png }]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/no image, audio, video or document field/);
  });

  it('cuts images over 8,000 px on a side into a Deep Zoom pyramid and serves its descriptor and tiles behind the same wall', async () => {
    const wide = await solid(9000, 200, { r: 90, g: 120, b: 150 }).jpeg({ quality: 70 }).toBuffer();
    const res = await upload(project.id, [{ name: 'panorama.jpg', bytes: wide }]);
    const file = byName(res.body, 'panorama.jpg');
    expect(file).toMatchObject({ status: 'stored', width: 9000, height: 200, tilesUrl: `${file.url}/tiles/image.dzi` });
    const dzi = await t.owner.get<string>(file.tilesUrl!);
    expect(dzi.status).toBe(200);
    expect(dzi.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(dzi.body).toContain('Format="jpeg" Overlap="1" TileSize="254"');
    expect(dzi.body).toContain('Width="9000" Height="200"');
    // Level 14 is full size (2^14 ≥ 9000); level 0 is one pixel.
    const base = `${file.url}/tiles/image_files`;
    const full = await getBytes(t.owner, `${base}/14/0_0.jpeg`);
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(full.bytes).metadata()).toMatchObject({ width: 255, height: 200 });
    const last = await sharp((await getBytes(t.owner, `${base}/14/35_0.jpeg`)).bytes).metadata();
    expect(last.width).toBe(9000 - 35 * 254 + 1);
    expect(await sharp((await getBytes(t.owner, `${base}/0/0_0.jpeg`)).bytes).metadata()).toMatchObject({ width: 1, height: 1 });
    expect((await t.owner.get<ErrorBody>(`${base}/14/36_0.jpeg`)).status).toBe(404);
    expect((await t.owner.get<ErrorBody>(`${base}/14/0_0.png`)).status).toBe(404);
    // Small images have no pyramid.
    expect((await t.owner.get<ErrorBody>(`${byName(first, 'plain.png').url}/tiles/image.dzi`)).status).toBe(404);
    const outsider = await addMember(t, 'tiles-outsider@example.com', 'owner', { orgId: (await t.owner.expect<OrgDto>(201, 'POST', '/api/v1/orgs', { name: 'Org C' })).id });
    expect((await outsider.get<ErrorBody>(file.tilesUrl!)).status).toBe(404);
    expect((await outsider.get<ErrorBody>(`${base}/14/0_0.jpeg`)).status).toBe(404);
  }, 60_000);
});

describe('media on S3-compatible storage (YUNGANG_S3_*)', () => {
  let t: TestServer;
  let s3: S3rver;
  let s3Dir: string;
  beforeAll(async () => {
    s3Dir = await mkdtemp(join(tmpdir(), 'yungang-s3rver-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'yungang-media' }] });
    const { port } = await s3.run();
    const s3Config = s3ConfigFromEnv({ YUNGANG_S3_BUCKET: 'yungang-media', YUNGANG_S3_ENDPOINT: `http://127.0.0.1:${port}`, YUNGANG_S3_ACCESS_KEY_ID: 'S3RVER', YUNGANG_S3_SECRET_ACCESS_KEY: 'S3RVER' });
    t = await startTestServer(BACKENDS[0]!, { config: { s3: s3Config } });
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
    await rm(s3Dir, { recursive: true, force: true });
  });

  it('stores and serves images, thumbnails and tiles from the bucket', async () => {
    const project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'on s3', labelConfig: transcriptionTemplate });
    const jpeg = await jpegWithExif();
    const wide = await solid(8100, 3).png().toBuffer();
    const res = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, form([{ name: 'camera.jpg', bytes: jpeg }, { name: 'wide.png', bytes: wide }]));
    expect(res.body.files.map((f) => f.status)).toEqual(['stored', 'stored']);
    const camera = byName(res.body, 'camera.jpg');
    expect(await sharp((await getBytes(t.owner, camera.url!)).bytes).metadata()).toMatchObject({ width: 20, height: 40 });
    expect((await getBytes(t.owner, `${camera.url}/original`)).bytes.equals(jpeg)).toBe(true);
    expect((await getBytes(t.owner, camera.thumbnailUrl!)).headers.get('content-type')).toBe('image/webp');
    const tile = await getBytes(t.owner, `${byName(res.body, 'wide.png').url}/tiles/image_files/13/0_0.jpeg`);
    expect(tile.status).toBe(200);
    // Nothing went to the local blob folder.
    expect(await readdir(join(t.dataDir, 'blobs')).catch(() => [])).toEqual([]);
  });

  it('refuses half an S3 configuration with a message that says what to set', () => {
    expect(() => s3ConfigFromEnv({ YUNGANG_S3_ENDPOINT: 'http://minio:9000' })).toThrow(/YUNGANG_S3_BUCKET is not/);
    expect(() => s3ConfigFromEnv({ YUNGANG_S3_BUCKET: 'b', YUNGANG_S3_ACCESS_KEY_ID: 'x' })).toThrow(/both YUNGANG_S3_ACCESS_KEY_ID and YUNGANG_S3_SECRET_ACCESS_KEY/);
    expect(s3ConfigFromEnv({})).toBeUndefined();
  });
});
