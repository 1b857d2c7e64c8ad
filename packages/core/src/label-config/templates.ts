/**
 * Starter label configs, as plain data, for the project wizard and the demo. Values are English codes
 * (stable in exports and models); titles are what annotators read, in Chinese.
 *
 * The objects are frozen because they are shared module state: `structuredClone` one before editing it.
 */
import type { ChoicesControl, LabelConfig, LabelsControl } from './label-config.types.js';

const nerControl: LabelsControl = {
  type: 'labels',
  name: 'ner',
  toName: 'text',
  title: '命名实体',
  labels: [
    { value: 'PER', title: '人名', color: '#e53935', hotkey: '1' },
    { value: 'LOC', title: '地名', color: '#1e88e5', hotkey: '2' },
    { value: 'ORG', title: '机构名', color: '#43a047', hotkey: '3' },
  ],
};

// q/w/e sit under the annotator's left hand and cannot clash with the digit hotkeys of the NER labels.
const sentimentControl: ChoicesControl = {
  type: 'choices',
  name: 'sentiment',
  toName: 'text',
  title: '情感倾向',
  choice: 'single',
  required: true,
  options: [
    { value: 'positive', title: '正面', hotkey: 'q' },
    { value: 'negative', title: '负面', hotkey: 'w' },
    { value: 'neutral', title: '中性', hotkey: 'e' },
  ],
};

const textField = { name: 'text', type: 'text', title: '文本' } as const;

/** Chinese named-entity recognition: person, place and organisation spans on `text`. */
export const chineseNerTemplate: LabelConfig = deepFreeze({ version: 1, fields: [{ ...textField }], controls: [structuredClone(nerControl)] });

/** Sentiment classification of `text`: one of positive, negative, neutral (required). */
export const textClassificationTemplate: LabelConfig = deepFreeze({ version: 1, fields: [{ ...textField }], controls: [structuredClone(sentimentControl)] });

/** NER spans plus a sentiment choice on the same `text`; the demo project uses it. */
export const nerWithClassificationTemplate: LabelConfig = deepFreeze({
  version: 1,
  fields: [{ ...textField }],
  controls: [structuredClone(nerControl), structuredClone(sentimentControl)],
});

/** A template as offered in the project wizard. */
export interface LabelConfigTemplate {
  id: string;
  title: string;
  description: string;
  config: LabelConfig;
}

/** All starter templates, in the order the wizard offers them. */
export const labelConfigTemplates: readonly LabelConfigTemplate[] = Object.freeze([
  { id: 'chinese-ner', title: '中文命名实体识别', description: 'Mark person (人名), place (地名) and organisation (机构名) spans in Chinese text.', config: chineseNerTemplate },
  { id: 'text-classification', title: '文本情感分类', description: 'Classify each text as positive, negative or neutral.', config: textClassificationTemplate },
  { id: 'ner-with-classification', title: '实体识别 + 情感分类', description: 'Entity spans and a sentiment label on the same text.', config: nerWithClassificationTemplate },
].map((t) => Object.freeze(t)));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
