import { describe, expect, it } from 'vitest';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import { ValidationError } from '../validation/validation-error.js';
import { validateResult } from './validate-result.js';

const config = parseLabelConfig({
  version: 1,
  fields: [{ name: 'image', type: 'image' }],
  controls: [
    {
      type: 'rectanglelabels',
      name: 'box',
      toName: 'image',
      rotation: true,
      labels: [{ value: 'car', color: '#1e88e5' }],
      attributes: [
        { name: 'colour', type: 'choice', options: ['red', 'blue'], required: true },
        { name: 'doors', type: 'number' },
        { name: 'plate', type: 'text' },
      ],
    },
    { type: 'polygonlabels', name: 'area', toName: 'image', labels: [{ value: 'road', color: '#43a047' }], attributes: [{ name: 'wet', type: 'choice', options: ['yes', 'no'] }] },
  ],
});

function issues(result: unknown): { path: string; message: string }[] {
  try {
    validateResult(config, { image: 'a.jpg' }, result);
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => ({ path: i.path, message: i.message }));
    throw e;
  }
}

const box = (attributes: unknown) => ({ id: 'b', from_name: 'box', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 10, width: 20, height: 20, rectanglelabels: ['car'], attributes } });

describe('region attributes', () => {
  it('keeps declared values, drops empty text', () => {
    const out = validateResult(config, { image: 'a.jpg' }, [box({ colour: 'red', doors: 4, plate: '' })]);
    expect(out[0]!.value).toEqual({ x: 10, y: 10, width: 20, height: 20, rectanglelabels: ['car'], attributes: { colour: 'red', doors: 4 } });
    const polygon = { id: 'p', from_name: 'area', to_name: 'image', type: 'polygonlabels', value: { points: [[0, 0], [10, 0], [0, 10]], polygonlabels: ['road'], attributes: { wet: 'no' } } };
    expect(validateResult(config, { image: 'a.jpg' }, [box({ colour: 'blue' }), polygon])[1]!.value).toMatchObject({ attributes: { wet: 'no' } });
  });

  it('checks type, options, names and required with paths', () => {
    expect(issues([box({ colour: 'green', doors: 'four', plate: 7, wheels: 4 })])).toEqual([
      { path: 'result[0].value.attributes.colour', message: '"green" is not an option of "colour" (options: red, blue)' },
      { path: 'result[0].value.attributes.doors', message: 'must be a number, got "four"' },
      { path: 'result[0].value.attributes.plate', message: 'must be a string, got 7' },
      { path: 'result[0].value.attributes.wheels', message: 'no attribute named "wheels" on this control (attributes: colour, doors, plate)' },
    ]);
    expect(issues([box(undefined)])).toEqual([{ path: 'result[0].value.attributes', message: 'attribute "colour" is required' }]);
    expect(issues([box(['red'])])).toEqual([{ path: 'result[0].value.attributes', message: 'must be an object of attribute values by name, got ["red"]' }]);
  });

  it('is declared like a video track attribute, without mutable', () => {
    const bad = (attributes: unknown): string[] => {
      try {
        parseLabelConfig({ version: 1, fields: [{ name: 'image', type: 'image' }], controls: [{ type: 'keypointlabels', name: 'kp', toName: 'image', labels: [{ value: 'nose', color: '#000000' }], attributes }] });
        return [];
      } catch (e) {
        return e instanceof ValidationError ? e.issues.map((i) => `${i.path}: ${i.message}`) : [String(e)];
      }
    };
    expect(bad([{ name: 'v', type: 'choice', options: [] }, { name: 'v', type: 'text' }])).toEqual([
      'controls[0].attributes[0].options: a choice attribute must list at least one option',
      'controls[0].attributes[1].name: duplicate attribute name "v" (also attributes[0])',
    ]);
    expect(bad([{ name: 'v', type: 'text', mutable: true }]).length).toBe(1);
  });
});
