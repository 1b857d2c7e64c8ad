/**
 * Pascal VOC XML (one file per image) ↔ shapes. VOC holds axis-aligned boxes only: `<bndbox>` with
 * xmin/ymin/xmax/ymax in pixels, read and written as the numbers stand (like Datumaro and CVAT, no shift
 * for VOC's 1-based convention). Parts, actions and the pose/truncated/difficult flags have no place in
 * our results; parts and actions are reported, the flags are written as 0 / "Unspecified".
 */
import { imageSizeOf, sizeOf, toPercent, toPixels } from './image-size.js';
import { buildXml, child, nodes, num, parseXml, text, xmlNumber } from './xml.js';
import { drop, FormatError, imageFileNames, resultShapes, type ExportImage, type ExportReport, type FormatImage, type Shape } from './shapes.js';

/** Reads one VOC annotation file; `fileName` names it in messages. */
export function parseVoc(xml: string, fileName: string): { image: FormatImage; skipped: string[] } {
  const root = parseXml(xml, fileName).annotation;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new FormatError(fileName, 'has no <annotation> root element; is it a Pascal VOC file?');
  const annotation = root as Record<string, unknown>;
  const name = text(annotation, 'filename');
  if (name === undefined || name.trim() === '') throw new FormatError(`${fileName} <filename>`, 'is missing: VOC names the image in <annotation><filename>');
  const sizeNode = child(annotation, 'size');
  const size = sizeOf(text(sizeNode, 'width'), text(sizeNode, 'height'));
  const skipped: string[] = [];
  const objects = nodes(annotation.object);
  if (objects.length > 0 && !size) throw new FormatError(`${fileName} <size>`, 'is missing or not positive; VOC boxes are in pixels, so the image width and height are needed to import them');
  const shapes: Shape[] = objects.map((object, i) => {
    const where = `${fileName} <object> ${i + 1}`;
    const label = text(object, 'name');
    if (label === undefined || label === '') throw new FormatError(`${where} <name>`, 'is missing');
    const box = child(object, 'bndbox');
    if (!box) throw new FormatError(`${where} <bndbox>`, 'is missing');
    const [xmin, ymin, xmax, ymax] = ['xmin', 'ymin', 'xmax', 'ymax'].map((k) => xmlNumber(box, k, `${where} <bndbox>`)) as [number, number, number, number];
    if (xmax <= xmin || ymax <= ymin) throw new FormatError(`${where} <bndbox>`, `is empty (xmin ${xmin}, xmax ${xmax}, ymin ${ymin}, ymax ${ymax})`);
    const parts = nodes(object.part).map((p) => text(p, 'name') ?? '?');
    if (parts.length > 0) skipped.push(`${where}: parts (${parts.join(', ')}) not imported`);
    if (child(object, 'actions')) skipped.push(`${where}: actions not imported`);
    const { width, height } = size!;
    return { kind: 'box', label, where, x: toPercent(xmin, width), y: toPercent(ymin, height), width: toPercent(xmax - xmin, width), height: toPercent(ymax - ymin, height) };
  });
  const image: FormatImage = { name, shapes };
  if (size) image.size = size;
  return { image, skipped };
}

/** One VOC file per image, named `Annotations/<image stem>.xml` by the caller. */
export function buildVoc(images: readonly ExportImage[]): { files: Map<string, string>; report: ExportReport } {
  const report: ExportReport = { unsized: [], dropped: {} };
  const names = imageFileNames(images);
  const files = new Map<string, string>();
  for (const image of images) {
    const fileName = names.get(image.taskId)!;
    const shapes = resultShapes(image.result, report.dropped);
    const size = imageSizeOf(image.data, image.result);
    if (!size && shapes.length > 0) {
      report.unsized.push(image.taskId);
      continue;
    }
    const objects: Record<string, unknown>[] = [];
    for (const shape of shapes) {
      if (shape.kind !== 'box') {
        drop(report.dropped, `${shape.kind} (VOC holds boxes only)`);
        continue;
      }
      if (shape.rotation !== undefined) {
        drop(report.dropped, 'rotated box (VOC boxes are axis-aligned)');
        continue;
      }
      const { width, height } = size!;
      objects.push({
        name: shape.label,
        pose: 'Unspecified',
        truncated: 0,
        difficult: 0,
        bndbox: { xmin: num(toPixels(shape.x, width)), ymin: num(toPixels(shape.y, height)), xmax: num(toPixels(shape.x + shape.width, width)), ymax: num(toPixels(shape.y + shape.height, height)) },
      });
    }
    const annotation: Record<string, unknown> = { folder: '', filename: fileName, path: image.url, source: { database: 'Yungang' } };
    if (size) annotation.size = { width: num(size.width), height: num(size.height), depth: 3 };
    annotation.segmented = 0;
    if (objects.length > 0) annotation.object = objects;
    const stem = fileName.replace(/\.[^./]*$/, '');
    files.set(`Annotations/${stem}.xml`, buildXml({ annotation }));
  }
  return { files, report };
}
