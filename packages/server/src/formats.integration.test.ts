/**
 * Annotation formats over real HTTP on every backend (docs/formats.md): COCO imported as annotations,
 * YOLO as predictions, then the project exported in each format and read back with core's parsers.
 * Input files are the real fixtures copied into core (packages/core/src/formats/test-fixtures).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseCoco,
  parseCvat,
  parseLabelStudio,
  parseVoc,
  parseYolo,
  resultShapes,
  type AnnotationResult,
  type ErrorBody,
  type ImportResultDto,
  type LabelConfig,
  type NextTaskDto,
  type ProjectDto,
  type ImportShape,
  type Shape,
  type TaskDto,
  type TaskPageDto,
} from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

const FIXTURES = resolve(import.meta.dirname, '../../core/src/formats/test-fixtures');
const BASE = 'https://img.example/data/';
const colour = (value: string) => ({ value, color: '#336699' });

const cocoConfig: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image' }],
  controls: [
    { type: 'polygonlabels', name: 'regions', toName: 'image', labels: ['Class_1', 'Class_2'].map(colour) },
    { type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: ['Class_1', 'Class_2'].map(colour) },
  ],
};
const yoloClasses = ['closed_door', 'opened_door', 'bus', 'number'];
const yoloConfig: LabelConfig = { version: 1, fields: [{ name: 'image', type: 'image' }], controls: [{ type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: yoloClasses.map(colour) }] };

async function yoloZip(): Promise<Buffer> {
  const files: Record<string, Uint8Array> = { 'classes.txt': await readFile(join(FIXTURES, 'yolo/label-studio-import/classes.txt')) };
  for (const n of [1, 2, 3, 4, 5, 6, 7]) files[`labels/img_${n}.txt`] = await readFile(join(FIXTURES, `yolo/label-studio-import/labels/img_${n}.txt`));
  return Buffer.from(zipSync(files));
}

/** Shapes of stored results, in a stable order, for comparing what went in with what came out. */
function shapesOf(results: AnnotationResult[]): Shape[][] {
  return results.map((r) => resultShapes(r, {}));
}

function expectSameShapes(actual: ImportShape[][], expected: Shape[][]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((imported, i) => {
    // These files hold no masks; one would show up as a kind mismatch below.
    const shapes = imported.filter((s): s is Shape => s.kind !== 'mask');
    expect(shapes).toHaveLength(imported.length);
    const want = expected[i]!;
    expect(shapes.map((s) => `${s.kind}:${s.label}`)).toEqual(want.map((s) => `${s.kind}:${s.label}`));
    shapes.forEach((s, j) => {
      const w = want[j]!;
      const coords = (x: Shape): number[] => (x.kind === 'polygon' ? x.points.flat() : x.kind === 'box' ? [x.x, x.y, x.width, x.height] : [x.x, x.y]);
      coords(s).forEach((v, k) => expect(Math.abs(v - coords(w)[k]!)).toBeLessThan(1e-6));
    });
  });
}

describe.each(BACKENDS)('annotation formats on $name', (backend) => {
  let t: TestServer;
  let coco: ProjectDto;
  let yolo: ProjectDto;
  const tasksOf = async (projectId: string) => (await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${projectId}/tasks?limit=500`)).items;
  const importFile = (projectId: string, body: Buffer, query: string) =>
    t.owner.request<ImportResultDto & ErrorBody>('POST', `/api/v1/projects/${projectId}/import?${query}`, new Uint8Array(body), { 'content-type': 'application/octet-stream' });
  const download = async (projectId: string, format: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> => {
    const res = await fetch(`${t.owner.baseUrl}/api/v1/projects/${projectId}/export?format=${format}`, { headers: t.owner.authHeaders('GET') });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  };
  const stored = async (projectId: string): Promise<AnnotationResult[]> => {
    const out: AnnotationResult[] = [];
    for (const task of await tasksOf(projectId)) {
      const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${task.id}`);
      out.push((full.annotations[0]?.result ?? []) as unknown as AnnotationResult);
    }
    return out;
  };

  beforeAll(async () => {
    t = await startTestServer(backend);
    coco = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'coco', labelConfig: cocoConfig });
    yolo = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'yolo', labelConfig: yoloConfig });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports COCO (Label Studio SDK file) as the caller\'s annotations, with image URLs and sizes', async () => {
    const file = await readFile(join(FIXTURES, 'coco/label-studio_coco_import_input.json'));
    const res = await importFile(coco.id, file, `format=coco&baseUrl=${encodeURIComponent(BASE)}`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ taskCount: 2, format: 'coco', annotationCount: 2, predictionCount: 0 });
    expect(res.body.skipped).toEqual(['annotations[1] (image "image2.jpg"): a polygon in 2 parts imported as 2 polygons']);
    const tasks = await tasksOf(coco.id);
    expect(tasks.map((x) => x.data)).toEqual([
      { image: `${BASE}image1.jpg`, width: 4022, height: 6033 },
      { image: `${BASE}image2.jpg`, width: 7050, height: 4702 },
    ]);
    const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${tasks[0]!.id}`);
    expect(full.annotations).toHaveLength(1);
    expect(full.annotations[0]).toMatchObject({ userEmail: 'owner@example.com', version: 1 });
    expect(full.annotations[0]!.result[0]).toMatchObject({ type: 'polygonlabels', from_name: 'regions' });
    expect(full.predictions).toBeUndefined();
  });

  it('refuses a COCO file whose category the project lacks, naming the place, and imports nothing', async () => {
    const narrow = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', {
      name: 'narrow',
      labelConfig: { ...cocoConfig, controls: [{ type: 'polygonlabels', name: 'regions', toName: 'image', labels: [colour('Class_1')] }] },
    });
    const file = await readFile(join(FIXTURES, 'coco/label-studio_coco_import_input.json'));
    const res = await importFile(narrow.id, file, 'format=coco');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain('annotations[1] (image "image2.jpg").segmentation[0]: polygon label "Class_2" is not a label');
    expect(await tasksOf(narrow.id)).toEqual([]);
  });

  it('imports YOLO labels as predictions with a model version, shown on the task and the next task', async () => {
    const res = await importFile(yolo.id, await yoloZip(), `format=yolo&as=predictions&imageExtension=png&modelVersion=yolo-v8&baseUrl=${encodeURIComponent(BASE)}`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ taskCount: 7, annotationCount: 0, predictionCount: 7 });
    const tasks = await tasksOf(yolo.id);
    expect(tasks[0]!.data).toEqual({ image: `${BASE}img_1.png` });
    const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${tasks[0]!.id}`);
    expect(full.annotations).toEqual([]);
    expect(full.predictions).toHaveLength(1);
    expect(full.predictions![0]).toMatchObject({ modelVersion: 'yolo-v8', score: null });
    expect(full.predictions![0]!.result.map((r) => r.type)).toEqual(['rectanglelabels', 'rectanglelabels', 'rectanglelabels', 'rectanglelabels']);
    const next = await t.owner.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${yolo.id}/next`);
    expect(next.predictions?.[0]?.modelVersion).toBe('yolo-v8');
    expect(next.task?.predictions).toHaveLength(1);
  });

  it('exports COCO, CVAT and Label Studio that read back to the same shapes', async () => {
    const expected = shapesOf(await stored(coco.id));
    const c = await download(coco.id, 'coco');
    expect(c.status).toBe(200);
    expect(c.headers.get('content-type')).toContain('application/json');
    const cocoBack = parseCoco(JSON.parse(c.bytes.toString('utf8')));
    expect(cocoBack.images.map((i) => i.name)).toEqual(['image1.jpg', 'image2.jpg']);
    expectSameShapes(cocoBack.images.map((i) => i.shapes), expected);

    const x = await download(coco.id, 'cvat');
    expect(x.headers.get('content-type')).toContain('application/xml');
    expectSameShapes(parseCvat(x.bytes.toString('utf8'), 'export.xml').images.map((i) => i.shapes), expected);

    const ls = await download(coco.id, 'labelstudio');
    const back = parseLabelStudio(JSON.parse(ls.bytes.toString('utf8')));
    expect(back.tasks[0]!.size).toEqual({ width: 4022, height: 6033 });
    expectSameShapes(back.tasks.map((task) => resultShapes(task.annotations[0]!.result as AnnotationResult, {})), expected);
  });

  it('exports YOLO and VOC zips, and says what VOC cannot hold', async () => {
    const expected = shapesOf(await stored(coco.id));
    const y = await download(coco.id, 'yolo');
    expect(y.headers.get('content-type')).toBe('application/zip');
    const files = new Map(Object.entries(unzipSync(new Uint8Array(y.bytes))).map(([name, data]) => [name, new TextDecoder().decode(data)]));
    expect([...files.keys()].sort()).toEqual(['data.yaml', 'images.txt', 'labels/image1.txt', 'labels/image2.txt']);
    expect(files.get('images.txt')).toBe(`${BASE}image1.jpg\n${BASE}image2.jpg\n`);
    expectSameShapes(parseYolo(files).images.map((i) => i.shapes), expected);

    const v = await download(coco.id, 'voc');
    expect(v.status).toBe(200);
    expect(decodeURIComponent(v.headers.get('x-yungang-dropped') ?? '')).toBe('polygon (VOC holds boxes only): 3');
    const voc = Object.entries(unzipSync(new Uint8Array(v.bytes)));
    expect(voc.map(([name]) => name)).toEqual(['Annotations/image1.xml', 'Annotations/image2.xml']);
    expect(parseVoc(new TextDecoder().decode(voc[0]![1]), 'image1.xml').image).toMatchObject({ name: 'image1.jpg', size: { width: 4022, height: 6033 }, shapes: [] });
  });

  it('refuses a pixel export when image sizes are unknown, naming the tasks; YOLO needs none', async () => {
    const sizeless = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'sizeless', labelConfig: yoloConfig });
    const bare = await importFile(sizeless.id, await yoloZip(), 'format=yolo&imageExtension=png');
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toContain('got "img_1.png"; add the baseUrl parameter');
    const imported = await importFile(sizeless.id, await yoloZip(), 'format=yolo&imageExtension=png&baseUrl=/media/');
    expect(imported.status).toBe(201);
    expect(imported.body.annotationCount).toBe(7);
    const ids = (await tasksOf(sizeless.id)).map((x) => x.id);
    const res = await t.owner.request<ErrorBody>('GET', `/api/v1/projects/${sizeless.id}/export?format=coco`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`the image size of 7 task(s) with shapes is unknown (tasks ${ids.join(', ')})`);
    const y = await download(sizeless.id, 'yolo');
    expect(y.status).toBe(200);
    const files = new Map(Object.entries(unzipSync(new Uint8Array(y.bytes))).map(([name, data]) => [name, new TextDecoder().decode(data)]));
    const original = parseYolo(new Map([['classes.txt', yoloClasses.join('\n')], ...[1, 2, 3, 4, 5, 6, 7].map((n) => [`labels/img_${n}.txt`, files.get(`labels/img_${n}.txt`) ?? ''] as [string, string])]), { imageExtension: 'png' });
    expect(original.images).toHaveLength(7);
    expect(strToU8(files.get('data.yaml') ?? '').length).toBeGreaterThan(0);
  });
});
