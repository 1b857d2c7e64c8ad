/**
 * YOLO label files ↔ shapes: Ultralytics detection (`class cx cy w h`), segmentation (`class x1 y1 x2 y2 …`),
 * oriented boxes (`class x1 y1 … x4 y4`, read as 4-corner polygons), pose (`class cx cy w h` + `x y v` per key
 * point, `kpt_shape` in data.yaml) and Darknet YOLO 1.1 (obj.names / classes.txt). Coordinates are
 * normalised to 0..1 of the image, so no image size is needed either way. A trailing extra number on a box
 * line is a confidence (`save_conf`), read as the score.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { KeyPointLabelsControl, LabelConfig } from '../label-config/label-config.types.js';
import { groupKeypoints } from './keypoint-groups.js';
import { drop, fileStem, FormatError, imageFileNames, resultShapes, shapeClasses, type ExportImage, type ExportReport, type FormatDataset, type FormatImage, type Shape } from './shapes.js';

export interface YoloOptions {
  /** Names of the pose key points in file order (the project's keypointlabels control labels). */
  keypointNames?: string[];
  /** Extension to add to a label file's stem when no image list names the image (".jpg"). */
  imageExtension?: string;
}

const LIST_FILES = new Set(['images.txt', 'train.txt', 'val.txt', 'test.txt']);
const NAME_FILES = new Set(['classes.txt', 'obj.names']);

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** The class names from data.yaml (`names` as a list or an index map), else classes.txt / obj.names. */
function classNames(files: ReadonlyMap<string, string>): { names: string[]; keypoints?: number; pointDims: number } {
  for (const [path, text] of files) {
    if (!/\.ya?ml$/i.test(path)) continue;
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (e) {
      throw new FormatError(path, `is not valid YAML: ${(e as Error).message}`);
    }
    if (typeof doc !== 'object' || doc === null || !('names' in doc)) continue;
    const raw = (doc as { names: unknown; kpt_shape?: unknown }).names;
    const names: string[] = [];
    if (Array.isArray(raw)) raw.forEach((n, i) => (names[i] = String(n)));
    else if (typeof raw === 'object' && raw !== null) for (const [k, v] of Object.entries(raw)) names[Number(k)] = String(v);
    else throw new FormatError(`${path}: names`, 'must be a list or a map of class index → name');
    const shape = (doc as { kpt_shape?: unknown }).kpt_shape;
    const dims: unknown[] = Array.isArray(shape) ? shape : [];
    const keypoints = typeof dims[0] === 'number' ? dims[0] : undefined;
    if (keypoints !== undefined && dims[1] !== 3 && dims[1] !== 2) throw new FormatError(`${path}: kpt_shape`, `must be [points, 2 or 3], got ${JSON.stringify(shape)}`);
    return { names, ...(keypoints !== undefined ? { keypoints } : {}), pointDims: dims[1] === 2 ? 2 : 3 };
  }
  for (const [path, text] of files) {
    if (NAME_FILES.has(baseName(path))) return { names: text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ''), pointDims: 3 };
  }
  throw new FormatError('archive', 'has no class names: add data.yaml with "names", or classes.txt / obj.names with one class per line');
}

/** Reads YOLO files (path → text, e.g. an unzipped archive). Image names come from images.txt / train.txt. */
export function parseYolo(files: ReadonlyMap<string, string>, options: YoloOptions = {}): FormatDataset {
  const { names, keypoints, pointDims } = classNames(files);
  const listed = new Map<string, string>();
  for (const [path, text] of files) {
    if (!LIST_FILES.has(baseName(path))) continue;
    for (const line of text.split(/\r?\n/)) {
      const entry = line.trim();
      if (entry !== '') listed.set(fileStem(baseName(entry.split(/[?#]/)[0] ?? entry)), entry);
    }
  }
  const images: FormatImage[] = [];
  for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const file = baseName(path);
    if (!file.endsWith('.txt') || LIST_FILES.has(file) || NAME_FILES.has(file)) continue;
    const stem = fileStem(file);
    const name = listed.get(stem) ?? (options.imageExtension ? `${stem}${options.imageExtension.startsWith('.') ? '' : '.'}${options.imageExtension}` : undefined);
    if (name === undefined) throw new FormatError(path, `no image named ${JSON.stringify(stem)} in images.txt or train.txt; list each image's file name or URL there (one per line), or give the image extension`);
    images.push({ name, shapes: yoloLines(text, path, names, keypoints, pointDims, options.keypointNames) });
  }
  return { images, skipped: [] };
}

function yoloLines(text: string, path: string, names: string[], keypoints: number | undefined, pointDims: number, keypointNames: string[] | undefined): Shape[] {
  const shapes: Shape[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const where = `${path} line ${i + 1}`;
    if (line.trim() === '') return;
    const tokens = line.trim().split(/\s+/).map(Number);
    if (tokens.some((t) => !Number.isFinite(t))) throw new FormatError(where, `holds something that is not a number: ${JSON.stringify(line.trim())}`);
    const [cls, ...v] = tokens as [number, ...number[]];
    const label = names[cls];
    if (!Number.isInteger(cls) || label === undefined) throw new FormatError(where, `class ${cls} has no name (classes 0..${names.length - 1} are named)`);
    const pct = (n: number): number => n * 100;
    const box = (cx: number, cy: number, w: number, h: number): Shape => ({ kind: 'box', label, where, x: pct(cx - w / 2), y: pct(cy - h / 2), width: pct(w), height: pct(h) });
    if (keypoints !== undefined && v.length === 4 + keypoints * pointDims) {
      shapes.push(box(v[0]!, v[1]!, v[2]!, v[3]!));
      if (!keypointNames || keypointNames.length < keypoints) throw new FormatError(where, `a pose line with ${keypoints} key points needs a keypointlabels control with at least ${keypoints} labels (point k takes label k)`);
      for (let k = 0; k < keypoints; k++) {
        const [x, y] = [v[4 + k * pointDims]!, v[5 + k * pointDims]!];
        const visible = pointDims === 3 ? v[6 + k * pointDims]! : x === 0 && y === 0 ? 0 : 2;
        if (visible > 0) shapes.push({ kind: 'keypoint', label: keypointNames[k]!, where, x: pct(x), y: pct(y) });
      }
    } else if (v.length === 4 || v.length === 5) {
      const shape = box(v[0]!, v[1]!, v[2]!, v[3]!);
      if (v.length === 5) shape.score = v[4]!;
      shapes.push(shape);
    } else if (v.length >= 6 && v.length % 2 === 0) {
      const points: [number, number][] = [];
      for (let k = 0; k < v.length; k += 2) points.push([pct(v[k]!), pct(v[k + 1]!)]);
      shapes.push({ kind: 'polygon', label, where, points });
    } else {
      throw new FormatError(where, `has ${tokens.length} numbers: expected a box (class cx cy w h), a polygon (class x1 y1 … with ≥ 3 points)${keypoints !== undefined ? `, or a pose line (${5 + keypoints * pointDims} numbers)` : ''}`);
    }
  });
  return shapes;
}

/** The files of a YOLO export: data.yaml, labels/<image stem>.txt per image, images.txt (the image URLs). */
export function buildYolo(images: readonly ExportImage[], config: LabelConfig): { files: Map<string, string>; report: ExportReport } {
  const report: ExportReport = { unsized: [], dropped: {} };
  const classes = shapeClasses(config);
  const pose = config.controls.filter((c): c is KeyPointLabelsControl => c.type === 'keypointlabels');
  const order = pose.length === 1 ? pose[0]!.labels.map((l) => l.value) : [];
  const hasPoints = images.some((i) => i.result.some((r) => r.type === 'keypointlabels'));
  const posed = hasPoints && pose.length === 1;
  if (hasPoints && pose.length !== 1) drop(report.dropped, `key points (YOLO pose takes one keypointlabels control, the project has ${pose.length})`, images.reduce((n, i) => n + i.result.filter((r) => r.type === 'keypointlabels').length, 0));
  const fmt = (n: number): string => String(Number(n.toFixed(10)));
  const files = new Map<string, string>();
  const urls: string[] = [];
  const names = imageFileNames(images);
  const stems = new Set<string>();
  for (const image of images) {
    const stem = fileStem(names.get(image.taskId)!);
    if (stems.has(stem)) {
      drop(report.dropped, 'image whose file name differs from another only in its extension (label files would collide)');
      continue;
    }
    stems.add(stem);
    const shapes = resultShapes(image.result, report.dropped);
    const { owned, loose } = groupKeypoints(shapes);
    const lines: string[] = [];
    for (const shape of shapes) {
      if (shape.kind === 'keypoint') continue;
      const cls = classes.indexOf(shape.label);
      if (shape.kind === 'box') {
        if (shape.rotation !== undefined) {
          drop(report.dropped, 'rotated box (written only as axis-aligned boxes)');
          continue;
        }
        const [cx, cy, w, h] = [(shape.x + shape.width / 2) / 100, (shape.y + shape.height / 2) / 100, shape.width / 100, shape.height / 100];
        let line = [cls, cx, cy, w, h].map(fmt).join(' ');
        if (posed) {
          const flat = new Array<number>(order.length * 3).fill(0);
          for (const p of owned.get(shape) ?? []) {
            const k = order.indexOf(p.label);
            if (k >= 0 && flat[3 * k + 2] === 0) flat.splice(3 * k, 3, p.x / 100, p.y / 100, 2);
            else drop(report.dropped, 'second key point with the same name in one box');
          }
          line += ' ' + flat.map(fmt).join(' ');
        }
        lines.push(line);
      } else {
        lines.push([cls, ...shape.points.flatMap(([x, y]) => [x / 100, y / 100])].map(fmt).join(' '));
        const points = owned.get(shape)?.length ?? 0;
        if (points > 0) drop(report.dropped, 'key points inside a polygon (YOLO pose needs a box)', points);
      }
    }
    if (loose.length > 0 && posed) drop(report.dropped, 'key points outside any box (YOLO pose needs a box)', loose.length);
    files.set(`labels/${stem}.txt`, lines.map((l) => `${l}\n`).join(''));
    urls.push(image.url);
  }
  const yaml: Record<string, unknown> = { path: '.', train: 'images.txt', names: Object.fromEntries(classes.map((c, i) => [i, c])) };
  if (posed) yaml.kpt_shape = [order.length, 3];
  files.set('data.yaml', stringifyYaml(yaml));
  files.set('images.txt', urls.map((u) => `${u}\n`).join(''));
  return { files, report };
}
