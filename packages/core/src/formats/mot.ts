/**
 * MOTChallenge ground truth ↔ box tracks. A sequence is a folder with `gt/gt.txt` (one row per box and
 * frame: `frame,id,left,top,width,height,conf,class,visibility`, frames 1-based, pixels) and `seqinfo.ini`
 * (`imWidth`, `imHeight`, `seqLength`, `frameRate`); the class column indexes `gt/labels.txt` (CVAT and
 * Datumaro write one, 1-based) or, without one, MOT's own classes. PathTrack folders (space-separated
 * rows, `info.xml` with the size) read the same way. Rows of one id are one track: each row is a keyframe,
 * and a gap in its frames, or its last row, ends the object's visibility there (`enabled: false`). On
 * export every visible frame of a box track is written, interpolated between keyframes, so a trip through
 * MOT keeps every frame's box; the keyframe choice of the annotator is not kept (MOT has no such notion).
 */
import type { LabelConfig } from '../label-config/label-config.types.js';
import { interpolateTrack, visibleRuns } from '../video/video-track.js';
import { sizeOf, toPercent, toPixels, type ImageSize } from './image-size.js';
import { fileStem, FormatError, imageFileNames, type ExportImage, type ExportReport, drop } from './shapes.js';
import { num } from './xml.js';
import { resultTracks, videoFramesOf, type FormatTrack, type FormatVideo, type TrackKey, type VideoDataset } from './video-tracks.js';

/** MOT16/17's classes, whose 1-based index the class column holds when a sequence has no labels.txt. */
export const MOT_CLASSES = ['pedestrian', 'person_on_vehicle', 'car', 'bicycle', 'motorbike', 'non_motorized_vehicle', 'static_person', 'distractor', 'occluder', 'occluder_on_ground', 'occluder_full', 'reflection'];

/** `key=value` lines of an INI file's sections, flattened (seqinfo.ini has one section). */
function ini(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^=;#[\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

function xmlValue(text: string, tag: string): string | undefined {
  return new RegExp(`<${tag}\\b[^>]*>([^<]*)</${tag}>`).exec(text)?.[1];
}

export interface MotOptions {
  /** The label of rows without a class (class -1 or no column): the project's only box label, say. */
  defaultLabel?: string;
}

/**
 * Reads MOT sequences from a zip's text files (path → content). Each folder with a `gt/*.txt` file
 * (besides labels.txt) is one sequence, named by seqinfo.ini's `name` or its folder.
 */
export function parseMot(files: ReadonlyMap<string, string>, options: MotOptions = {}): VideoDataset {
  const skipped: string[] = [];
  const gts = [...files.keys()].filter((path) => /(^|\/)gt\/[^/]+\.txt$/.test(path) && !path.endsWith('/labels.txt')).sort();
  if (gts.length === 0) throw new FormatError('zip', 'holds no gt/gt.txt; a MOT sequence is a folder with gt/gt.txt and seqinfo.ini');
  const videos = gts.map((path): FormatVideo => {
    const folder = path.slice(0, path.lastIndexOf('gt/'));
    const info = files.get(`${folder}seqinfo.ini`);
    const seq = info === undefined ? new Map<string, string>() : ini(info);
    const pathtrack = files.get(`${folder}info.xml`);
    const size = sizeOf(seq.get('imWidth') ?? (pathtrack && xmlValue(pathtrack, 'imw')), seq.get('imHeight') ?? (pathtrack && xmlValue(pathtrack, 'imh')));
    if (!size) throw new FormatError(path, `has no image size: MOT rows are pixels, so the sequence needs seqinfo.ini with imWidth and imHeight (${folder || 'the zip root'})`);
    const length = Number(seq.get('seqLength') ?? (pathtrack && xmlValue(pathtrack, 'num_frames')));
    const fps = Number(seq.get('frameRate') ?? (pathtrack && xmlValue(pathtrack, 'fps')));
    const labelsText = files.get(`${folder}gt/labels.txt`) ?? files.get(`${folder}labels.txt`) ?? files.get('labels.txt');
    const classes = labelsText === undefined ? MOT_CLASSES : labelsText.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
    const name = seq.get('name') ?? (folder.replace(/\/$/, '').split('/').pop() || 'sequence');
    const tracks = readRows(files.get(path)!, path, size, classes, options, skipped);
    const lastRow = Math.max(0, ...tracks.flatMap((t) => t.keys.map((k) => k.frame)));
    const frames = Number.isInteger(length) && length > 0 ? Math.max(length, lastRow) : lastRow;
    const video: FormatVideo = { name, size, frames, tracks };
    if (Number.isFinite(fps) && fps > 0) video.fps = fps;
    return video;
  });
  return { videos, skipped };
}

function readRows(text: string, path: string, size: ImageSize, classes: readonly string[], options: MotOptions, skipped: string[]): FormatTrack[] {
  const byId = new Map<string, { label: string; where: string; rows: { frame: number; box: TrackKey['box']; line: number }[]; conf: number[] }>();
  let single = 0;
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${path} line ${n + 1}`;
    const cells = line.split(/\s*,\s*|\s+/);
    const values = cells.map(Number);
    if (cells.length < 6 || values.slice(0, 6).some((v) => !Number.isFinite(v))) throw new FormatError(where, `must be "frame,id,left,top,width,height[,conf,class,visibility]", got ${JSON.stringify(line.slice(0, 80))}`);
    const [frame, id, left, top, width, height] = values as [number, number, number, number, number, number];
    if (!Number.isInteger(frame) || frame < 1) throw new FormatError(where, `frame must be a whole number ≥ 1 (MOT counts from 1), got ${cells[0]}`);
    const classCell = values[7];
    let label: string | undefined;
    if (classCell !== undefined && Number.isFinite(classCell) && classCell !== -1) {
      label = classes[classCell - 1];
      if (label === undefined) throw new FormatError(where, `class ${classCell} is not in the class list (${classes.length} classes: ${classes.slice(0, 12).join(', ')}${classes.length > 12 ? ', …' : ''})`);
    } else label = options.defaultLabel;
    if (label === undefined) throw new FormatError(where, 'has no class (-1 or no column), and the project has more than one box label to give it; add a class column or a labels.txt');
    // Id -1 marks a box outside any track (Datumaro writes them): each is a one-frame track of its own.
    const key = id === -1 ? `single-${++single}` : `${id}`;
    let track = byId.get(key);
    if (!track) byId.set(key, (track = { label, where: `${path} id ${id === -1 ? `-1 (line ${n + 1})` : id}`, rows: [], conf: [] }));
    else if (track.label !== label) throw new FormatError(where, `track ${id} changes class from ${JSON.stringify(track.label)} to ${JSON.stringify(label)}; our tracks keep one label`);
    if (track.rows.some((r) => r.frame === frame)) throw new FormatError(where, `track ${id} has a second box on frame ${frame}`);
    const conf = values[6];
    if (conf !== undefined && Number.isFinite(conf) && conf >= 0) track.conf.push(conf);
    track.rows.push({ frame, line: n + 1, box: { x: toPercent(left, size.width), y: toPercent(top, size.height), width: toPercent(width, size.width), height: toPercent(height, size.height) } });
  });
  const ignored = [...byId.values()].reduce((s, t) => s + t.conf.filter((c) => c === 0).length, 0);
  if (ignored > 0) skipped.push(`${path}: ${ignored} row(s) marked not to be considered (conf 0) imported as ordinary boxes`);
  return [...byId.values()].map((t): FormatTrack => {
    const rows = t.rows.sort((a, b) => a.frame - b.frame);
    const keys = rows.map((r, i): TrackKey => ({ frame: r.frame, enabled: rows[i + 1]?.frame === r.frame + 1, box: r.box! }));
    const track: FormatTrack = { kind: 'box', label: t.label, where: t.where, keys };
    if (t.conf.length > 0) track.score = t.conf.reduce((a, b) => a + b, 0) / t.conf.length;
    return track;
  });
}

/**
 * MOT sequences of box tracks: per task `<name>/gt/gt.txt`, `<name>/gt/labels.txt` (the project's box
 * labels; the class column is 1-based into it) and `<name>/seqinfo.ini`. Polygon and point tracks and
 * events have no MOT form and are counted in the report.
 */
export function buildMot(videos: readonly ExportImage[], config: LabelConfig): { files: Map<string, string>; report: ExportReport } {
  const report: ExportReport = { unsized: [], dropped: {} };
  const classes = [...new Set(config.controls.flatMap((c) => (c.type === 'videorectangle' ? c.labels.map((l) => l.value) : [])))];
  const names = imageFileNames(videos);
  const files = new Map<string, string>();
  for (const video of videos) {
    const stem = fileStem(names.get(video.taskId)!);
    const size = sizeOf(video.data.width, video.data.height);
    const frames = videoFramesOf(video.data, video.result) ?? 0;
    const rows: { frame: number; id: number; text: string }[] = [];
    for (const item of video.result) if (item.type !== 'videorectangle' && item.type !== 'videopolygon' && item.type !== 'videokeypoint') drop(report.dropped, `${item.type} item`);
    const tracks = resultTracks(video.result);
    if (tracks.length > 0 && !size) report.unsized.push(video.taskId);
    let id = 0;
    for (const track of tracks) {
      if (track.kind !== 'box') {
        drop(report.dropped, `${track.kind} track (MOT holds boxes)`);
        continue;
      }
      if (!size) continue;
      id++;
      const sequence = track.keys.map((k) => ({ frame: k.frame, enabled: k.enabled, time: 0, ...k.box! }));
      const cls = classes.indexOf(track.label) + 1;
      for (const [first, last] of visibleRuns(sequence, frames)) {
        for (let f = first; f <= last; f++) {
          const b = interpolateTrack(sequence, f)!;
          const cells = [f, id, toPixels(b.x, size.width), toPixels(b.y, size.height), toPixels(b.width, size.width), toPixels(b.height, size.height)].map(num);
          rows.push({ frame: f, id, text: `${cells.join(',')},1,${cls},1` });
        }
      }
    }
    rows.sort((a, b) => a.frame - b.frame || a.id - b.id);
    files.set(`${stem}/gt/gt.txt`, rows.map((r) => `${r.text}\n`).join(''));
    files.set(`${stem}/gt/labels.txt`, classes.map((c) => `${c}\n`).join(''));
    const fps = typeof video.data.fps === 'number' && video.data.fps > 0 ? video.data.fps : undefined;
    files.set(`${stem}/seqinfo.ini`, ['[Sequence]', `name=${stem}`, 'imDir=img1', ...(fps !== undefined ? [`frameRate=${num(fps)}`] : []), `seqLength=${frames}`, ...(size ? [`imWidth=${num(size.width)}`, `imHeight=${num(size.height)}`] : []), 'imExt=.jpg', ''].join('\n'));
  }
  return { files, report };
}
