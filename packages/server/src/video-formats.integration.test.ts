/**
 * Track formats over real HTTP on every backend (docs/formats.md, Video tracks): a MOT sequence (the
 * PathTrack sample and Datumaro's seqinfo.ini sequence, zipped) and CVAT for video XML (Datumaro's file)
 * imported into a video project as annotations or predictions, then exported as MOT and CVAT for video and
 * read back with core's parsers. Inputs are the real fixtures copied into core's formats/test-fixtures.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCvatVideo, parseMot, type AnnotationResult, type ErrorBody, type ImportResultDto, type LabelConfig, type ProjectDto, type TaskDto, type TaskPageDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';

const FIXTURES = resolve(import.meta.dirname, '../../core/src/formats/test-fixtures');
const BASE = 'https://video.example/clips/';
const colour = '#e5484d';
const CONFIG: LabelConfig = {
  version: 1,
  fields: [{ name: 'video', type: 'video' }],
  controls: [
    { type: 'videorectangle', name: 'box', toName: 'video', labels: [{ value: 'II', color: colour }, { value: 'person', color: colour }] },
    { type: 'videokeypoint', name: 'points', toName: 'video', labels: [{ value: 'klhg', color: colour }], attributes: [{ name: 'hgl', type: 'choice', options: ['jk', 'hgkf'], mutable: true }] },
    { type: 'videoevents', name: 'events', toName: 'video', labels: [{ value: 'crossing', color: colour }] },
  ],
};

async function motZip(): Promise<Buffer> {
  const read = (path: string) => readFile(join(FIXTURES, 'mot', path));
  return Buffer.from(
    zipSync({
      'pathtrack/gt/gt.txt': await read('pathtrack/gt/gt-short.txt'),
      'pathtrack/info.xml': await read('pathtrack/info.xml'),
    }),
  );
}

describe.each(BACKENDS)('video track formats on $name', (backend) => {
  let t: TestServer;
  let project: ProjectDto;
  const tasksOf = async () => (await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${project.id}/tasks?limit=500`)).items;
  const importFile = (body: Buffer, query: string) => t.owner.request<ImportResultDto & ErrorBody>('POST', `/api/v1/projects/${project.id}/import?${query}`, new Uint8Array(body), { 'content-type': 'application/octet-stream' });
  const download = async (format: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> => {
    const res = await fetch(`${t.owner.baseUrl}/api/v1/projects/${project.id}/export?format=${format}`, { headers: t.owner.authHeaders('GET') });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  };

  beforeAll(async () => {
    t = await startTestServer(backend);
    // PathTrack rows have no class: a project with two box labels cannot tell which; this one first has one.
    project = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'tracks', labelConfig: CONFIG });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses classless MOT rows when the project has several box labels, importing nothing', async () => {
    const res = await importFile(await motZip(), 'format=mot');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^nothing was imported: pathtrack\/gt\/gt\.txt line 1: has no class/);
    expect(await tasksOf()).toEqual([]);
  });

  it('imports a MOT sequence with labels.txt: one video task, its tracks as the annotation', async () => {
    const read = (path: string) => readFile(join(FIXTURES, 'mot', path));
    // The PathTrack rows given class 2 of a labels.txt (II, person), beside their info.xml.
    const rows = (await read('pathtrack/gt/gt-short.txt')).toString('utf8').replace(/ -1 -1 -1 -1 /g, ' 1 2 1 -1 ');
    const zip = Buffer.from(zipSync({ 'seq/gt/gt.txt': Buffer.from(rows), 'seq/gt/labels.txt': Buffer.from('II\nperson\n'), 'seq/info.xml': await read('pathtrack/info.xml') }));
    const res = await importFile(zip, `format=mot&baseUrl=${encodeURIComponent(BASE)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ taskCount: 1, format: 'mot', annotationCount: 1, predictionCount: 0 });
    const [task] = await tasksOf();
    expect(task!.data).toEqual({ video: `${BASE}seq`, frames: 125, fps: 25, duration: 5, width: 1280, height: 720 });
    const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${task!.id}`);
    const result = full.annotations[0]!.result as AnnotationResult;
    expect(result.map((r) => [r.type, r.type === 'videorectangle' ? r.value.sequence.map((k) => k.frame) : []])).toEqual([
      ['videorectangle', [1, 2, 3]],
      ['videorectangle', [123, 124, 125]],
    ]);
  });

  it('imports CVAT for video XML as predictions, with mutable attributes, reporting what it cannot hold', async () => {
    const xml = await readFile(join(FIXTURES, 'cvat/cvat_for_video_1.1.xml'));
    const res = await importFile(xml, `format=cvatvideo&as=predictions&modelVersion=cvat&baseUrl=${encodeURIComponent(BASE)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ taskCount: 1, annotationCount: 0, predictionCount: 1 });
    expect(res.body.skipped).toEqual([
      'file <track id="2">: a polyline track, not imported (no such track control)',
      'file <track id="3">: a skeleton track, not imported (no such track control)',
      'no frame rate in the file: 25 fps assumed for keyframe times and durations',
    ]);
    const task = (await tasksOf()).find((x) => x.data.video === `${BASE}t.mp4`)!;
    expect(task.data).toMatchObject({ frames: 20, width: 25, height: 20 });
    const full = await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${task.id}`);
    expect(full.predictions?.[0]).toMatchObject({ modelVersion: 'cvat' });
    const points = (full.predictions![0]!.result as AnnotationResult).find((r) => r.type === 'videokeypoint');
    expect(points?.type === 'videokeypoint' && points.value.sequence.map((k) => [k.frame, k.enabled, k.attributes])).toEqual([
      [11, true, { hgl: 'hgkf' }],
      [13, false, { hgl: 'hgkf' }],
    ]);
  });

  it('exports MOT and CVAT for video that read back to the imported tracks', async () => {
    // Predictions are not delivered labels: accept the CVAT one as an annotation by importing it so.
    const xml = await readFile(join(FIXTURES, 'cvat/cvat_for_video_1.1.xml'));
    expect((await importFile(xml, `format=cvatvideo&baseUrl=${encodeURIComponent(BASE)}`)).status).toBe(201);
    const mot = await download('mot');
    expect(mot.status).toBe(200);
    expect(mot.headers.get('content-type')).toBe('application/zip');
    const files = new Map(Object.entries(unzipSync(new Uint8Array(mot.bytes))).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]));
    // Three videos (the MOT sequence, the CVAT video as prediction and as annotation): a folder each.
    expect(files.size).toBe(9);
    expect(files.get('seq/gt/labels.txt')).toBe('II\nperson\n');
    const sequences = parseMot(files).videos;
    const seq = sequences.find((v) => v.name === 'seq')!;
    expect(seq.tracks.map((tr) => [tr.label, tr.keys.map((k) => k.frame)])).toEqual([
      ['person', [1, 2, 3]],
      ['person', [123, 124, 125]],
    ]);
    expect(files.get('seq/gt/gt.txt')!.split('\n')[0]).toBe('1,1,893,90,148,538,1,2,1');
    // The CVAT video: its box track on every frame it shows (our 11–13), the points track dropped.
    expect(decodeURIComponent(mot.headers.get('x-yungang-dropped') ?? '')).toContain('points track (MOT holds boxes): 1');

    const cvat = await download('cvatvideo');
    expect(cvat.status).toBe(200);
    expect(cvat.headers.get('content-type')).toBe('application/zip');
    const xmls = Object.entries(unzipSync(new Uint8Array(cvat.bytes))).map(([name, bytes]) => parseCvatVideo(new TextDecoder().decode(bytes), name).video);
    expect(xmls).toHaveLength(3);
    // Two tasks share the name t.mp4, so the export prefixes their task ids; the prediction-only one has no tracks.
    const video = xmls.find((v) => v.name.endsWith('t.mp4') && v.tracks.length > 0)!;
    expect(video.tracks.map((tr) => [tr.kind, tr.label, tr.keys.map((k) => `${k.frame}${k.enabled ? '' : '|'}`).join(' ')])).toEqual([
      ['box', 'II', '11 13|'],
      ['points', 'klhg', '11 13|'],
    ]);
    expect(video.tracks[1]!.keys[0]!.attributes).toEqual({ hgl: 'hgkf' });
  });
});
