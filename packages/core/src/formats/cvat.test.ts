import { describe, expect, it } from 'vitest';
import { buildCvat, parseCvat } from './cvat.js';
import { asTasks, fixtureText, imageConfig, roundTripDifferences } from './round-trip-helpers.test.js';
import { shapesToResult, type BoxShape } from './shapes.js';
import { validateResult } from '../annotation/validate-result.js';

describe('CVAT for images 1.1', () => {
  const xml = fixtureText('cvat/cvat_for_images_1.1.xml');

  it('reads the Datumaro CVAT file: box, points, skeleton points; reports the rest', () => {
    const { images, skipped } = parseCvat(xml, 'train.xml');
    expect(images.map((i) => i.name)).toEqual(['img0.jpg', 'img1.jpg']);
    expect(images[0]!.shapes.map((s) => `${s.kind}:${s.label}`)).toEqual(['box:label1', 'keypoint:2', 'keypoint:3', 'keypoint:4']);
    expect(images[0]!.shapes[0]).toMatchObject({ x: 0, y: 25, width: 50, height: 25 });
    expect(images[1]!.shapes.map((s) => `${s.kind}:${s.label}`)).toEqual(['keypoint:label2', 'keypoint:label2', 'keypoint:label2', 'keypoint:1', 'keypoint:2', 'keypoint:4']);
    expect(Object.keys(images[0]!.shapes[0]!.attributes ?? {})).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(skipped).toEqual([
      'train.xml <image name="img0.jpg">: 1 <polyline> not imported (no such control)',
      'train.xml <image name="img1.jpg"> <polygon> 1: has no label, not imported',
    ]);
  });

  it('round-trips the fixture within 1e-6', () => {
    const first = parseCvat(xml, 'train.xml');
    const config = imageConfig({ boxes: ['label1'], points: ['label2', '1', '2', '3', '4'] });
    const { xml: out, report } = buildCvat(asTasks(first.images, config), config);
    expect(report).toEqual({ unsized: [], dropped: {} });
    const again = parseCvat(out, 'export.xml');
    expect(roundTripDifferences(first.images, again.images, config)).toEqual([]);
  });

  it('keeps a rotated box: CVAT turns about the centre, results about the top-left corner', () => {
    const rotated = `<annotations><version>1.1</version><image id="0" name="a.jpg" width="200" height="100">
      <box label="car" xtl="50" ytl="40" xbr="90" ybr="60" rotation="90" occluded="0" z_order="0"/></image></annotations>`;
    const first = parseCvat(rotated, 'r.xml');
    const box = first.images[0]!.shapes[0] as BoxShape;
    // Centre (70, 50); turned 90° clockwise, the top-left corner moves to (70 + 10, 50 - 20) = (80, 30).
    expect(box.x).toBeCloseTo(40, 9);
    expect(box.y).toBeCloseTo(30, 9);
    expect(box.rotation).toBe(90);
    const config = imageConfig({ boxes: ['car'] });
    const { xml: out } = buildCvat(asTasks(first.images, config), config);
    expect(out).toContain('xtl="50" ytl="40" xbr="90" ybr="60"');
    expect(roundTripDifferences(first.images, parseCvat(out, 'again.xml').images, config)).toEqual([]);
  });

  it('round-trips region attributes: typed by the control, declared per label in the meta', () => {
    const withAttrs = `<annotations><version>1.1</version><image id="0" name="a.jpg" width="200" height="100">
      <box label="car" xtl="50" ytl="40" xbr="90" ybr="60" occluded="0" z_order="0">
        <attribute name="colour">red</attribute><attribute name="doors">4</attribute><attribute name="plate">京A·12345</attribute><attribute name="extra">x</attribute>
      </box>
      <points label="nose" points="10,20" occluded="0" z_order="0"><attribute name="visible">yes</attribute></points></image></annotations>`;
    const first = parseCvat(withAttrs, 'a.xml');
    const base = imageConfig({ boxes: ['car'], points: ['nose'] });
    const config: typeof base = {
      ...base,
      controls: base.controls.map((c) =>
        c.type === 'rectanglelabels'
          ? { ...c, attributes: [{ name: 'colour', type: 'choice', options: ['red', 'blue'] }, { name: 'doors', type: 'number' }, { name: 'plate', type: 'text' }] }
          : c.type === 'keypointlabels'
            ? { ...c, attributes: [{ name: 'visible', type: 'choice', options: ['yes', 'no'] }] }
            : c,
      ),
    };
    const { result, skipped } = shapesToResult(first.images[0]!.shapes, config);
    expect(skipped).toEqual(['a.xml <image name="a.jpg"> <box> 1: attribute "extra" not kept (the control declares no such attribute)']);
    expect(result[0]!.value).toMatchObject({ attributes: { colour: 'red', doors: 4, plate: '京A·12345' } });
    // What the import produced passes the same check as a submitted result.
    expect(validateResult(config, { image: 'a.jpg', width: 200, height: 100 }, result)[0]!.value).toMatchObject({ attributes: { doors: 4 } });
    const tasks = [{ taskId: '1', url: 'https://img.example/a.jpg', data: { image: 'https://img.example/a.jpg', width: 200, height: 100 }, result }];
    const { xml: out } = buildCvat(tasks, config);
    expect(out).toContain('<attribute name="doors">4</attribute>');
    expect(out).toMatch(/<name>colour<\/name>\s*<mutable>False<\/mutable>\s*<input_type>select<\/input_type>/);
    const again = shapesToResult(parseCvat(out, 'again.xml').images[0]!.shapes, config);
    expect(again.skipped).toEqual([]);
    expect(again.result.map((r) => r.value)).toEqual(result.map((r) => r.value));
  });
});
