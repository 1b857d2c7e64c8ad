import { describe, expect, it } from 'vitest';
import type { LabelConfig } from '@yungang/core';
import { checkLabelConfig } from './config-check.ts';
import { addControl, addField, addItem, addSkeletonPair, removeControl, removeField, removeItem, removeSkeletonPair, updateControl, updateField, updateLabel, updateOption, updateSkeletonPair } from './config-ops.ts';

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

  it('adds image fields and puts new box and text controls on a field they can annotate', () => {
    let c = addField(base, 'image');
    expect(c.fields[1]).toEqual({ name: 'image', type: 'image' });
    c = addControl(addControl(addControl(c, 'rectanglelabels'), 'textarea'), 'labels');
    expect(c.controls[1]).toEqual({ type: 'rectanglelabels', name: 'boxes', toName: 'image', labels: [{ value: 'LABEL', color: '#e53935' }] });
    expect(c.controls[2]).toEqual({ type: 'textarea', name: 'textarea', toName: 'text', unit: 'char' });
    // Span labels go on the text field even though the image field is also there.
    expect(c.controls[3]).toMatchObject({ type: 'labels', name: 'labels', toName: 'text' });
    expect(checkLabelConfig(c).ok).toBe(true);
    // Without an image field, boxes still get a target; the editor then shows the mismatch.
    expect(addControl(base, 'rectanglelabels').controls[1]?.toName).toBe('text');
  });

  it('edits box labels like span labels, and text-area settings', () => {
    let c = addControl(addField(base, 'image'), 'rectanglelabels');
    c = addItem(c, 1);
    c = updateLabel(c, 1, 1, { value: 'car', hotkey: 'c', color: '#000000' });
    expect(c.controls[1]).toMatchObject({ labels: [{ value: 'LABEL' }, { value: 'car', hotkey: 'c', color: '#000000' }] });
    c = removeItem(c, 1, 0);
    expect(c.controls[1]).toMatchObject({ labels: [{ value: 'car' }] });

    c = addControl(c, 'textarea');
    c = updateControl(c, 2, { unit: 'word', placeholder: '写下图中的文字', maxLength: 200, title: '转写', choice: 'multiple' });
    expect(c.controls[2]).toEqual({ type: 'textarea', name: 'textarea', toName: 'text', unit: 'word', placeholder: '写下图中的文字', maxLength: 200, title: '转写' });
    c = updateControl(c, 2, { placeholder: '', maxLength: null });
    expect(c.controls[2]).toEqual({ type: 'textarea', name: 'textarea', toName: 'text', unit: 'word', title: '转写' });
    // Items do not apply to text areas; other controls ignore text-area settings.
    expect(addItem(c, 2)).toEqual(c);
    expect(removeItem(c, 2, 0)).toEqual(c);
    expect(updateControl(c, 1, { unit: 'char', maxLength: 5 }).controls[1]).toEqual(c.controls[1]);
  });

  it('changes a field between text and image', () => {
    const c = updateField(base, 0, { type: 'image' });
    expect(c.fields[0]).toEqual({ name: 'text', type: 'image' });
    // Span labels cannot annotate an image: the check says so with the control's path.
    const check = checkLabelConfig(c);
    expect(check.ok ? [] : check.issues.map((i) => i.path)).toContain('controls[0].toName');
  });

  it('removes fields and controls', () => {
    expect(removeField(base, 0).fields).toEqual([]);
    expect(removeControl(base, 0).controls).toEqual([]);
    expect(updateField(base, 5, { name: 'x' })).toBe(base);
  });

  it('adds polygon and keypoint controls on an image field, with labels like boxes', () => {
    let c = addControl(addControl(addField(base, 'image'), 'polygonlabels'), 'keypointlabels');
    expect(c.controls[1]).toEqual({ type: 'polygonlabels', name: 'polygons', toName: 'image', labels: [{ value: 'LABEL', color: '#e53935' }] });
    expect(c.controls[2]).toEqual({ type: 'keypointlabels', name: 'keypoints', toName: 'image', labels: [{ value: 'LABEL', color: '#e53935' }] });
    c = updateLabel(addItem(c, 1), 1, 1, { value: 'road', hotkey: 'r' });
    expect(c.controls[1]).toMatchObject({ labels: [{ value: 'LABEL' }, { value: 'road', hotkey: 'r', color: '#1e88e5' }] });
    c = updateControl(c, 1, { title: '区域', required: true });
    expect(c.controls[1]).toMatchObject({ title: '区域', required: true });
    expect(checkLabelConfig(c).ok).toBe(true);
  });

  it('edits a keypoint skeleton: new pairs join labels not yet joined, renames and removals follow the labels', () => {
    let c = addControl(addField(base, 'image'), 'keypointlabels');
    // One label: nothing to join yet.
    expect(addSkeletonPair(c, 1)).toEqual(c);
    c = updateLabel(c, 1, 0, { value: 'head' });
    c = updateLabel(addItem(addItem(c, 1), 1), 1, 1, { value: 'neck' });
    c = updateLabel(c, 1, 2, { value: 'hip' });
    c = addSkeletonPair(addSkeletonPair(c, 1), 1);
    expect(c.controls[1]).toMatchObject({ skeleton: [['head', 'neck'], ['head', 'hip']] });
    c = updateSkeletonPair(c, 1, 1, 0, 'neck');
    expect(c.controls[1]).toMatchObject({ skeleton: [['head', 'neck'], ['neck', 'hip']] });
    expect(checkLabelConfig(c).ok).toBe(true);
    // Renaming a label renames it in the pairs; removing it removes its pairs.
    c = updateLabel(c, 1, 1, { value: 'throat' });
    expect(c.controls[1]).toMatchObject({ skeleton: [['head', 'throat'], ['throat', 'hip']] });
    c = removeItem(c, 1, 0);
    expect(c.controls[1]).toMatchObject({ skeleton: [['throat', 'hip']] });
    expect(checkLabelConfig(c).ok).toBe(true);
    c = removeSkeletonPair(c, 1, 0);
    expect(Object.keys(c.controls[1] ?? {})).not.toContain('skeleton');
    // A pair joining a label to itself is the check's to report, on the pair's path.
    c = updateSkeletonPair(addSkeletonPair(c, 1), 1, 0, 1, 'throat');
    const check = checkLabelConfig(c);
    expect(check.ok ? [] : check.issues.map((i) => i.path)).toContain('controls[1].skeleton[0]');
    // Skeleton ops leave other controls alone.
    expect(addSkeletonPair(c, 0)).toEqual(c);
    expect(updateSkeletonPair(c, 0, 0, 0, 'x')).toEqual(c);
    expect(removeSkeletonPair(c, 0, 0)).toEqual(c);
  });
});

describe('rating settings', () => {
  const base: LabelConfig = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [] };

  it('adds a 1–5 scale, keeps one description per level and clamps the levels', () => {
    let config = addControl(base, 'rating');
    expect(config.controls[0]).toMatchObject({ type: 'rating', maxRating: 5 });
    config = updateControl(config, 0, { descriptions: ['差', '', '中', '', '好'], aggregate: 'mean' });
    expect(config.controls[0]).toMatchObject({ descriptions: ['差', '', '中', '', '好'], aggregate: 'mean' });
    config = updateControl(config, 0, { maxRating: 3 });
    expect(config.controls[0]).toMatchObject({ maxRating: 3, descriptions: ['差', '', '中'] });
    expect(checkLabelConfig(config).ok).toBe(true);
    expect(updateControl(config, 0, { maxRating: 40 }).controls[0]).toMatchObject({ maxRating: 10 });
    expect(updateControl(config, 0, { descriptions: ['', '', ''] }).controls[0]).not.toHaveProperty('descriptions');
  });
});
