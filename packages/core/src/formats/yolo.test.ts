import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildYolo, parseYolo } from './yolo.js';
import { FormatError } from './shapes.js';
import { asTasks, fixtureText, imageConfig, roundTripDifferences } from './round-trip-helpers.test.js';

const files = (dir: string, paths: string[]): Map<string, string> => new Map(paths.map((p) => [p, fixtureText(`yolo/${dir}/${p}`)]));
const labels = Array.from({ length: 10 }, (_, i) => `label_${i}`);

describe('YOLO', () => {
  it('reads YOLOv8 detection labels as boxes in percent (no image size needed)', () => {
    const { images } = parseYolo(files('yolov8_detection', ['data.yaml', 'labels/train/1.txt']), { imageExtension: 'jpg' });
    expect(images).toHaveLength(1);
    expect(images[0]!.name).toBe('1.jpg');
    const [a] = images[0]!.shapes;
    expect(a).toMatchObject({ kind: 'box', label: 'label_2', where: 'labels/train/1.txt line 1' });
    if (a?.kind !== 'box') throw new Error('box expected');
    expect(a.x).toBeCloseTo(-0.00005, 9); // rounding in the file; moved to the edge when stored
    expect(a.width).toBeCloseTo(26.6667, 3);
  });

  it('needs an image list or an extension to name images', () => {
    expect(() => parseYolo(files('yolov8_detection', ['data.yaml', 'labels/train/1.txt']))).toThrow(FormatError);
    const { images } = parseYolo(files('darknet_yolo1.1', ['obj.names', 'train.txt', 'obj_train_data/1.txt']));
    expect(images[0]!.name).toBe('data/obj_train_data/1.jpg');
  });

  it('round-trips YOLOv8 segmentation and oriented boxes (4-corner polygons) within 1e-6', () => {
    for (const dir of ['yolov8_segmentation', 'yolov8_oriented_boxes']) {
      const first = parseYolo(files(dir, ['data.yaml', 'labels/train/1.txt']), { imageExtension: '.jpg' });
      const config = imageConfig({ polygons: labels });
      const { files: out, report } = buildYolo(asTasks(first.images, config), config);
      expect(report.dropped).toEqual({});
      expect((parseYaml(out.get('data.yaml')!) as { names: Record<string, string> }).names['2']).toBe('label_2');
      const again = parseYolo(out);
      expect(again.images[0]!.name).toBe('https://img.example/1.jpg');
      expect(roundTripDifferences(first.images, again.images, config)).toEqual([]);
    }
  });

  it('round-trips the Label Studio SDK import labels (classes.txt) within 1e-6', () => {
    const paths = ['classes.txt', ...[1, 2, 3, 4, 5, 6, 7].map((n) => `labels/img_${n}.txt`)];
    const first = parseYolo(files('label-studio-import', paths), { imageExtension: 'png' });
    expect(first.images).toHaveLength(7);
    const config = imageConfig({ boxes: ['closed_door', 'opened_door', 'bus', 'number'] });
    const { files: out } = buildYolo(asTasks(first.images, config), config);
    const again = parseYolo(out);
    expect(roundTripDifferences(first.images, again.images, config)).toEqual([]);
  });

  it('round-trips YOLOv8 pose: a box with named key points (kpt_shape)', () => {
    const keypointNames = ['k1', 'k2', 'k3'];
    const first = parseYolo(files('yolov8_pose', ['data.yaml', 'labels/train/1.txt']), { imageExtension: 'jpg', keypointNames });
    expect(first.images[0]!.shapes.map((s) => `${s.kind}:${s.label}`)).toEqual(['box:skeleton_label', 'keypoint:k1', 'keypoint:k2', 'keypoint:k3']);
    const config = imageConfig({ boxes: ['skeleton_label'], points: keypointNames });
    const { files: out, report } = buildYolo(asTasks(first.images, config), config);
    expect(report.dropped).toEqual({});
    expect(parseYaml(out.get('data.yaml')!)).toMatchObject({ kpt_shape: [3, 3] });
    const again = parseYolo(out, { keypointNames });
    expect(roundTripDifferences(first.images, again.images, config)).toEqual([]);
  });

  it('names the line of a class without a name', () => {
    expect(() => parseYolo(new Map([['classes.txt', 'a\n'], ['images.txt', 'x.jpg\n'], ['labels/x.txt', '0 0.5 0.5 0.1 0.1\n3 0.5 0.5 0.1 0.1\n']]))).toThrow('labels/x.txt line 2: class 3 has no name (classes 0..0 are named)');
  });
});
