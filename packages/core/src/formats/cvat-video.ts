/**
 * CVAT for video 1.1 XML ↔ tracks. `<track label>` elements hold one kind of shape per frame: `<box>`
 * (xtl/ytl/xbr/ybr), `<polygon>` and `<points>` (`points="x,y;x,y"`), in pixels of `original_size`, with
 * `frame` (0-based frame of the video, so ours is frame + 1), `keyframe`, `outside` and `<attribute>`s.
 * Only keyframes are read: CVAT also writes the shapes it interpolated between them, which our tracks
 * recompute. CVAT hides a track from an `outside` keyframe on, while our keyframes say where the object
 * is last seen (`enabled: false`), so an outside keyframe becomes a disabled keyframe on the frame before
 * it, holding the shape interpolated there (the same frames show the same shapes). Polylines, skeletons,
 * ellipses, cuboids, masks and tags have no track control here and are reported, not imported. One file
 * is one video.
 */
import type { LabelConfig } from '../label-config/label-config.types.js';
import { sizeOf, toPercent, toPixels } from './image-size.js';
import { FormatError, drop, imageFileNames, type ExportImage, type ExportReport } from './shapes.js';
import { buildXml, child, nodes, num, parseXml, text, xmlNumber, type XmlNode } from './xml.js';
import { resultTracks, trackControls, videoFramesOf, type FormatTrack, type FormatVideo, type TrackKey, type TrackKind } from './video-tracks.js';

const KIND_OF_ELEMENT: Record<string, TrackKind> = { box: 'box', polygon: 'polygon', points: 'points' };
const UNSUPPORTED = ['polyline', 'skeleton', 'ellipse', 'cuboid', 'mask', 'tag'];

function pointList(raw: string | undefined, where: string): [number, number][] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(';').map((pair) => {
    const [x, y] = pair.split(',').map(Number);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) throw new FormatError(where, `points must be "x,y;x,y…", got ${JSON.stringify(pair)}`);
    return [x, y];
  });
}

/** Reads one CVAT for video file (one video, named by `<meta><source>` or the task's name). */
export function parseCvatVideo(xml: string, fileName: string): { video: FormatVideo; skipped: string[] } {
  const root = parseXml(xml, fileName).annotations;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new FormatError(fileName, 'has no <annotations> root element; is it a CVAT for video 1.1 file?');
  const annotations = root as XmlNode;
  if (nodes(annotations.image).length > 0) throw new FormatError(`${fileName} <image>`, 'is CVAT for images; import it into an image project as "cvat", or export the task from CVAT as "CVAT for video 1.1"');
  const meta = child(annotations, 'meta');
  const task = meta && (child(meta, 'task') ?? child(meta, 'job'));
  const sizeNode = (task && child(task, 'original_size')) ?? (meta && child(meta, 'original_size'));
  const size = sizeOf(text(sizeNode, 'width'), text(sizeNode, 'height'));
  const skipped: string[] = [];
  const stop = Number(text(task, 'stop_frame'));
  const name = text(meta, 'source') || text(task, 'name') || fileName;
  const tracks: FormatTrack[] = [];
  let lastFrame = Number.isInteger(stop) && stop >= 0 ? stop + 1 : 0;
  nodes(annotations.track).forEach((track, t) => {
    const at = `${fileName} <track id=${JSON.stringify(text(track, '@id') ?? String(t))}>`;
    const label = text(track, '@label');
    const other = UNSUPPORTED.filter((kind) => nodes(track[kind]).length > 0);
    const kinds = Object.keys(KIND_OF_ELEMENT).filter((kind) => nodes(track[kind]).length > 0);
    if (other.length > 0) {
      skipped.push(`${at}: a ${other.join(', ')} track, not imported (no such track control)`);
      return;
    }
    if (kinds.length !== 1) {
      skipped.push(`${at}: ${kinds.length === 0 ? 'holds no shapes' : `mixes ${kinds.join(', ')}`}, not imported`);
      return;
    }
    if (label === undefined || label === '') {
      skipped.push(`${at}: has no label, not imported`);
      return;
    }
    const element = kinds[0]!;
    const kind = KIND_OF_ELEMENT[element]!;
    const shapes = nodes(track[element])
      .map((shape, n) => ({ shape, n, frame: xmlNumber(shape, '@frame', `${at} <${element}> ${n + 1}`) }))
      // Shapes without the flag come from old dumps where every written shape was a keyframe.
      .filter(({ shape }) => text(shape, '@keyframe') !== '0')
      .sort((a, b) => a.frame - b.frame);
    const keys: TrackKey[] = [];
    for (const { shape, n, frame } of shapes) {
      const where = `${at} <${element}> ${n + 1}`;
      if (!Number.isInteger(frame) || frame < 0) throw new FormatError(where, `frame must be a whole number ≥ 0, got ${frame}`);
      if (!size) throw new FormatError(fileName, 'has no <original_size> width/height; CVAT coordinates are pixels, so the size is needed');
      lastFrame = Math.max(lastFrame, frame + 1);
      const key: TrackKey = { frame: frame + 1, enabled: true };
      if (kind === 'box') {
        const [xtl, ytl, xbr, ybr] = ['@xtl', '@ytl', '@xbr', '@ybr'].map((k) => xmlNumber(shape, k, where)) as [number, number, number, number];
        if (text(shape, '@rotation') !== undefined && Number(text(shape, '@rotation')) % 360 !== 0) skipped.push(`${where}: rotation not kept (tracked boxes are upright)`);
        key.box = { x: toPercent(xtl, size.width), y: toPercent(ytl, size.height), width: toPercent(xbr - xtl, size.width), height: toPercent(ybr - ytl, size.height) };
      } else key.points = pointList(text(shape, '@points'), where).map(([x, y]) => [toPercent(x, size.width), toPercent(y, size.height)]);
      const attributes = nodes(shape.attribute);
      if (attributes.length > 0) key.attributes = Object.fromEntries(attributes.map((a) => [text(a, '@name') ?? '?', text(a, '#text') ?? '']));
      if (text(shape, '@outside') !== '1') {
        keys.push(key);
        continue;
      }
      const prev = keys[keys.length - 1];
      // Already hidden (or never shown): a further outside keyframe changes nothing.
      if (!prev || !prev.enabled) continue;
      const lastSeen = key.frame - 1;
      if (lastSeen === prev.frame) prev.enabled = false;
      else keys.push({ ...between(prev, key, lastSeen), ...(prev.attributes ? { attributes: prev.attributes } : {}) });
    }
    if (keys.length === 0) {
      skipped.push(`${at}: never visible, not imported`);
      return;
    }
    tracks.push({ kind, label, where: at, keys });
  });
  const video: FormatVideo = { name, frames: lastFrame, tracks };
  if (size) video.size = size;
  return { video, skipped };
}

/** The disabled keyframe on `frame` between `a` and the outside keyframe `b`: the shape CVAT shows there. */
function between(a: TrackKey, b: TrackKey, frame: number): TrackKey {
  const t = (frame - a.frame) / (b.frame - a.frame);
  const lerp = (p: number, q: number): number => p + (q - p) * t;
  if (a.box && b.box) return { frame, enabled: false, box: { x: lerp(a.box.x, b.box.x), y: lerp(a.box.y, b.box.y), width: lerp(a.box.width, b.box.width), height: lerp(a.box.height, b.box.height) } };
  const pa = a.points ?? [];
  const pb = b.points ?? [];
  // Our rule for unequal vertex counts: hold the earlier shape (video/point-track.ts).
  const points = pa.length === pb.length ? pa.map(([x, y], i): [number, number] => [lerp(x, pb[i]![0]), lerp(y, pb[i]![1])]) : pa.map(([x, y]): [number, number] => [x, y]);
  return { frame, enabled: false, points };
}

/**
 * One CVAT for video file per task: meta (frames, size, the labels with their attributes), then each
 * track with its keyframes, and after a disabled keyframe an `outside` keyframe on the next frame
 * (unless the video ends there or the next keyframe follows at once). Events and other items are counted
 * in the report.
 */
export function buildCvatVideo(videos: readonly ExportImage[], config: LabelConfig): { files: Map<string, string>; report: ExportReport } {
  const report: ExportReport = { unsized: [], dropped: {} };
  const names = imageFileNames(videos);
  const labels = new Map<string, { kinds: Set<string>; attributes: Map<string, XmlNode> }>();
  for (const control of trackControls(config)) {
    for (const label of control.labels) {
      const entry = labels.get(label.value) ?? { kinds: new Set<string>(), attributes: new Map<string, XmlNode>() };
      entry.kinds.add(control.type === 'videorectangle' ? 'rectangle' : control.type === 'videopolygon' ? 'polygon' : 'points');
      for (const a of control.attributes ?? []) {
        entry.attributes.set(a.name, { name: a.name, mutable: a.mutable === true ? 'True' : 'False', input_type: a.type === 'choice' ? 'select' : a.type, default_value: a.type === 'choice' ? (a.options?.[0] ?? '') : a.type === 'number' ? '0' : '', values: a.type === 'choice' ? (a.options ?? []).join('\n') : '' });
      }
      labels.set(label.value, entry);
    }
  }
  const labelNodes = [...labels].map(([name, entry]) => ({ name, ...(entry.kinds.size === 1 ? { type: [...entry.kinds][0] } : {}), attributes: entry.attributes.size > 0 ? { attribute: [...entry.attributes.values()] } : '' }));
  const files = new Map<string, string>();
  for (const video of videos) {
    const name = names.get(video.taskId)!;
    const size = sizeOf(video.data.width, video.data.height);
    const frames = videoFramesOf(video.data, video.result) ?? 0;
    for (const item of video.result) if (item.type !== 'videorectangle' && item.type !== 'videopolygon' && item.type !== 'videokeypoint') drop(report.dropped, `${item.type} item`);
    const tracks = resultTracks(video.result);
    if (tracks.length > 0 && !size) {
      report.unsized.push(video.taskId);
      continue;
    }
    const W = size?.width ?? 1;
    const H = size?.height ?? 1;
    const trackNodes = tracks.map((track, t) => {
      const element = track.kind === 'box' ? 'box' : track.kind === 'polygon' ? 'polygon' : 'points';
      const shapeNode = (key: TrackKey, frame: number, outside: boolean): XmlNode => {
        const node: XmlNode = { '@frame': frame, '@keyframe': 1, '@outside': outside ? 1 : 0, '@occluded': 0 };
        if (key.box) Object.assign(node, { '@xtl': num(toPixels(key.box.x, W)), '@ytl': num(toPixels(key.box.y, H)), '@xbr': num(toPixels(key.box.x + key.box.width, W)), '@ybr': num(toPixels(key.box.y + key.box.height, H)) });
        else node['@points'] = (key.points ?? []).map(([x, y]) => `${num(toPixels(x, W))},${num(toPixels(y, H))}`).join(';');
        node['@z_order'] = 0;
        if (key.attributes) node.attribute = Object.entries(key.attributes).map(([n, v]) => ({ '@name': n, '#text': v }));
        return node;
      };
      const shapes: XmlNode[] = [];
      track.keys.forEach((key, k) => {
        shapes.push(shapeNode(key, key.frame - 1, false));
        const next = track.keys[k + 1];
        if (!key.enabled && key.frame < frames && next?.frame !== key.frame + 1) shapes.push(shapeNode(key, key.frame, true));
      });
      return { '@id': t, '@label': track.label, '@source': 'manual', [element]: shapes };
    });
    const xml = buildXml({
      annotations: {
        version: '1.1',
        meta: {
          task: {
            name,
            size: frames,
            mode: 'interpolation',
            overlap: 0,
            start_frame: 0,
            stop_frame: Math.max(0, frames - 1),
            frame_filter: '',
            labels: { label: labelNodes },
            ...(size ? { original_size: { width: num(size.width), height: num(size.height) } } : {}),
          },
          source: name,
        },
        ...(trackNodes.length > 0 ? { track: trackNodes } : {}),
      },
    });
    files.set(`${name.replace(/\.[^.]*$/, '') || 'video'}.xml`, xml);
  }
  return { files, report };
}
