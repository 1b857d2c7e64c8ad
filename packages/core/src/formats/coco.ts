/**
 * COCO object detection / keypoint JSON (instances_*.json, person_keypoints_*.json) ↔ shapes.
 * COCO counts pixels from the image's top-left corner; `bbox` is [x, y, width, height], a polygon
 * segmentation is a flat [x1, y1, x2, y2, …] list, and key points are [x, y, v] triples named by the
 * category's `keypoints` (v = 0 not labelled, 1 labelled but hidden, 2 visible).
 */
import type { KeyPointLabelsControl, LabelConfig } from '../label-config/label-config.types.js';
import { sizeOf, toPercent, toPixels, imageSizeOf, type ImageSize } from './image-size.js';
import { arrayAt, isObject, numberAt, objectAt, stringAt, type JsonObject } from './json-reading.js';
import { groupKeypoints } from './keypoint-groups.js';
import { compressCounts, rleArea, rleBbox, rleProblem, type CocoRle } from '../metrics/masks/coco-rle.js';
import {
  boundsOf,
  drop,
  FormatError,
  imageFileNames,
  resultMasks,
  resultShapes,
  shapeClasses,
  type ExportImage,
  type ExportReport,
  type FormatDataset,
  type FormatImage,
  type KeyPointShape,
  type MaskShape,
  type Shape,
} from './shapes.js';

export interface CocoImage {
  id: number;
  file_name: string;
  width?: number;
  height?: number;
  coco_url?: string;
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
  keypoints?: string[];
  skeleton?: [number, number][];
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  /** Polygon rings, or a mask as compressed COCO RLE (brush masks). */
  segmentation: number[][] | { size: [number, number]; counts: string };
  iscrowd: 0;
  keypoints?: number[];
  num_keypoints?: number;
}

export interface CocoFile {
  info: { description: string };
  images: CocoImage[];
  categories: CocoCategory[];
  annotations: CocoAnnotation[];
}

/** Reads a COCO file. Pixel coordinates become percent of each image's stated size. */
export function parseCoco(json: unknown): FormatDataset {
  if (Array.isArray(json)) {
    throw new FormatError('file', 'this is a COCO results file (a bare list of detections without images or categories); import a COCO dataset file with "images", "categories" and "annotations"');
  }
  const root = objectAt(json, 'file');
  const categories = new Map<number, { name: string; keypoints: string[] }>();
  arrayAt(root.categories, 'categories').forEach((raw, i) => {
    const c = objectAt(raw, `categories[${i}]`);
    const keypoints = Array.isArray(c.keypoints) ? c.keypoints.map((k, j) => stringAt(k, `categories[${i}].keypoints[${j}]`)) : [];
    categories.set(numberAt(c.id, `categories[${i}].id`), { name: stringAt(c.name, `categories[${i}].name`), keypoints });
  });
  const images = new Map<number, FormatImage>();
  arrayAt(root.images, 'images').forEach((raw, i) => {
    const im = objectAt(raw, `images[${i}]`);
    const image: FormatImage = { name: stringAt(im.file_name, `images[${i}].file_name`), shapes: [] };
    const size = sizeOf(im.width, im.height);
    if (size) image.size = size;
    images.set(numberAt(im.id, `images[${i}].id`), image);
  });
  const skipped: string[] = [];
  arrayAt(root.annotations, 'annotations').forEach((raw, i) => {
    const where = `annotations[${i}]`;
    const a = objectAt(raw, where);
    const image = images.get(numberAt(a.image_id, `${where}.image_id`));
    if (!image) throw new FormatError(`${where}.image_id`, `no image with id ${String(a.image_id)} in "images"`);
    const category = categories.get(numberAt(a.category_id, `${where}.category_id`));
    if (!category) throw new FormatError(`${where}.category_id`, `no category with id ${String(a.category_id)} in "categories"`);
    const size = image.size;
    if (!size) throw new FormatError(`images (file_name ${JSON.stringify(image.name)})`, 'has no width/height, so its pixel coordinates cannot be converted; add "width" and "height" to the image');
    const at = `${where} (image ${JSON.stringify(image.name)})`;
    const score = a.score === undefined ? undefined : numberAt(a.score, `${where}.score`);
    const hasKeypoints = Array.isArray(a.keypoints) && a.keypoints.length > 0;
    image.shapes.push(...cocoGeometry(a, category.name, size, at, skipped, hasKeypoints, score));
    if (hasKeypoints) image.shapes.push(...cocoKeypoints(arrayAt(a.keypoints, `${where}.keypoints`), category, size, at, skipped));
  });
  return { images: [...images.values()], skipped };
}

function cocoGeometry(a: JsonObject, label: string, size: ImageSize, where: string, skipped: string[], optional: boolean, score: number | undefined): (Shape | MaskShape)[] {
  const extra = { ...(optional ? { optional: true } : {}), ...(score !== undefined ? { score } : {}) };
  if (isObject(a.segmentation)) return [cocoMask(a.segmentation, label, size, where, skipped, a.iscrowd === 1 || a.iscrowd === '1', extra)];
  const rings = Array.isArray(a.segmentation) ? a.segmentation.filter((r) => Array.isArray(r) && r.length > 0) : [];
  if (rings.length > 0) {
    if (rings.length > 1) skipped.push(`${where}: a polygon in ${rings.length} parts imported as ${rings.length} polygons`);
    return rings.map((ring, r) => {
      const flat = arrayAt(ring, `${where}.segmentation[${r}]`).map((v, j) => numberAt(v, `${where}.segmentation[${r}][${j}]`));
      if (flat.length % 2 !== 0 || flat.length < 6) throw new FormatError(`${where}.segmentation[${r}]`, `a polygon needs an even number (≥ 6) of coordinates, got ${flat.length}`);
      const points: [number, number][] = [];
      for (let k = 0; k < flat.length; k += 2) points.push([toPercent(flat[k]!, size.width), toPercent(flat[k + 1]!, size.height)]);
      return { kind: 'polygon' as const, label, where: `${where}.segmentation[${r}]`, points, ...extra };
    });
  }
  if (a.bbox === undefined) return [];
  const [x, y, w, h] = arrayAt(a.bbox, `${where}.bbox`).map((v, j) => numberAt(v, `${where}.bbox[${j}]`));
  if (x === undefined || y === undefined || w === undefined || h === undefined) throw new FormatError(`${where}.bbox`, 'must be [x, y, width, height]');
  // A key-point-only annotation written by us (or by tools without boxes) has an empty box.
  if (w <= 0 || h <= 0) return [];
  return [{ kind: 'box', label, where: `${where}.bbox`, x: toPercent(x, size.width), y: toPercent(y, size.height), width: toPercent(w, size.width), height: toPercent(h, size.height), ...extra }];
}

/** An RLE segmentation (compressed string or uncompressed list) → a mask shape; it must have the image's size. */
function cocoMask(segmentation: JsonObject, label: string, size: ImageSize, where: string, skipped: string[], crowd: boolean, extra: { optional?: boolean; score?: number }): MaskShape {
  const at = `${where}.segmentation`;
  const [height, width] = arrayAt(segmentation.size, `${at}.size`).map((v, j) => numberAt(v, `${at}.size[${j}]`));
  if (height === undefined || width === undefined) throw new FormatError(`${at}.size`, 'must be [height, width]');
  const counts = typeof segmentation.counts === 'string' ? segmentation.counts : arrayAt(segmentation.counts, `${at}.counts`).map((v, j) => numberAt(v, `${at}.counts[${j}]`));
  const rle: CocoRle = { size: [height, width], counts };
  const problem = rleProblem(rle);
  if (problem !== null) throw new FormatError(at, problem);
  if (height !== size.height || width !== size.width) throw new FormatError(`${at}.size`, `is [${height}, ${width}] but the image is ${size.width}×${size.height} ([${size.height}, ${size.width}] as [height, width])`);
  // A crowd region marks pixels to ignore in evaluation; as a mask it keeps its pixels and label, not that role.
  if (crowd) skipped.push(`${where}: crowd region (iscrowd = 1) imported as an ordinary mask`);
  return { kind: 'mask', label, where: at, rle, ...extra };
}

function cocoKeypoints(flat: unknown[], category: { name: string; keypoints: string[] }, size: ImageSize, where: string, skipped: string[]): KeyPointShape[] {
  const values = flat.map((v, j) => numberAt(v, `${where}.keypoints[${j}]`));
  if (values.length % 3 !== 0) throw new FormatError(`${where}.keypoints`, `must hold [x, y, visibility] triples, got ${values.length} numbers`);
  if (category.keypoints.length === 0) {
    skipped.push(`${where}: ${values.length / 3} key points not imported: category ${JSON.stringify(category.name)} names no key points`);
    return [];
  }
  const points: KeyPointShape[] = [];
  let hidden = 0;
  for (let k = 0; k < values.length / 3; k++) {
    const [x, y, v] = [values[3 * k]!, values[3 * k + 1]!, values[3 * k + 2]!];
    if (v === 0) continue;
    const name = category.keypoints[k];
    if (name === undefined) throw new FormatError(`${where}.keypoints`, `has ${values.length / 3} points but category ${JSON.stringify(category.name)} names ${category.keypoints.length}`);
    if (v === 1) hidden++;
    points.push({ kind: 'keypoint', label: name, where: `${where}.keypoints[${3 * k}]`, x: toPercent(x, size.width), y: toPercent(y, size.height) });
  }
  if (hidden > 0) skipped.push(`${where}: ${hidden} key points marked hidden (v=1) imported as plain points; results do not record visibility`);
  return points;
}

/**
 * Writes a COCO file. Categories are the box and polygon labels (ids 1…n in config order); a category
 * whose objects hold key points names the key point control's labels and skeleton, and key points inside
 * no object become an object of a category named after their control (empty box). Images whose size is
 * unknown are reported in `unsized` rather than converted with a guess.
 */
export function buildCoco(images: readonly ExportImage[], config: LabelConfig): { coco: CocoFile; report: ExportReport } {
  const report: ExportReport = { unsized: [], dropped: {} };
  const categories: CocoCategory[] = shapeClasses(config).map((name, i) => ({ id: i + 1, name, supercategory: '' }));
  const categoryOf = (name: string): CocoCategory => {
    let c = categories.find((x) => x.name === name);
    if (!c) {
      c = { id: categories.length + 1, name, supercategory: '' };
      categories.push(c);
    }
    return c;
  };
  const keypointControls = config.controls.filter((c): c is KeyPointLabelsControl => c.type === 'keypointlabels');
  const controlOfPoint = (label: string): KeyPointLabelsControl | undefined => keypointControls.find((c) => c.labels.some((l) => l.value === label));
  const names = imageFileNames(images);
  const out: CocoFile = { info: { description: 'exported by Yungang' }, images: [], categories, annotations: [] };
  images.forEach((task, i) => {
    const imageId = i + 1;
    // Masks travel apart from the shapes the other formats share (see resultMasks).
    const shapes = resultShapes(task.result.filter((r) => r.type !== 'brushlabels'), report.dropped);
    const masks = resultMasks(task.result, report.dropped);
    const size = imageSizeOf(task.data, task.result);
    const image: CocoImage = { id: imageId, file_name: names.get(task.taskId)!, coco_url: task.url };
    if (size) Object.assign(image, size);
    out.images.push(image);
    if (shapes.length === 0 && masks.length === 0) return;
    if (!size) {
      report.unsized.push(task.taskId);
      return;
    }
    const { owned, loose } = groupKeypoints(shapes);
    const keypointsOf = (points: readonly KeyPointShape[], category: CocoCategory): Pick<CocoAnnotation, 'keypoints' | 'num_keypoints'> | undefined => {
      const control = points.length > 0 ? controlOfPoint(points[0]!.label) : undefined;
      if (!control) return undefined;
      const order = control.labels.map((l) => l.value);
      if (category.keypoints && category.keypoints.join('\u0000') !== order.join('\u0000')) {
        drop(report.dropped, 'key points of a second key point control on one category', points.length);
        return undefined;
      }
      category.keypoints = order;
      category.skeleton = (control.skeleton ?? []).map(([a, b]) => [order.indexOf(a) + 1, order.indexOf(b) + 1]);
      const flat = new Array<number>(order.length * 3).fill(0);
      for (const p of points) {
        const k = order.indexOf(p.label);
        if (k < 0 || flat[3 * k + 2] !== 0) {
          drop(report.dropped, k < 0 ? 'key point of another control inside an object' : 'second key point with the same name in one object');
          continue;
        }
        flat.splice(3 * k, 3, toPixels(p.x, size.width), toPixels(p.y, size.height), 2);
      }
      return { keypoints: flat, num_keypoints: flat.filter((_, j) => j % 3 === 2 && flat[j] !== 0).length };
    };
    for (const shape of shapes) {
      if (shape.kind === 'keypoint') continue;
      if (shape.kind === 'box' && shape.rotation !== undefined) {
        drop(report.dropped, 'rotated box (COCO boxes are axis-aligned)');
        continue;
      }
      const category = categoryOf(shape.label);
      const annotation: CocoAnnotation = { id: out.annotations.length + 1, image_id: imageId, category_id: category.id, bbox: [0, 0, 0, 0], area: 0, segmentation: [], iscrowd: 0 };
      if (shape.kind === 'box') {
        annotation.bbox = [toPixels(shape.x, size.width), toPixels(shape.y, size.height), toPixels(shape.width, size.width), toPixels(shape.height, size.height)];
        annotation.area = annotation.bbox[2] * annotation.bbox[3];
      } else {
        const pixels = shape.points.map(([x, y]) => [toPixels(x, size.width), toPixels(y, size.height)] as [number, number]);
        const b = boundsOf(pixels);
        annotation.segmentation = [pixels.flat()];
        annotation.bbox = [b.x, b.y, b.width, b.height];
        annotation.area = polygonArea(pixels);
      }
      const points = owned.get(shape);
      if (points) Object.assign(annotation, keypointsOf(points, category));
      out.annotations.push(annotation);
    }
    for (const mask of masks) {
      if (mask.rle.size[0] !== size.height || mask.rle.size[1] !== size.width) {
        drop(report.dropped, 'mask of another size than its image');
        continue;
      }
      const category = categoryOf(mask.label);
      out.annotations.push({ id: out.annotations.length + 1, image_id: imageId, category_id: category.id, bbox: rleBbox(mask.rle), area: rleArea(mask.rle), segmentation: { size: [size.height, size.width], counts: typeof mask.rle.counts === 'string' ? mask.rle.counts : compressCounts(mask.rle.counts) }, iscrowd: 0 });
    }
    // Loose points: one object per key point control, in a category named after the control.
    for (const control of keypointControls) {
      const points = loose.filter((p) => controlOfPoint(p.label) === control);
      if (points.length === 0) continue;
      const category = categoryOf(control.name);
      out.annotations.push({ id: out.annotations.length + 1, image_id: imageId, category_id: category.id, bbox: [0, 0, 0, 0], area: 0, segmentation: [], iscrowd: 0, ...keypointsOf(points, category) });
    }
  });
  return { coco: out, report };
}

function polygonArea(points: readonly [number, number][]): number {
  let twice = 0;
  points.forEach(([x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length]!;
    twice += x * ny - nx * y;
  });
  return Math.abs(twice) / 2;
}
