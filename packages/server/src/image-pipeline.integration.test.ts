import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageCaptionTemplate, type TaskDto, type ErrorBody, type JobDto, type MediaIntakeResultDto, type PipelineDryRunDto, type PipelineRunDto, type ProjectDto, type TaskPageDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import type { ApiClient } from './test-support/api-client.js';

/**
 * Image operators in preprocessing pipelines (docs/pipelines.md, "Image operators") through HTTP, on images
 * made here with sharp: a sharp picture, its blurred copy, a dark copy, a re-encoded smaller copy (near
 * duplicate), an EXIF-rotated JPEG with metadata, and a corrupt file.
 */
const SPEC = `
operators:
  - op: image-validate
  - op: image-orient
  - op: image-strip-metadata
  - op: image-near-dedup
  - op: blur-filter
    minSharpness: 20
  - op: exposure-filter
    min: 0.15
  - op: image-resize
    maxSide: 160
`;

/** A 320x240 picture with edges and blobs (sharp, mid-grey overall). */
async function scene(seed: number): Promise<Buffer> {
  const width = 320;
  const height = 240;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const checker = ((Math.floor((x + seed * 7) / 20) + Math.floor(y / 20)) % 2) * 90;
      const blob = 80 * Math.exp(-((x - 80 - seed * 30) ** 2 + (y - 100) ** 2) / 900);
      const i = (y * width + x) * 3;
      data[i] = Math.min(255, 60 + checker + blob);
      data[i + 1] = Math.min(255, 70 + checker);
      data[i + 2] = Math.min(255, 80 + blob);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

const BOX = { id: 'b', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 12.5, y: 25, width: 50, height: 40, rectanglelabels: ['person'] } };

function form(files: { name: string; bytes: Buffer }[]): FormData {
  const data = new FormData();
  for (const f of files) data.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return data;
}

async function waitFor(client: ApiClient, jobId: string): Promise<JobDto> {
  const end = Date.now() + 120_000;
  for (;;) {
    const job = await client.expect<JobDto>(200, 'GET', `/api/v1/jobs/${jobId}`);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > end) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function getBytes(client: ApiClient, path: string): Promise<Buffer> {
  const res = await fetch(client.baseUrl + path, { headers: client.authHeaders('GET', {}) });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe.each(BACKENDS)('image operators in pipelines on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;
  let sharpTaskId: string;
  let result0: MediaIntakeResultDto['files'][number];
  const names = ['sharp.png', 'blurred.png', 'dark.png', 'near-duplicate.jpg', 'rotated.jpg', 'other.png', 'corrupt.png'];

  beforeAll(async () => {
    t = await startTestServer(backend);
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '图像清洗', labelConfig: imageCaptionTemplate });
    const base = await scene(0);
    const files = [
      { name: 'sharp.png', bytes: base },
      { name: 'blurred.png', bytes: await sharp(await scene(1)).blur(6).png().toBuffer() },
      { name: 'dark.png', bytes: await sharp(await scene(2)).linear(0.15, 0).png().toBuffer() },
      { name: 'near-duplicate.jpg', bytes: await sharp(base).resize(240, 180).jpeg({ quality: 60 }).toBuffer() },
      // Stored 240 wide, 320 tall on screen: orientation 6 turns it a quarter clockwise.
      { name: 'rotated.jpg', bytes: await sharp(await scene(3)).jpeg().withMetadata({ orientation: 6 }).toBuffer() },
      { name: 'other.png', bytes: await scene(4) },
    ];
    const result = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${project.id}/media`, form(files));
    result0 = result.body.files[0]!;
    expect(result.body.stored).toBe(files.length);
    sharpTaskId = result.body.files[0]!.taskId!;
    // Media intake refuses damaged files, so a corrupt image reaches a project only from outside; put one in below the API.
    const good = await scene(5);
    const corrupt = Buffer.concat([good.subarray(0, 200), Buffer.alloc(200, 7)]);
    const ref = await t.server.services.blobs.put(Readable.from([corrupt]));
    const orgId = t.owner.orgId!;
    await t.database.tenant({ orgId }, async (tx) => {
      // A model's box on the sharp picture: an image pipeline carries it to the output, moved with the image.
      await tx.insertInto('predictions').values({ id: randomUUID(), org_id: orgId, project_id: project.id, task_id: sharpTaskId, import_id: null, result: JSON.stringify([BOX]), model_version: 'detector-1', score: null, created_by: null }).execute();
      const task = await tx.insertInto('tasks').values({ org_id: orgId, project_id: project.id, import_id: null, data: JSON.stringify({ image: `/api/v1/media/${ref.sha256}`, caption: '' }) }).returning('id').executeTakeFirstOrThrow();
      await tx
        .insertInto('media')
        .values({ id: randomUUID(), org_id: orgId, project_id: project.id, task_id: task.id, import_id: null, sha256: ref.sha256, size: ref.size, original_name: 'corrupt.png', mime: 'image/png', width: 320, height: 240, orientation: 1, stripped: false, display_sha256: ref.sha256, display_mime: 'image/png', thumb_sha256: ref.sha256, created_by: null })
        .execute();
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('dry-runs with before/after previews and scores, storing nothing', async () => {
    const dry = await t.owner.expect<PipelineDryRunDto>(200, 'POST', `/api/v1/projects/${project.id}/pipeline/dry-run`, { spec: SPEC });
    expect(dry.records.map((r) => r.status)).toEqual(['changed', 'dropped', 'dropped', 'dropped', 'changed', 'changed', 'dropped']);
    const [sharpOne, blurred, dark, near, rotated, , corrupt] = dry.records;
    expect(blurred!.droppedBy).toMatchObject({ op: 'blur-filter', operator: 4 });
    expect(dark!.droppedBy).toMatchObject({ op: 'exposure-filter', operator: 5 });
    expect(near!.droppedBy).toMatchObject({ op: 'image-near-dedup', duplicateOf: 0 });
    expect(corrupt!.droppedBy).toMatchObject({ op: 'image-validate', operator: 0 });
    expect((corrupt!.droppedBy as { reason: string }).reason).toMatch(/^not a readable image/);
    expect(sharpOne!.image).toMatchObject({ field: 'image', width: 160, height: 120 });
    expect(sharpOne!.image!.before).toMatch(/^data:image\/webp;base64,/);
    expect(sharpOne!.image!.after).toMatch(/^data:image\/webp;base64,/);
    expect(sharpOne!.image!.scores.sharpness).toBeGreaterThan(20);
    expect(blurred!.image!.scores.sharpness).toBeLessThan(20);
    // Turned upright, then shrunk: 320 tall on screen becomes 160 tall.
    expect(rotated!.image).toMatchObject({ width: 120, height: 160 });
    const stats = dry.stats as { records: number; dropped: number; operators: { op: string; changed: number; dropped: number }[] };
    expect(stats.operators.map((o) => [o.op, o.changed, o.dropped])).toEqual([
      ['image-validate', 0, 1],
      ['image-orient', 1, 0],
      ['image-strip-metadata', 1, 0],
      ['image-near-dedup', 0, 1],
      ['blur-filter', 0, 1],
      ['exposure-filter', 0, 1],
      ['image-resize', 3, 0],
    ]);
    const jobs = await t.owner.expect<{ items: JobDto[] }>(200, 'GET', `/api/v1/jobs?projectId=${project.id}`);
    expect(jobs.items).toEqual([]);
  });

  it('refuses image operators on a field that is not an image, with the path', async () => {
    const bad = await t.owner.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/pipeline/runs`, { spec: { operators: [{ op: 'image-resize', maxSide: 100, field: 'caption' }] } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('operators[0].field');
  });

  it('runs as a job: changed images are new blobs with media rows, inputs recorded, originals untouched', async () => {
    const before = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`);
    const started = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${project.id}/pipeline/runs`, { spec: SPEC, targetName: '清洗后图像' });
    const job = await waitFor(t.owner, started.job.id);
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ records: 7, changed: 3, dropped: 4, outputTasks: 3 });
    const out = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${started.targetProjectId}/tasks?limit=50`);
    expect(out.items).toHaveLength(3);
    const sources = new Map(before.items.map((task) => [String(task.data.image), task]));
    for (const task of out.items) {
      const note = (task.data._image as Record<string, { sourceSha256: string; changedBy: string[]; transforms: unknown[]; sharpness: number }>).image!;
      expect(note.changedBy).toContain('image-resize');
      expect(note.transforms).toEqual([{ kind: 'resize', width: task.data.width, height: task.data.height }]);
      expect(Math.max(task.data.width as number, task.data.height as number)).toBe(160);
      // The output is served like an upload (media row in the target project, thumbnail) and is the size the task says.
      const bytes = await getBytes(t.owner, String(task.data.image));
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height]).toEqual([task.data.width, task.data.height]);
      expect(meta.exif).toBeUndefined();
      await getBytes(t.owner, `${String(task.data.image)}/thumb`);
      expect(sources.has(String(task.data.image))).toBe(false);
    }
    // The labelled task's box came along as a prediction: a uniform resize leaves percent coordinates as they were.
    const labelled = out.items.find((task) => (task.data._image as Record<string, { sourceSha256: string }>).image!.sourceSha256 === result0.sha256)!;
    const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${labelled.id}`);
    expect(full.predictions).toHaveLength(1);
    expect(full.predictions![0]!.modelVersion).toBe('pipeline-carried@1');
    const moved = full.predictions![0]!.result[0]!.value as { x: number; y: number; width: number; height: number };
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(moved[k]).toBeCloseTo(BOX.value[k], 6);
    expect(labelled.data).not.toHaveProperty('__labels');
    // The EXIF-rotated JPEG came out upright and without metadata.
    const rotated = out.items.find((task) => task.data.width === 120)!;
    expect((await sharp(await getBytes(t.owner, String(rotated.data.image))).metadata()).orientation ?? 1).toBe(1);
    // The source project is as it was.
    const after = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=50`);
    expect(after.items.map((task) => task.data)).toEqual(before.items.map((task) => task.data));
    expect(names).toHaveLength(7);
  }, 120_000);

  it('face-blur: the dry run counts the faces it covers, and a run stores the blurred copy as a new blob', async () => {
    const photo = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo', 'sample3.jpg'));
    const people = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: '人脸脱敏', labelConfig: imageCaptionTemplate });
    const uploaded = await t.owner.upload<MediaIntakeResultDto>(`/api/v1/projects/${people.id}/media`, form([{ name: 'group.jpg', bytes: photo }]));
    expect(uploaded.body.stored).toBe(1);
    const spec = { operators: [{ op: 'face-blur', minScore: 0.5 }] };
    const dry = await t.owner.expect<PipelineDryRunDto>(200, 'POST', `/api/v1/projects/${people.id}/pipeline/dry-run`, { spec });
    expect(dry.records[0]).toMatchObject({ status: 'changed', image: { scores: { faces: 3 } } });
    const run = await t.owner.expect<PipelineRunDto>(202, 'POST', `/api/v1/projects/${people.id}/pipeline/runs`, { spec });
    expect((await waitFor(t.owner, run.job.id)).status).toBe('succeeded');
    const out = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${run.targetProjectId}/tasks?limit=5`);
    const image = out.items[0]!.data.image as string;
    expect(image).not.toBe(uploaded.body.files[0]!.url);
    expect((out.items[0]!.data._image as Record<string, { faces: number; changedBy: string[] }>).image).toMatchObject({ faces: 3, changedBy: ['face-blur'] });
  }, 120_000);
});
