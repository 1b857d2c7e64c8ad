import { describe, it, expect } from 'vitest';
import { labelConfigHotkeys, parseLabelConfig } from './parse-label-config.js';
import { chineseNerTemplate, labelConfigTemplates, nerWithClassificationTemplate, textClassificationTemplate } from './templates.js';

describe('label config templates', () => {
  it.each(labelConfigTemplates.map((t) => [t.id, t.config] as const))('%s passes parseLabelConfig', (_id, config) => {
    expect(parseLabelConfig(structuredClone(config))).toEqual(config);
  });

  it('offers the templates by id', () => {
    expect(labelConfigTemplates.map((t) => t.id)).toEqual(['chinese-ner', 'text-classification', 'ner-with-classification', 'image-caption', 'transcription', 'dialogue-preference', 'dialogue-safety', 'grounded-qa', 'prompt-writing', 'speech-segments', 'document-extraction']);
  });

  it('Chinese NER has PER/LOC/ORG with Chinese titles on hotkeys 1/2/3', () => {
    const [control] = chineseNerTemplate.controls;
    expect(control?.type).toBe('labels');
    if (control?.type !== 'labels') return;
    expect(control.labels.map((l) => [l.value, l.title, l.hotkey])).toEqual([
      ['PER', '人名', '1'],
      ['LOC', '地名', '2'],
      ['ORG', '机构名', '3'],
    ]);
  });

  it('text classification is a required single choice of sentiment', () => {
    const [control] = textClassificationTemplate.controls;
    expect(control).toMatchObject({ type: 'choices', name: 'sentiment', choice: 'single', required: true });
    if (control?.type !== 'choices') return;
    expect(control.options.map((o) => o.value)).toEqual(['positive', 'negative', 'neutral']);
  });

  it('the combined template has non-clashing hotkeys for both controls', () => {
    expect(nerWithClassificationTemplate.controls.map((c) => c.name)).toEqual(['ner', 'sentiment']);
    expect([...labelConfigHotkeys(nerWithClassificationTemplate).keys()]).toEqual(['1', '2', '3', 'q', 'w', 'e']);
  });

  it('is frozen, so shared template data cannot be changed by accident', () => {
    expect(Object.isFrozen(chineseNerTemplate)).toBe(true);
    expect(Object.isFrozen(chineseNerTemplate.controls[0])).toBe(true);
    expect(() => {
      (chineseNerTemplate.fields as unknown[]).push({});
    }).toThrow(TypeError);
    const copy = structuredClone(chineseNerTemplate);
    copy.fields.push({ name: 'title', type: 'text' });
    expect(copy.fields).toHaveLength(2);
  });
});
