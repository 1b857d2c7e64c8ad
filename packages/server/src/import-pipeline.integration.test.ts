import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageCaptionTemplate, type ErrorBody, type ImportPipelineDto, type ImportResultDto, type MediaIntakeResultDto, type ProjectDto, type TaskDto, type TaskPageDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { addMember, createChoiceProject } from './test-support/helpers.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { writeThumbnail } from './media/image-derivatives.js';

/**
 * A project's import pipeline over real HTTP (docs/pipelines.md, "On import"; issue 8 item 1): every import
 * runs its records through the project's text operators, dropped records never become tasks, changed ones
 * are stored changed, the uploaded file is kept byte for byte as the import's source, pseudonyms stay the
 * same across imports, and a spec the import cannot run is refused with the path of what is wrong.
 */
describe.each(BACKENDS)('import pipeline on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;
  const url = () => `/api/v1/projects/${project.id}/import-pipeline`;
  const importJsonl = (lines: unknown[]) =>
    t.owner.request<ImportResultDto & ErrorBody>('POST', `/api/v1/projects/${project.id}/import?format=jsonl`, lines.map((l) => JSON.stringify(l)).join('\n'), { 'content-type': 'application/x-ndjson' });

  beforeAll(async () => {
    t = await startTestServer(backend);
    project = await createChoiceProject(t.owner, { name: '入库清洗' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses specs an import cannot run, naming the path, and only managers set one', async () => {
    expect(await t.owner.expect<ImportPipelineDto>(200, 'GET', url())).toEqual({ spec: null, updatedBy: null, updatedAt: null });
    const media = await t.owner.request<ErrorBody>('PUT', url(), { spec: { operators: [{ op: 'normalize' }, { op: 'image-resize', maxSide: 100 }] } });
    expect(media.status).toBe(400);
    expect(JSON.stringify(media.body.error.details)).toContain('spec.operators[1].op');
    const named = await t.owner.request<ErrorBody>('PUT', url(), { spec: 'operators:\n  - op: keyword-filter\n    list: banned\n' });
    expect(named.status).toBe(400);
    expect(JSON.stringify(named.body.error.details)).toContain('spec.operators[0].list');
    const audio = await t.owner.request<ErrorBody>('PUT', url(), { spec: { operators: [{ op: 'strip' }, { op: 'duration-filter', min: 1 }] } });
    expect(audio.status).toBe(400);
    expect(JSON.stringify(audio.body.error.details)).toContain('spec.operators[1].op');
    const typo = await t.owner.request<ErrorBody>('PUT', url(), { spec: { operators: [{ op: 'near-dedup', treshold: 0.5 }] } });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body.error.details)).toContain('treshold');
    const annotator = await addMember(t, 'annotator@example.com', 'annotator');
    expect((await annotator.request('PUT', url(), { spec: { operators: [{ op: 'strip' }] } })).status).toBe(403);
  });

  it('cleans every import: drops and changes records, keeps the uploaded file as it was, pseudonyms stable across imports', async () => {
    const spec = `
operators:
  - op: strip
  - op: normalize
  - op: pii
    types: { mobile: pseudonymize, email: mask, id-card: drop }
  - op: length-filter
    min: 4
  - op: exact-dedup
`;
    const set = await t.owner.expect<ImportPipelineDto>(200, 'PUT', url(), { spec });
    expect(set).toMatchObject({ updatedBy: t.owner.me!.user.email, spec: { operators: [{ op: 'strip' }, { op: 'normalize' }, { op: 'pii' }, { op: 'length-filter', min: 4 }, { op: 'exact-dedup' }] } });
    const lines = [
      { text: '<b>请拨打 13812345678 联系</b>' },
      { text: 'ＦＵＬＬ　ＷＩＤＴＨ 邮箱 someone@example.com' },
      { text: '身份证 11010519491231002X 办理' },
      { text: '短' },
      { text: '重复的评论内容' },
      { text: '重复的评论内容' },
    ];
    const body = lines.map((l) => JSON.stringify(l)).join('\n');
    const first = await importJsonl(lines);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ taskCount: 3, pipeline: { records: 6, dropped: 3, changed: 2 } });
    // The source blob is the upload, byte for byte: only the tasks are cleaned.
    expect(first.body.sourceSha256).toBe(createHash('sha256').update(body).digest('hex'));
    const tasks = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`);
    const texts = tasks.items.map((x) => x.data.text as string);
    expect(texts).toHaveLength(3);
    expect(texts.join('\n')).not.toMatch(/13812345678|someone@example\.com|11010519491231002X|<b>/);
    expect(texts).toContain('FULL WIDTH 邮箱 [EMAIL]');
    const pseudonym = /\[MOBILE_[0-9a-f]{8}\]/.exec(texts.find((x) => x.startsWith('请拨打'))!)![0];
    // A second import: the same number gets the same pseudonym (the key is the project's, not the import's).
    const second = await importJsonl([{ text: '回电 138-1234-5678 谢谢' }]);
    expect(second.status).toBe(201);
    const again = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`);
    expect(again.items.map((x) => x.data.text)).toContain(`回电 ${pseudonym} 谢谢`);
    // A file the pipeline drops entirely imports nothing, and says why.
    const none = await importJsonl([{ text: '短' }]);
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain('import pipeline dropped all 1 records');
    // An invalid record still stops the whole file, as without a pipeline.
    const invalid = await importJsonl([{ text: '正常的一句话' }, { nottext: 1 }]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('line 2');
    // Removed: imports store records as they come.
    await t.owner.expect(200, 'DELETE', url());
    expect((await importJsonl([{ text: '短' }])).body).toMatchObject({ taskCount: 1 });
    expect((await importJsonl([{ text: '短' }])).body.pipeline).toBeUndefined();
  });
});

const require = createRequire(import.meta.url);
const demoDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
const faceLabels = JSON.parse(readFileSync(new URL('./media/test-fixtures/face-samples.json', import.meta.url), 'utf8')) as { images: { file: string; faces: [number, number][] }[] };

/** Mean absolute difference of two same-size raw RGB buffers over a rectangle. */
function meanDiff(a: Buffer, b: Buffer, width: number, r: { left: number; top: number; width: number; height: number }): number {
  let sum = 0;
  for (let y = r.top; y < r.top + r.height; y++) for (let x = r.left; x < r.left + r.width; x++) for (let c = 0; c < 3; c++) sum += Math.abs(a[(y * width + x) * 3 + c]! - b[(y * width + x) * 3 + c]!);
  return sum / (r.width * r.height * 3);
}

/**
 * Image operators of the import pipeline on media intake (issue 8): faces are blurred in the image annotators
 * are served while the original blob stays the upload byte for byte, and an image a filter drops is reported
 * per file with the operator and makes no task.
 */
describe.each(BACKENDS)('import pipeline on media intake on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;

  beforeAll(async () => {
    t = await startTestServer(backend);
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '入库脱敏', labelConfig: imageCaptionTemplate });
  });
  afterAll(async () => {
    await t?.close();
  });
  const getBytes = async (path: string): Promise<Buffer> => {
    const res = await fetch(t.owner.baseUrl + path, { headers: t.owner.authHeaders('GET', {}) });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  it('blurs faces in the served image, keeps the original, drops a blurry image with its operator', async () => {
    const pipeline = `/api/v1/projects/${project.id}/import-pipeline`;
    const wrongField = await t.owner.request<ErrorBody>('PUT', pipeline, { spec: { operators: [{ op: 'face-blur', field: 'caption' }] } });
    expect(wrongField.status).toBe(400);
    expect(JSON.stringify(wrongField.body.error.details)).toContain('spec.operators[0].field');
    const nearDedup = await t.owner.request<ErrorBody>('PUT', pipeline, { spec: { operators: [{ op: 'image-near-dedup' }] } });
    expect(nearDedup.status).toBe(400);
    expect(JSON.stringify(nearDedup.body.error.details)).toContain('spec.operators[0].op');
    await t.owner.expect(200, 'PUT', pipeline, { spec: { operators: [{ op: 'image-orient' }, { op: 'blur-filter', minSharpness: 20 }, { op: 'face-blur' }] } });

    const photo = readFileSync(join(demoDir, 'sample1.jpg'));
    const blurry = await sharp(join(demoDir, 'sample2.jpg')).resize(640).blur(8).jpeg().toBuffer();
    const data = new FormData();
    data.append('files', new Blob([new Uint8Array(photo)]), 'faces.jpg');
    data.append('files', new Blob([new Uint8Array(blurry)]), 'blurry.jpg');
    const up = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, data);
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body).toMatchObject({ stored: 1, dropped: 1, rejected: 0 });
    const [faces, dropped] = up.body.files;
    expect(faces).toMatchObject({ name: 'faces.jpg', status: 'stored', changedBy: ['face-blur'], width: 1920, height: 1280 });
    expect(dropped).toMatchObject({ name: 'blurry.jpg', status: 'dropped', droppedBy: { operator: 1, op: 'blur-filter' } });
    expect(dropped!.reason).toContain('blur-filter');
    expect(dropped!.taskId).toBeUndefined();

    // The original is stored as it came; the served image is another blob.
    const photoSha = createHash('sha256').update(photo).digest('hex');
    expect(faces!.sha256).toBe(photoSha);
    const stream = await t.server.services.blobs.get(photoSha);
    const chunks: Buffer[] = [];
    for await (const c of stream!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(photo)).toBe(true);
    expect(faces!.url).not.toContain(photoSha);
    // Nobody is served the original with its faces under its own name.
    expect((await fetch(`${t.owner.baseUrl}/api/v1/media/${photoSha}`, { headers: t.owner.authHeaders('GET', {}) })).status).toBe(404);

    // The served image differs around every labelled face and not far from them.
    const servedBytes = await getBytes(faces!.url!);
    const served = await sharp(servedBytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const before = await sharp(photo).autoOrient().removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([served.info.width, served.info.height]).toEqual([before.info.width, before.info.height]);
    for (const [x, y] of faceLabels.images[0]!.faces) expect(meanDiff(before.data, served.data, before.info.width, { left: x - 20, top: y - 20, width: 40, height: 40 })).toBeGreaterThan(6);
    expect(meanDiff(before.data, served.data, before.info.width, { left: 1700, top: 1000, width: 200, height: 200 })).toBeLessThan(3);
    // The thumbnail is made from the served image, not from the original.
    const dir = await mkdtemp(join(tmpdir(), 'yungang-thumb-'));
    try {
      await writeFile(join(dir, 'served.jpg'), servedBytes);
      await writeFile(join(dir, 'original.jpg'), photo);
      await writeThumbnail(join(dir, 'served.jpg'), join(dir, 'served.webp'));
      await writeThumbnail(join(dir, 'original.jpg'), join(dir, 'original.webp'));
      const thumb = await getBytes(faces!.thumbnailUrl!);
      expect(thumb.equals(readFileSync(join(dir, 'served.webp')))).toBe(true);
      expect(thumb.equals(readFileSync(join(dir, 'original.webp')))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // One task, for the kept photo, recording what was applied to which original.
    const tasks = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`);
    expect(tasks.items).toHaveLength(1);
    expect(tasks.items[0]!.data.image).toBe(faces!.url);
    expect(tasks.items[0]!.data._image).toMatchObject({ image: { sourceSha256: photoSha, changedBy: ['face-blur'], faces: 3 } });

    // The same original again is a duplicate of the stored, processed media; with allowDuplicates its task shows the same image and note.
    const again = new FormData();
    again.append('files', new Blob([new Uint8Array(photo)]), 'faces-again.jpg');
    const second = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, again);
    expect(second.body.files[0]).toMatchObject({ status: 'duplicate', url: faces!.url, taskId: faces!.taskId });
    const third = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media?allowDuplicates=true`, again);
    expect(third.body.files[0]).toMatchObject({ status: 'stored', url: faces!.url });
    const copy = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${third.body.files[0]!.taskId}`);
    expect(copy.data._image).toMatchObject({ image: { sourceSha256: photoSha, changedBy: ['face-blur'] } });
  }, 180_000);
});
