/**
 * The neutral shape model every converter reads into and writes from: boxes, polygons and key points in
 * percent of the image, each with its label and where it came from. Formats differ in how they store
 * geometry (pixels, normalised, corners, centres) but agree on these three shapes, so label mapping and
 * validation live here once instead of in each converter.
 */
import type { AnnotationResult, ResultItem } from '../annotation/result.types.js';
import type { BrushLabelsControl, Control, KeyPointLabelsControl, LabelConfig, PolygonLabelsControl, RectangleLabelsControl } from '../label-config/label-config.types.js';
import type { ImageSize } from './image-size.js';
import type { CocoRle } from '../metrics/masks/coco-rle.js';
import { regionAttributesFromText } from '../annotation/region-attributes.js';

interface ShapeBase {
  label: string;
  /** Where the shape is in its file, for error messages: `annotations[3]`, `labels/a.txt line 2`. */
  where: string;
  /** A model's confidence, when the file carries one (prediction files). */
  score?: number;
  /**
   * Geometry that only accompanies the real content (a COCO key-point annotation's box): when no control
   * has its label it is left out with a note instead of stopping the import.
   */
  optional?: boolean;
  /** Region attribute values by name (CVAT's `<attribute>`); text as the file gives it until matched to a control. */
  attributes?: Record<string, string | number>;
}

/** Top-left corner and size in percent; `rotation` in degrees clockwise about the top-left corner. */
export interface BoxShape extends ShapeBase {
  kind: 'box';
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
}

/** Corners in percent, the ring implicitly closed. */
export interface PolygonShape extends ShapeBase {
  kind: 'polygon';
  points: [number, number][];
}

/** One named point in percent; `label` is the point's name (e.g. "left_eye"). */
export interface KeyPointShape extends ShapeBase {
  kind: 'keypoint';
  x: number;
  y: number;
}

/** A pixel mask as COCO RLE at the image's natural size (masks have no percent form). */
export interface MaskShape extends ShapeBase {
  kind: 'mask';
  rle: CocoRle;
}

export type Shape = BoxShape | PolygonShape | KeyPointShape;

/** What an imported image may hold: the shapes every format knows, and masks (COCO only, so kept apart). */
export type ImportShape = Shape | MaskShape;

/** One image of a foreign file: its name as the file gives it, its size when stated, its shapes. */
export interface FormatImage {
  name: string;
  size?: ImageSize;
  shapes: ImportShape[];
}

/** What a converter read: the images, and what it met but cannot bring in (each entry says what and where). */
export interface FormatDataset {
  images: FormatImage[];
  skipped: string[];
}

/** A problem that stops an import: what is wrong and where in the file. */
export interface FormatIssue {
  where: string;
  message: string;
}

/** A file the user sent that cannot be read as the format it claims (broken JSON/XML, missing parts). */
export class FormatError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'FormatError';
  }
}

type GeometryControl = RectangleLabelsControl | PolygonLabelsControl | KeyPointLabelsControl | BrushLabelsControl;

function controlsOf<T extends Control['type']>(config: LabelConfig, type: T): Extract<Control, { type: T }>[] {
  return config.controls.filter((c): c is Extract<Control, { type: T }> => c.type === type);
}

function withLabel<C extends GeometryControl>(controls: C[], label: string): C | undefined {
  return controls.find((c) => c.labels.some((l) => l.value === label));
}

function labelList(controls: GeometryControl[]): string {
  const labels = controls.flatMap((c) => c.labels.map((l) => l.value));
  return labels.length > 0 ? labels.join(', ') : 'none';
}

/** The smallest axis-aligned box around points, in the points' units. */
export function boundsOf(points: readonly (readonly [number, number])[]): { x: number; y: number; width: number; height: number } {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * An image's shapes → result items of the project's controls, matched by label: a box goes to the
 * rectanglelabels control that has its label, a polygon to a polygonlabels control (or, when the project
 * only draws boxes with that label, to its bounding box), a key point to the keypointlabels control that
 * names it. A label no control has is an issue naming the shape's place: the import stops rather than
 * dropping the user's work. `idPrefix` keeps item ids unique across annotations and predictions.
 */
export function shapesToResult(shapes: readonly ImportShape[], config: LabelConfig, idPrefix = 'r'): { result: AnnotationResult; issues: FormatIssue[]; skipped: string[] } {
  const rectangles = controlsOf(config, 'rectanglelabels');
  const polygons = controlsOf(config, 'polygonlabels');
  const keypoints = controlsOf(config, 'keypointlabels');
  const brushes = controlsOf(config, 'brushlabels');
  const result: ResultItem[] = [];
  const issues: FormatIssue[] = [];
  const skipped: string[] = [];
  const id = (): string => `${idPrefix}${result.length + 1}`;
  // A prediction file's per-shape confidence stays on its item as Label Studio's per-region `score`, so the
  // workbench shows each shape's own score (not only the prediction's mean).
  const push = (shape: ShapeBase, item: ResultItem): void => {
    result.push(shape.score === undefined ? item : Object.assign(item, { score: shape.score }));
  };
  // Attribute values are typed by the control the shape lands in; names it does not declare are noted.
  const attributesFor = (shape: ShapeBase, control: Extract<Control, { attributes?: unknown }>): Record<string, string | number> | undefined =>
    shape.attributes === undefined ? undefined : regionAttributesFromText('attributes' in control ? control.attributes : undefined, shape.attributes, shape.where, skipped);
  // Tools round normalised coordinates (6 decimals) and draw corners a hair past the frame; results must lie
  // inside it, so coordinates up to 1% outside move to the edge (reported). Further out stays, and fails
  // validation with its position.
  let moved = 0;
  const edge = (v: number): number => {
    const c = v < 0 && v >= -1 ? 0 : v > 100 && v <= 101 ? 100 : v;
    if (c !== v) moved++;
    return c;
  };
  const box = (shape: ShapeBase, b: { x: number; y: number; width: number; height: number; rotation?: number }, control: RectangleLabelsControl): void => {
    const turned = b.rotation !== undefined && b.rotation % 360 !== 0;
    const value: Extract<ResultItem, { type: 'rectanglelabels' }>['value'] = { x: b.x, y: b.y, width: b.width, height: b.height, rectanglelabels: [shape.label] };
    if (turned) value.rotation = b.rotation;
    const attributes = attributesFor(shape, control);
    if (attributes) value.attributes = attributes;
    if (!turned) {
      const [right, bottom] = [edge(b.x + b.width), edge(b.y + b.height)];
      value.x = edge(b.x);
      value.y = edge(b.y);
      value.width = right - value.x;
      value.height = bottom - value.y;
    }
    push(shape, { id: id(), from_name: control.name, to_name: control.toName, type: 'rectanglelabels', value });
  };
  for (const shape of shapes) {
    if (shape.kind === 'box') {
      const control = withLabel(rectangles, shape.label);
      if (control) box(shape, shape, control);
      else if (shape.optional) skipped.push(`${shape.where}: box ${JSON.stringify(shape.label)} left out (no rectanglelabels control has this label)`);
      else issues.push({ where: shape.where, message: `box label ${JSON.stringify(shape.label)} is not a label of any rectanglelabels control (box labels: ${labelList(rectangles)}); add it to the label config or rename it in the file` });
    } else if (shape.kind === 'polygon') {
      const control = withLabel(polygons, shape.label);
      const fallback = control ? undefined : withLabel(rectangles, shape.label);
      if (control) {
        const attributes = attributesFor(shape, control);
        push(shape, { id: id(), from_name: control.name, to_name: control.toName, type: 'polygonlabels', value: { points: shape.points.map(([x, y]) => [edge(x), edge(y)] as [number, number]), polygonlabels: [shape.label], ...(attributes ? { attributes } : {}) } });
      } else if (fallback) {
        box(shape, boundsOf(shape.points), fallback);
      } else if (shape.optional) {
        skipped.push(`${shape.where}: polygon ${JSON.stringify(shape.label)} left out (no polygonlabels or rectanglelabels control has this label)`);
      } else {
        issues.push({ where: shape.where, message: `polygon label ${JSON.stringify(shape.label)} is not a label of any polygonlabels or rectanglelabels control (polygon labels: ${labelList(polygons)}; box labels: ${labelList(rectangles)}); add it to the label config or rename it in the file` });
      }
    } else if (shape.kind === 'mask') {
      const control = withLabel(brushes, shape.label);
      const rle: CocoRle = { size: [shape.rle.size[0], shape.rle.size[1]], counts: typeof shape.rle.counts === 'string' ? shape.rle.counts : [...shape.rle.counts] };
      if (control) push(shape, { id: id(), from_name: control.name, to_name: control.toName, type: 'brushlabels', value: { format: 'coco-rle', rle, brushlabels: [shape.label] } });
      // A project that paints no masks has no use for them: a note, not a stop (as before masks were a control).
      else if (brushes.length === 0 || shape.optional) skipped.push(`${shape.where}: mask ${JSON.stringify(shape.label)} left out (the project has no brushlabels control with this label)`);
      else issues.push({ where: shape.where, message: `mask label ${JSON.stringify(shape.label)} is not a label of any brushlabels control (mask labels: ${labelList(brushes)}); add it to the label config or rename it in the file` });
    } else {
      const control = withLabel(keypoints, shape.label);
      const attributes = control ? attributesFor(shape, control) : undefined;
      if (control) push(shape, { id: id(), from_name: control.name, to_name: control.toName, type: 'keypointlabels', value: { x: edge(shape.x), y: edge(shape.y), keypointlabels: [shape.label], ...(attributes ? { attributes } : {}) } });
      else issues.push({ where: shape.where, message: `key point ${JSON.stringify(shape.label)} is not a label of any keypointlabels control (key point labels: ${labelList(keypoints)}); add it to the label config or rename it in the file` });
    }
  }
  if (moved > 0) skipped.push(`${moved} coordinates up to 1% outside the image moved to its edge`);
  return { result, issues, skipped };
}

/** Counts of what an export could not write, by reason ("choices item", "rotated box", …). */
export type Dropped = Record<string, number>;

export function drop(dropped: Dropped, reason: string, n = 1): void {
  dropped[reason] = (dropped[reason] ?? 0) + n;
}

/**
 * A result's geometry as shapes (percent), for the exporters. Items a shape format cannot hold (choices,
 * text areas, spans) are counted in `dropped`; a shape with several labels is written with its first.
 */
export function resultShapes(result: AnnotationResult, dropped: Dropped): Shape[] {
  const shapes: Shape[] = [];
  for (const item of result) {
    const where = `result item ${JSON.stringify(item.id)}`;
    if (item.type === 'rectanglelabels') {
      const v = item.value;
      if (v.rectanglelabels.length > 1) drop(dropped, 'extra labels on one shape (first kept)', v.rectanglelabels.length - 1);
      const shape: BoxShape = { kind: 'box', label: v.rectanglelabels[0]!, where, x: v.x, y: v.y, width: v.width, height: v.height };
      if (v.rotation !== undefined && v.rotation % 360 !== 0) shape.rotation = v.rotation;
      if (v.attributes) shape.attributes = { ...v.attributes };
      shapes.push(shape);
    } else if (item.type === 'polygonlabels') {
      const v = item.value;
      if (v.polygonlabels.length > 1) drop(dropped, 'extra labels on one shape (first kept)', v.polygonlabels.length - 1);
      shapes.push({ kind: 'polygon', label: v.polygonlabels[0]!, where, points: v.points.map(([x, y]) => [x, y] as [number, number]), ...(v.attributes ? { attributes: { ...v.attributes } } : {}) });
    } else if (item.type === 'keypointlabels') {
      const v = item.value;
      if (v.keypointlabels.length > 1) drop(dropped, 'extra labels on one shape (first kept)', v.keypointlabels.length - 1);
      shapes.push({ kind: 'keypoint', label: v.keypointlabels[0]!, where, x: v.x, y: v.y, ...(v.attributes ? { attributes: { ...v.attributes } } : {}) });
    } else {
      drop(dropped, `${item.type} item`);
    }
  }
  return shapes;
}

/** A result's masks, for the one exporter that writes them (COCO); the others count them in `dropped`. */
export function resultMasks(result: AnnotationResult, dropped: Dropped): MaskShape[] {
  return result.flatMap((item): MaskShape[] => {
    if (item.type !== 'brushlabels') return [];
    const v = item.value;
    if (v.brushlabels.length > 1) drop(dropped, 'extra labels on one shape (first kept)', v.brushlabels.length - 1);
    return [{ kind: 'mask', label: v.brushlabels[0]!, where: `result item ${JSON.stringify(item.id)}`, rle: v.rle }];
  });
}

/** The class list of box and polygon formats: every rectangle and polygon label, in config order, once. */
export function shapeClasses(config: LabelConfig): string[] {
  const names: string[] = [];
  for (const control of config.controls) {
    if (control.type !== 'rectanglelabels' && control.type !== 'polygonlabels') continue;
    for (const label of control.labels) if (!names.includes(label.value)) names.push(label.value);
  }
  return names;
}

/** A task as the exporters see it: its image URL, data (for the size), and the result to write. */
export interface ExportImage {
  taskId: string;
  url: string;
  data: Record<string, unknown>;
  result: AnnotationResult;
}

/** What an export could not do: tasks whose image size is unknown (pixel formats), and what it left out. */
export interface ExportReport {
  unsized: string[];
  dropped: Dropped;
}

/**
 * File names for the images: the URL's last path segment, made unique by prefixing the task id when two
 * tasks share one (YOLO and VOC write one label file per image name, so names must not collide).
 */
export function imageFileNames(images: readonly ExportImage[]): Map<string, string> {
  const base = (url: string, taskId: string): string => {
    const path = url.startsWith('data:') ? '' : (url.split(/[?#]/)[0] ?? '');
    const last = path.split('/').pop() ?? '';
    let name = last;
    try {
      name = decodeURIComponent(last);
    } catch {
      // A malformed escape stays as written; the name is only a label for the file.
    }
    return name !== '' ? name : `task-${taskId}.jpg`;
  };
  const counts = new Map<string, number>();
  for (const image of images) {
    const name = base(image.url, image.taskId);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return new Map(
    images.map((image) => {
      const name = base(image.url, image.taskId);
      return [image.taskId, (counts.get(name) ?? 0) > 1 ? `${image.taskId}-${name}` : name];
    }),
  );
}

/** The file name without its extension (YOLO and VOC name label files after the image). */
export function fileStem(name: string): string {
  const last = name.split('/').pop() ?? name;
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(0, dot) : last;
}
