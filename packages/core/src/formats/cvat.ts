/**
 * CVAT for images 1.1 XML ↔ shapes. `<box>` (xtl/ytl/xbr/ybr in pixels, `rotation` in degrees clockwise
 * about the box centre), `<polygon>` and `<points>` (`points="x,y;x,y"`), and `<skeleton>` (its child
 * points become key points named by their labels; `outside="1"` points are absent). A shape's
 * `<attribute name>` values become the region's attributes (typed and checked against the control that
 * takes the shape, in shapesToResult). Polylines, masks, ellipses, cuboids and tags have no place in our
 * results and are reported, not imported.
 */
import type { LabelConfig } from '../label-config/label-config.types.js';
import { imageSizeOf, sizeOf, toPercent, toPixels, type ImageSize } from './image-size.js';
import { buildXml, nodes, num, parseXml, text, xmlNumber, type XmlNode } from './xml.js';
import { FormatError, imageFileNames, resultShapes, shapeClasses, type ExportImage, type ExportReport, type FormatDataset, type FormatImage, type Shape } from './shapes.js';

const UNSUPPORTED = ['polyline', 'mask', 'ellipse', 'cuboid', 'tag'];

function pointList(raw: string | undefined, where: string): [number, number][] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(';').map((pair) => {
    const [x, y] = pair.split(',').map(Number);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) throw new FormatError(where, `points must be "x,y;x,y…", got ${JSON.stringify(pair)}`);
    return [x, y];
  });
}

/** Turns (degrees) an offset clockwise on screen (y points down). */
function turn(dx: number, dy: number, degrees: number): [number, number] {
  const r = (degrees * Math.PI) / 180;
  return [dx * Math.cos(r) - dy * Math.sin(r), dx * Math.sin(r) + dy * Math.cos(r)];
}

/** A shape with its element's `<attribute name="…">value</attribute>` children, when it has any. */
function withAttributes<S extends Shape>(shape: S, element: XmlNode): S {
  const attributes = nodes(element.attribute);
  if (attributes.length > 0) shape.attributes = Object.fromEntries(attributes.map((a) => [text(a, '@name') ?? '?', text(a, '#text') ?? '']));
  return shape;
}

/** The shape's attributes as CVAT writes them: one `<attribute name>` child per value. */
function attributeNodes(shape: Shape): XmlNode {
  return shape.attributes ? { attribute: Object.entries(shape.attributes).map(([name, value]) => ({ '@name': name, '#text': String(value) })) } : {};
}

export function parseCvat(xml: string, fileName: string): FormatDataset {
  const root = parseXml(xml, fileName).annotations;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new FormatError(fileName, 'has no <annotations> root element; is it a CVAT for images 1.1 file?');
  const annotations = root as XmlNode;
  if (nodes(annotations.track).length > 0 || annotations.track !== undefined) throw new FormatError(`${fileName} <track>`, 'is CVAT for video; export the task from CVAT as "CVAT for images 1.1"');
  const skipped: string[] = [];
  const images = nodes(annotations.image).map((node, i): FormatImage => {
    const name = text(node, '@name');
    if (name === undefined || name === '') throw new FormatError(`${fileName} <image> ${i + 1}`, 'has no name attribute');
    const at = `${fileName} <image name=${JSON.stringify(name)}>`;
    const size = sizeOf(text(node, '@width'), text(node, '@height'));
    const shapes: Shape[] = [];
    const labelOf = (element: XmlNode, kind: string, n: number): string | undefined => {
      const label = text(element, '@label');
      if (label === undefined || label === '') {
        skipped.push(`${at} <${kind}> ${n + 1}: has no label, not imported`);
        return undefined;
      }
      return label;
    };
    const needSize = (): ImageSize => {
      if (!size) throw new FormatError(at, 'has no width/height; CVAT coordinates are pixels, so the size is needed');
      return size;
    };
    nodes(node.box).forEach((box, n) => {
      const label = labelOf(box, 'box', n);
      if (label === undefined) return;
      const where = `${at} <box> ${n + 1}`;
      const { width: W, height: H } = needSize();
      const [xtl, ytl, xbr, ybr] = ['@xtl', '@ytl', '@xbr', '@ybr'].map((k) => xmlNumber(box, k, where)) as [number, number, number, number];
      const rotation = text(box, '@rotation') === undefined ? 0 : xmlNumber(box, '@rotation', where);
      const [w, h] = [xbr - xtl, ybr - ytl];
      // CVAT turns about the centre, Label Studio about the top-left corner: move the corner with the turn.
      const [ox, oy] = turn(-w / 2, -h / 2, rotation);
      const [x, y] = rotation % 360 === 0 ? [xtl, ytl] : [xtl + w / 2 + ox, ytl + h / 2 + oy];
      const shape: Shape = { kind: 'box', label, where, x: toPercent(x, W), y: toPercent(y, H), width: toPercent(w, W), height: toPercent(h, H) };
      if (rotation % 360 !== 0) shape.rotation = rotation;
      shapes.push(withAttributes(shape, box));
    });
    nodes(node.polygon).forEach((polygon, n) => {
      const label = labelOf(polygon, 'polygon', n);
      if (label === undefined) return;
      const where = `${at} <polygon> ${n + 1}`;
      const { width: W, height: H } = needSize();
      shapes.push(withAttributes({ kind: 'polygon', label, where, points: pointList(text(polygon, '@points'), where).map(([x, y]) => [toPercent(x, W), toPercent(y, H)]) }, polygon));
    });
    nodes(node.points).forEach((points, n) => {
      const label = labelOf(points, 'points', n);
      if (label === undefined) return;
      const where = `${at} <points> ${n + 1}`;
      const { width: W, height: H } = needSize();
      for (const [x, y] of pointList(text(points, '@points'), where)) shapes.push(withAttributes({ kind: 'keypoint', label, where, x: toPercent(x, W), y: toPercent(y, H) }, points));
    });
    nodes(node.skeleton).forEach((skeleton, n) => {
      const where = `${at} <skeleton> ${n + 1}`;
      nodes(skeleton.points).forEach((point, p) => {
        const label = text(point, '@label');
        if (text(point, '@outside') === '1' || label === undefined || label === '') return;
        const { width: W, height: H } = needSize();
        for (const [x, y] of pointList(text(point, '@points'), `${where} <points> ${p + 1}`)) shapes.push({ kind: 'keypoint', label, where: `${where} <points> ${p + 1}`, x: toPercent(x, W), y: toPercent(y, H) });
      });
    });
    for (const kind of UNSUPPORTED) {
      const count = nodes(node[kind]).length;
      if (count > 0) skipped.push(`${at}: ${count} <${kind}> not imported (no such control)`);
    }
    const image: FormatImage = { name, shapes };
    if (size) image.size = size;
    return image;
  });
  return { images, skipped };
}

/** A CVAT for images 1.1 file: meta with the labels, then each image with its boxes, polygons and points. */
export function buildCvat(images: readonly ExportImage[], config: LabelConfig): { xml: string; report: ExportReport } {
  const report: ExportReport = { unsized: [], dropped: {} };
  const keypointLabels = config.controls.flatMap((c) => (c.type === 'keypointlabels' ? c.labels.map((l) => l.value) : []));
  const labels = [...new Set([...shapeClasses(config), ...keypointLabels])];
  // CVAT declares attributes per label: each label gets those of every control that has it.
  const declared = new Map<string, Map<string, XmlNode>>(labels.map((l) => [l, new Map()]));
  for (const control of config.controls) {
    if (control.type !== 'rectanglelabels' && control.type !== 'polygonlabels' && control.type !== 'keypointlabels') continue;
    for (const label of control.labels) {
      for (const a of control.attributes ?? []) {
        declared.get(label.value)?.set(a.name, { name: a.name, mutable: 'False', input_type: a.type === 'choice' ? 'select' : a.type, default_value: a.type === 'choice' ? (a.options?.[0] ?? '') : a.type === 'number' ? '0' : '', values: a.type === 'choice' ? (a.options ?? []).join('\n') : '' });
      }
    }
  }
  const names = imageFileNames(images);
  const imageNodes = images.map((image, i) => {
    const shapes = resultShapes(image.result, report.dropped);
    const size = imageSizeOf(image.data, image.result);
    const node: XmlNode = { '@id': i, '@name': names.get(image.taskId)! };
    if (size) Object.assign(node, { '@width': num(size.width), '@height': num(size.height) });
    if (shapes.length === 0) return node;
    if (!size) {
      report.unsized.push(image.taskId);
      return node;
    }
    const { width: W, height: H } = size;
    const px = ([x, y]: readonly [number, number]): string => `${num(toPixels(x, W))},${num(toPixels(y, H))}`;
    const boxes: XmlNode[] = [];
    const polygons: XmlNode[] = [];
    const points: XmlNode[] = [];
    for (const shape of shapes) {
      if (shape.kind === 'box') {
        const [x, y, w, h] = [toPixels(shape.x, W), toPixels(shape.y, H), toPixels(shape.width, W), toPixels(shape.height, H)];
        const rotation = shape.rotation ?? 0;
        const [cx, cy] = rotation === 0 ? [x + w / 2, y + h / 2] : ((): [number, number] => {
          const [dx, dy] = turn(w / 2, h / 2, rotation);
          return [x + dx, y + dy];
        })();
        const box: XmlNode = { '@label': shape.label, '@occluded': 0, '@xtl': num(cx - w / 2), '@ytl': num(cy - h / 2), '@xbr': num(cx + w / 2), '@ybr': num(cy + h / 2), '@z_order': 0 };
        if (rotation !== 0) box['@rotation'] = num(rotation);
        boxes.push({ ...box, ...attributeNodes(shape) });
      } else if (shape.kind === 'polygon') {
        polygons.push({ '@label': shape.label, '@occluded': 0, '@points': shape.points.map(px).join(';'), '@z_order': 0, ...attributeNodes(shape) });
      } else {
        points.push({ '@label': shape.label, '@occluded': 0, '@points': px([shape.x, shape.y]), '@z_order': 0, ...attributeNodes(shape) });
      }
    }
    if (boxes.length > 0) node.box = boxes;
    if (polygons.length > 0) node.polygon = polygons;
    if (points.length > 0) node.points = points;
    return node;
  });
  const xml = buildXml({
    annotations: {
      version: '1.1',
      meta: { task: { name: 'Yungang export', size: images.length, mode: 'annotation', labels: { label: labels.map((name) => ({ name, attributes: declared.get(name)!.size > 0 ? { attribute: [...declared.get(name)!.values()] } : '' })) } } },
      image: imageNodes,
    },
  });
  return { xml, report };
}
