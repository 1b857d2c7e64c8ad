import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '@yungang/core';
import { addControl, addField, addItem, removeControl, removeField, removeItem, updateControl, updateField, updateLabel, updateOption } from './config-ops.ts';

const base: LabelConfig = {
  version: 1,
  fields: [{ name: 'text', type: 'text' }],
  controls: [{ type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER', color: '#e53935', hotkey: '1' }] }],
};

describe('config ops', () => {
  it('adds fields and controls with unique names', () => {
    let c = addField(base);
    expect(c.fields.map((f) => f.name)).toEqual(['text', 'text2']);
    c = addControl(addControl(c, 'choices'), 'choices');
    expect(c.controls.map((x) => x.name)).toEqual(['ner', 'choices', 'choices2']);
    expect(c.controls[1]).toMatchObject({ type: 'choices', toName: 'text', choice: 'single' });
    expect(base.fields).toHaveLength(1);
  });

  it('renaming a field re-points its controls', () => {
    const c = updateField(base, 0, { name: 'content' });
    expect(c.fields[0]?.name).toBe('content');
    expect(c.controls[0]?.toName).toBe('content');
  });

  it('drops optional keys set to empty strings', () => {
    let c = updateLabel(base, 0, 0, { hotkey: '', title: '人名' });
    expect(c.controls[0]).toMatchObject({ labels: [{ value: 'PER', color: '#e53935', title: '人名' }] });
    expect(JSON.stringify(c)).not.toContain('hotkey');
    c = updateControl(c, 0, { title: '实体', required: true });
    expect(c.controls[0]).toMatchObject({ title: '实体', required: true });
    c = updateControl(c, 0, { title: '', required: false });
    expect(Object.keys(c.controls[0] ?? {})).toEqual(['type', 'name', 'toName', 'labels']);
    c = updateField(c, 0, { title: '' });
    expect(Object.keys(c.fields[0] ?? {})).toEqual(['name', 'type']);
  });

  it('adds, edits and removes labels and options', () => {
    let c = addItem(base, 0);
    expect(c.controls[0]).toMatchObject({ labels: [{ value: 'PER' }, { value: 'LABEL', color: '#1e88e5' }] });
    c = removeItem(c, 0, 0);
    expect(c.controls[0]).toMatchObject({ labels: [{ value: 'LABEL' }] });
    c = addItem(addControl(c, 'choices'), 1);
    c = updateOption(c, 1, 2, { value: 'maybe', hotkey: 'm' });
    expect(c.controls[1]).toMatchObject({ options: [{ value: 'yes' }, { value: 'no' }, { value: 'maybe', hotkey: 'm' }] });
    c = updateControl(c, 1, { choice: 'multiple' });
    expect(c.controls[1]).toMatchObject({ choice: 'multiple' });
    // Label ops do not touch choices controls and vice versa.
    expect(updateLabel(c, 1, 0, { color: '#000000' })).toEqual(c);
    expect(updateOption(c, 0, 0, { value: 'x' })).toEqual(c);
  });

  it('removes fields and controls', () => {
    expect(removeField(base, 0).fields).toEqual([]);
    expect(removeControl(base, 0).controls).toEqual([]);
    expect(updateField(base, 5, { name: 'x' })).toBe(base);
  });
});
