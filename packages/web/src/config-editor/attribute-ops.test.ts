import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '@yungang/core';
import { checkLabelConfig } from './config-check.ts';
import { addAttribute, addAttributeOption, hasAttributes, removeAttribute, removeAttributeOption, setRotation, updateAttribute, updateAttributeOption } from './attribute-ops.ts';

const base: LabelConfig = {
  version: 1,
  fields: [
    { name: 'image', type: 'image' },
    { name: 'video', type: 'video' },
  ],
  controls: [
    { type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: [{ value: 'car', color: '#e53935' }] },
    { type: 'videorectangle', name: 'tracks', toName: 'video', labels: [{ value: 'car', color: '#e53935' }] },
    { type: 'choices', name: 'scene', toName: 'image', choice: 'single', options: [{ value: 'day' }] },
  ],
};

const issuePaths = (config: LabelConfig) => {
  const check = checkLabelConfig(config);
  return check.ok ? [] : check.issues.map((i) => i.path);
};

describe('attribute ops', () => {
  it('adds attributes with unique names, and removes the list when the last goes', () => {
    let c = addAttribute(addAttribute(base, 0), 0);
    expect(c.controls[0]).toMatchObject({ attributes: [{ name: 'attribute', type: 'text' }, { name: 'attribute2', type: 'text' }] });
    expect(issuePaths(c)).toEqual([]);
    c = removeAttribute(removeAttribute(c, 0, 0), 0, 0);
    expect(c.controls[0]).not.toHaveProperty('attributes');
    expect(base.controls[0]).not.toHaveProperty('attributes');
  });

  it('keeps a choice attribute’s options and drops them for other types', () => {
    let c = updateAttribute(addAttribute(base, 0), 0, 0, { name: 'colour', type: 'choice' });
    expect(c.controls[0]).toMatchObject({ attributes: [{ name: 'colour', type: 'choice', options: [] }] });
    // A choice with no option is what core reports, at the options.
    expect(issuePaths(c)).toEqual(['controls[0].attributes[0].options']);
    c = addAttributeOption(c, 0, 0);
    expect(issuePaths(c)).toEqual(['controls[0].attributes[0].options[0]']);
    c = updateAttributeOption(addAttributeOption(updateAttributeOption(c, 0, 0, 0, 'red'), 0, 0), 0, 0, 1, 'blue');
    expect(issuePaths(c)).toEqual([]);
    c = removeAttributeOption(c, 0, 0, 0);
    expect(c.controls[0]).toMatchObject({ attributes: [{ options: ['blue'] }] });
    c = updateAttribute(c, 0, 0, { type: 'number', required: true });
    expect(c.controls[0]).toMatchObject({ attributes: [{ name: 'colour', type: 'number', required: true }] });
    expect(JSON.stringify(c.controls[0])).not.toContain('options');
    c = updateAttribute(c, 0, 0, { required: false });
    expect(Object.keys((c.controls[0] as { attributes: object[] }).attributes[0] ?? {})).toEqual(['name', 'type']);
  });

  it('lets an invalid name through for core to name', () => {
    const c = updateAttribute(addAttribute(addAttribute(base, 0), 0), 0, 1, { name: 'attribute' });
    expect(issuePaths(c)).toEqual(['controls[0].attributes[1].name']);
    expect(issuePaths(updateAttribute(addAttribute(base, 0), 0, 0, { name: ' ' }))).toEqual(['controls[0].attributes[0].name']);
  });

  it('keeps `mutable` on track controls only', () => {
    const image = updateAttribute(addAttribute(base, 0), 0, 0, { mutable: true });
    expect(JSON.stringify(image.controls[0])).not.toContain('mutable');
    const video = updateAttribute(addAttribute(base, 1), 1, 0, { mutable: true });
    expect(video.controls[1]).toMatchObject({ attributes: [{ name: 'attribute', type: 'text', mutable: true }] });
    expect(issuePaths(video)).toEqual([]);
  });

  it('leaves controls without attributes alone', () => {
    expect(hasAttributes(base.controls[2]!)).toBe(false);
    expect(addAttribute(base, 2)).toBe(base);
  });

  it('turns rotation on and off for box controls only', () => {
    const on = setRotation(base, 0, true);
    expect(on.controls[0]).toMatchObject({ rotation: true });
    expect(issuePaths(on)).toEqual([]);
    expect(setRotation(on, 0, false).controls[0]).not.toHaveProperty('rotation');
    expect(setRotation(base, 1, true)).toBe(base);
  });
});
