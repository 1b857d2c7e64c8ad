import { describe, expect, it } from 'vitest';
import { buildVoc, parseVoc } from './voc.js';
import { FormatError } from './shapes.js';
import { asTasks, fixtureText, imageConfig, roundTripDifferences } from './round-trip-helpers.test.js';

describe('Pascal VOC', () => {
  it('reads Datumaro VOC: boxes in percent of <size>, parts and actions reported', () => {
    const { image, skipped } = parseVoc(fixtureText('voc/voc_dataset1/Annotations/2007_000001.xml'), '2007_000001.xml');
    expect(image).toMatchObject({ name: '2007_000001.jpg', size: { width: 20, height: 10 } });
    expect(image.shapes).toEqual([
      { kind: 'box', label: 'cat', where: '2007_000001.xml <object> 1', x: 5, y: 20, width: 10, height: 20 },
      { kind: 'box', label: 'person', where: '2007_000001.xml <object> 2', x: 20, y: 50, width: 10, height: 20 },
    ]);
    expect(skipped).toEqual(['2007_000001.xml <object> 2: parts (head) not imported', '2007_000001.xml <object> 2: actions not imported']);
  });

  it('refuses boxes without an image size (a.xml has no <size>)', () => {
    expect(() => parseVoc(fixtureText('voc/voc_dataset2/Annotations/a.xml'), 'a.xml')).toThrow(FormatError);
    expect(() => parseVoc(fixtureText('voc/voc_dataset2/Annotations/a.xml'), 'a.xml')).toThrow('a.xml <size>: is missing or not positive');
  });

  it('round-trips both sized fixtures within 1e-6 and drops what VOC cannot hold', () => {
    for (const file of ['voc/voc_dataset1/Annotations/2007_000001.xml', 'voc/voc_dataset3/Annotations/2007_000001.xml']) {
      const first = parseVoc(fixtureText(file), file).image;
      const config = imageConfig({ boxes: ['cat', 'person'], polygons: ['road'] });
      const tasks = asTasks([first], config);
      tasks[0]!.result.push({ id: 'p', from_name: 'polygons', to_name: 'image', type: 'polygonlabels', value: { points: [[1, 1], [5, 1], [5, 5]], polygonlabels: ['road'] } });
      const { files, report } = buildVoc(tasks);
      expect(report).toEqual({ unsized: [], dropped: { 'polygon (VOC holds boxes only)': 1 } });
      expect([...files.keys()]).toEqual(['Annotations/2007_000001.xml']);
      const again = parseVoc(files.get('Annotations/2007_000001.xml')!, 'again.xml').image;
      expect(again.name).toBe('2007_000001.jpg');
      expect(roundTripDifferences([first], [again], config)).toEqual([]);
    }
  });

  it('reports where XML is broken', () => {
    expect(() => parseVoc('<annotation><filename>a.jpg</filename>\n<object>', 'bad.xml')).toThrow(/bad\.xml line \d+: is not well-formed XML/);
  });
});
