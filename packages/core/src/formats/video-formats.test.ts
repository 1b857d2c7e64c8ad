import { describe, expect, it } from 'vitest';
import type { AnnotationResult, VideoRectangleResultItem } from '../annotation/result.types.js';
import type { VideoKeyPointResultItem } from '../annotation/video-result.types.js';
import { validateResult } from '../annotation/validate-result.js';
import type { LabelConfig, TrackAttribute } from '../label-config/label-config.types.js';
import { interpolatePoints } from '../video/point-track.js';
import { interpolateTrack } from '../video/video-track.js';
import { buildCvatVideo, parseCvatVideo } from './cvat-video.js';
import { buildMot, parseMot } from './mot.js';
import { fixtureText } from './round-trip-helpers.test.js';
import type { ExportImage } from './shapes.js';
import { DEFAULT_FPS, tracksToResult, type FormatVideo } from './video-tracks.js';

const colour = (value: string) => ({ value, color: '#336699' });

function videoConfig(labels: { boxes?: string[]; polygons?: string[]; points?: string[] }, attributes?: TrackAttribute[]): LabelConfig {
  const controls: LabelConfig['controls'] = [];
  if (labels.boxes) controls.push({ type: 'videorectangle', name: 'box', toName: 'video', labels: labels.boxes.map(colour) });
  if (labels.polygons) controls.push({ type: 'videopolygon', name: 'area', toName: 'video', labels: labels.polygons.map(colour) });
  if (labels.points) controls.push({ type: 'videokeypoint', name: 'points', toName: 'video', labels: labels.points.map(colour), ...(attributes ? { attributes } : {}) });
  return { version: 1, fields: [{ name: 'video', type: 'video' }], controls };
}

/** Parsed videos → what the server would store (validated results), as export input. */
function asTasks(videos: readonly FormatVideo[], config: LabelConfig): ExportImage[] {
  return videos.map((video, i) => {
    const fps = video.fps ?? DEFAULT_FPS;
    const frames = video.frames ?? 1;
    const { result, issues } = tracksToResult(video.tracks, config, { frames, fps });
    if (issues.length > 0) throw new Error(issues.map((x) => `${x.where}: ${x.message}`).join('\n'));
    const data = { video: `https://v.example/${/\.\w+$/.test(video.name) ? video.name : `${video.name}.mp4`}`, frames, fps, width: video.size!.width, height: video.size!.height };
    return { taskId: String(i + 1), url: data.video, data, result: validateResult(config, data, result) };
  });
}

/** Differences between two stored results, ignoring item ids, numbers compared within 1e-6. */
function resultDifferences(a: AnnotationResult, b: AnnotationResult): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (typeof x === 'number' && typeof y === 'number') {
      if (Math.abs(x - y) > 1e-6) out.push(`${path}: ${x} became ${y}`);
    } else if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) out.push(`${path}: ${x.length} entries became ${y.length}`);
      else x.forEach((v, i) => walk(v, y[i], `${path}[${i}]`));
    } else if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) if (k !== 'id') walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`);
    } else if (x !== y) out.push(`${path}: ${JSON.stringify(x)} became ${JSON.stringify(y)}`);
  };
  walk(a, b, 'result');
  return out;
}

describe('MOT', () => {
  const seqinfo = fixtureText('mot/datumaro/mot_seq_with_seqinfo/seqinfo.ini');

  it('reads the Datumaro sequence with seqinfo.ini: MOT classes, a one-frame box outside any track', () => {
    const { videos } = parseMot(new Map([['mot_seq_with_seqinfo/gt/gt.txt', fixtureText('mot/datumaro/mot_seq_with_seqinfo/gt/gt.txt')], ['mot_seq_with_seqinfo/seqinfo.ini', seqinfo]]));
    expect(videos).toHaveLength(1);
    const v = videos[0]!;
    expect(v).toMatchObject({ name: 'Test', size: { width: 16, height: 16 }, frames: 1, fps: 10 });
    // Row "1,-1,0,4,4,8,1,3,1.0": class 3 of MOT's list is "car"; 0,4,4,8 px of 16 × 16.
    expect(v.tracks).toEqual([{ kind: 'box', label: 'car', where: 'mot_seq_with_seqinfo/gt/gt.txt id -1 (line 1)', score: 1, keys: [{ frame: 1, enabled: false, box: { x: 0, y: 25, width: 25, height: 50 } }] }]);
  });

  it('uses labels.txt for the class column and refuses a sequence without its size', () => {
    const gt = fixtureText('mot/datumaro/mot_seq/gt/gt.txt');
    const labels = fixtureText('mot/datumaro/mot_seq/gt/labels.txt');
    expect(() => parseMot(new Map([['mot_seq/gt/gt.txt', gt], ['mot_seq/gt/labels.txt', labels]]))).toThrow(/needs seqinfo.ini with imWidth and imHeight/);
    const { videos } = parseMot(new Map([['mot_seq/gt/gt.txt', gt], ['mot_seq/gt/labels.txt', labels], ['mot_seq/seqinfo.ini', seqinfo]]));
    expect(videos[0]!.tracks[0]!.label).toBe('label_2');
  });

  const pathtrack = (): FormatVideo[] => parseMot(new Map([['pathtrack/gt/gt-short.txt', fixtureText('mot/pathtrack/gt/gt-short.txt')], ['pathtrack/info.xml', fixtureText('mot/pathtrack/info.xml')]]), { defaultLabel: 'person' }).videos;

  it('reads the PathTrack sample (space-separated, no class, size in info.xml) as two tracks', () => {
    const [v] = pathtrack();
    expect(v).toMatchObject({ name: 'pathtrack', size: { width: 1280, height: 720 }, frames: 125, fps: 25 });
    expect(v!.tracks.map((t) => [t.label, t.keys.map((k) => `${k.frame}${k.enabled ? '' : '|'}`).join(' ')])).toEqual([
      ['person', '1 2 3|'],
      ['person', '123 124 125|'],
    ]);
    expect(v!.tracks[0]!.keys[0]!.box!.x).toBeCloseTo((893 / 1280) * 100, 12);
    expect(() => parseMot(new Map([['p/gt/gt.txt', '1 1 893 90 148 538 -1 -1 -1 -1 0'], ['p/info.xml', fixtureText('mot/pathtrack/info.xml')]]))).toThrow(/has no class/);
  });

  it('round-trips the PathTrack and Datumaro sequences within 1e-6, every frame written', () => {
    const config = videoConfig({ boxes: ['person', 'car'] });
    const first = asTasks(pathtrack(), config);
    const { files, report } = buildMot(first, config);
    expect(report).toEqual({ unsized: [], dropped: {} });
    expect(files.get('pathtrack/gt/gt.txt')!.split('\n')[0]).toBe('1,1,893,90,148,538,1,1,1');
    expect(files.get('pathtrack/seqinfo.ini')).toContain('imWidth=1280');
    const again = asTasks(parseMot(files).videos, config);
    expect(resultDifferences(first[0]!.result, again[0]!.result)).toEqual([]);
  });

  it('writes interpolated frames between keyframes and leaves out polygon tracks, counted', () => {
    const config = videoConfig({ boxes: ['car'], polygons: ['road'] });
    const data = { video: 'https://v.example/a.mp4', frames: 5, fps: 25, width: 100, height: 100 };
    const result = validateResult(config, data, [
      { id: 'b', from_name: 'box', to_name: 'video', type: 'videorectangle', value: { framesCount: 5, duration: 0.2, labels: ['car'], sequence: [{ frame: 1, x: 0, y: 0, width: 10, height: 10, enabled: true, time: 0 }, { frame: 3, x: 20, y: 0, width: 10, height: 10, enabled: false, time: 0.08 }] } },
      { id: 'p', from_name: 'area', to_name: 'video', type: 'videopolygon', value: { framesCount: 5, duration: 0.2, labels: ['road'], sequence: [{ frame: 1, points: [[0, 0], [5, 0], [5, 5]], enabled: true, time: 0 }] } },
    ]);
    const { files, report } = buildMot([{ taskId: '1', url: data.video, data, result }], config);
    expect(files.get('a/gt/gt.txt')).toBe('1,1,0,0,10,10,1,1,1\n2,1,10,0,10,10,1,1,1\n3,1,20,0,10,10,1,1,1\n');
    expect(report.dropped).toEqual({ 'polygon track (MOT holds boxes)': 1 });
  });
});

describe('CVAT for video 1.1', () => {
  const xml = fixtureText('cvat/cvat_for_video_1.1.xml');
  const config = videoConfig({ boxes: ['II'], points: ['klhg'] }, [{ name: 'hgl', type: 'choice', options: ['jk', 'hgkf'], mutable: true }]);

  it('reads the Datumaro file: keyframes only, outside as the last frame seen, mutable attributes; reports the rest', () => {
    const { video, skipped } = parseCvatVideo(xml, 'annotations.xml');
    expect(video).toMatchObject({ name: 't.mp4', size: { width: 25, height: 20 }, frames: 20 });
    expect(skipped).toEqual(['annotations.xml <track id="2">: a polyline track, not imported (no such track control)', 'annotations.xml <track id="3">: a skeleton track, not imported (no such track control)']);
    const [box, points] = video.tracks;
    // Box 3,4 – 10,5 px on CVAT frame 10 (our 11); outside from CVAT frame 13, so last seen on our frame 13,
    // two thirds of the way towards the outside keyframe's 7,6 – 14,8.
    expect(box!.keys.map((k) => [k.frame, k.enabled])).toEqual([
      [11, true],
      [13, false],
    ]);
    expect(box!.keys[1]!.box!.x).toBeCloseTo(((3 + (4 * 2) / 3) / 25) * 100, 12);
    expect(points!.kind).toBe('points');
    expect(points!.keys[0]).toMatchObject({ frame: 11, enabled: true, attributes: { hgl: 'hgkf' } });
    expect(points!.keys[0]!.points).toHaveLength(3);
  });

  it('shows on each frame what CVAT shows there', () => {
    const [task] = asTasks([parseCvatVideo(xml, 'annotations.xml').video], config);
    const box = task!.result.find((r): r is VideoRectangleResultItem => r.type === 'videorectangle')!;
    expect(interpolateTrack(box.value.sequence, 10)).toBeNull();
    const shown = interpolateTrack(box.value.sequence, 11)!;
    expect([shown.x, shown.y, shown.width, shown.height].map((v) => Number(v.toFixed(9)))).toEqual([12, 20, 28, 5]);
    // CVAT frame 11: a third of the way from 3,4,7,1 px to 7,6,7,2 px.
    const third = interpolateTrack(box.value.sequence, 12)!;
    expect([third.x, third.y, third.width, third.height].map((v) => Number(v.toFixed(9)))).toEqual([((3 + 4 / 3) / 25) * 100, ((4 + 2 / 3) / 20) * 100, 28, ((1 + 1 / 3) / 20) * 100].map((v) => Number(v.toFixed(9))));
    expect(interpolateTrack(box.value.sequence, 14)).toBeNull();
    const points = task!.result.find((r): r is VideoKeyPointResultItem => r.type === 'videokeypoint')!;
    expect(points.value.sequence[0]!.attributes).toEqual({ hgl: 'hgkf' });
    expect(interpolatePoints(points.value.sequence, 14)).toBeNull();
  });

  it('round-trips the fixture within 1e-6', () => {
    const first = asTasks([parseCvatVideo(xml, 'annotations.xml').video], config);
    const { files, report } = buildCvatVideo(first, config);
    expect(report).toEqual({ unsized: [], dropped: {} });
    const [name, out] = [...files][0]!;
    expect(name).toBe('t.xml');
    expect(out).toContain('<attribute name="hgl">hgkf</attribute>');
    expect(out).toContain('<original_size>');
    const again = asTasks([parseCvatVideo(out!, name!).video], config);
    expect(resultDifferences(first[0]!.result, again[0]!.result)).toEqual([]);
  });

  it('round-trips polygon tracks that leave and come back, with track-wide attributes', () => {
    const polygonConfig: LabelConfig = { version: 1, fields: [{ name: 'video', type: 'video' }], controls: [{ type: 'videopolygon', name: 'area', toName: 'video', labels: [colour('road')], attributes: [{ name: 'lanes', type: 'number' }, { name: 'wet', type: 'choice', options: ['yes', 'no'], mutable: true }] }] };
    const data = { video: 'https://v.example/road.mp4', frames: 30, fps: 25, width: 640, height: 480 };
    const tri = (d: number): [number, number][] => [[10 + d, 10], [30 + d, 10], [20 + d, 30]];
    const result = validateResult(polygonConfig, data, [
      {
        id: 'p',
        from_name: 'area',
        to_name: 'video',
        type: 'videopolygon',
        value: { framesCount: 30, duration: 1.2, labels: ['road'], attributes: { lanes: 2 }, sequence: [{ frame: 1, points: tri(0), enabled: true, time: 0, attributes: { wet: 'no' } }, { frame: 10, points: tri(5), enabled: false, time: 0.36, attributes: { wet: 'yes' } }, { frame: 20, points: tri(1), enabled: true, time: 0.76, attributes: { wet: 'yes' } }] },
      },
    ]);
    const { files } = buildCvatVideo([{ taskId: '1', url: data.video, data, result }], polygonConfig);
    const out = files.get('road.xml')!;
    expect(out).toContain('<polygon frame="10" keyframe="1" outside="1"');
    expect(out).toContain('<attribute name="lanes">2</attribute>');
    const [again] = asTasks([parseCvatVideo(out, 'road.xml').video], polygonConfig);
    expect(resultDifferences(result, again!.result)).toEqual([]);
  });
});
