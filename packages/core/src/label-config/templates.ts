/**
 * Starter label configs, as plain data, for the project wizard and the demo. Values are English codes
 * (stable in exports and models); titles are what annotators read, in Chinese.
 *
 * The objects are frozen because they are shared module state: `structuredClone` one before editing it.
 */
import type { ChoicesControl, LabelConfig, LabelsControl } from './label-config.types.js';
import { safetyControl } from './safety-taxonomy.js';

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

/**
 * An image with a caption: boxes on the image, entity spans on the caption. The cross-modal template:
 * a consistency rule can ask that every entity type tagged in the caption has a box with that label.
 */
export const imageCaptionTemplate: LabelConfig = deepFreeze({
  version: 1,
  fields: [
    { name: 'image', type: 'image', title: '图像' },
    { name: 'caption', type: 'text', title: '图像描述' },
  ],
  controls: [
    {
      type: 'rectanglelabels',
      name: 'objects',
      toName: 'image',
      title: '目标框',
      labels: [
        { value: 'person', title: '人物', color: '#e53935', hotkey: '1' },
        { value: 'vehicle', title: '车辆', color: '#1e88e5', hotkey: '2' },
        { value: 'statue', title: '造像', color: '#8e24aa', hotkey: '3' },
      ],
    },
    {
      type: 'labels',
      name: 'entities',
      toName: 'caption',
      title: '描述中的实体',
      labels: [
        { value: 'person', title: '人物', color: '#e53935', hotkey: 'q' },
        { value: 'vehicle', title: '车辆', color: '#1e88e5', hotkey: 'w' },
        { value: 'statue', title: '造像', color: '#8e24aa', hotkey: 'e' },
      ],
    },
  ],
});

/** Mandarin transcription of a text or image (OCR correction): one free-text answer, combined per character. */
export const transcriptionTemplate: LabelConfig = deepFreeze({
  version: 1,
  fields: [{ name: 'image', type: 'image', title: '待转写图像' }],
  controls: [{ type: 'textarea', name: 'transcript', toName: 'image', title: '转写文本', required: true, unit: 'char' }],
});

/**
 * Speech segmentation and transcription: time segments on a recording, each with a kind, a speaker and a
 * transcript kept to the project's conventions ([noise], [laughter], [unk] for unintelligible speech).
 */
export const speechSegmentsTemplate: LabelConfig = deepFreeze({
  version: 1,
  fields: [{ name: 'audio', type: 'audio', title: '录音' }],
  controls: [
    {
      type: 'labels',
      name: 'segments',
      toName: 'audio',
      title: '语段',
      labels: [
        { value: 'speech', title: '语音', color: '#1e88e5', hotkey: '1' },
        { value: 'music', title: '音乐', color: '#8e24aa', hotkey: '2' },
        { value: 'noise', title: '噪声', color: '#757575', hotkey: '3' },
      ],
    },
    {
      type: 'choices',
      name: 'speaker',
      toName: 'audio',
      title: '说话人',
      choice: 'single',
      perRegion: true,
      options: [
        { value: 'A', title: '说话人 A' },
        { value: 'B', title: '说话人 B' },
        { value: 'C', title: '说话人 C' },
      ],
    },
    {
      type: 'textarea',
      name: 'transcript',
      toName: 'audio',
      title: '转写',
      perRegion: true,
      unit: 'char',
      conventions: { tags: ['noise', 'laughter', 'music'], unintelligible: '[unk]', numbers: 'words', punctuation: 'any' },
    },
  ],
});

/**
 * Comparing chat responses (docs/llm-data.md): preference between A and B with a reason, a ranking of all
 * candidates, a 1–5 helpfulness score per response, a gold rewrite of one response and a critique.
 */
export const dialoguePreferenceTemplate: LabelConfig = deepFreeze({
  version: 1,
  fields: [{ name: 'dialogue', type: 'dialogue', title: '对话' }],
  controls: [
    { type: 'pairwise', name: 'preference', toName: 'dialogue', title: '哪个回答更好' },
    { type: 'ranker', name: 'ranking', toName: 'dialogue', title: '回答排序' },
    { type: 'responserating', name: 'helpfulness', toName: 'dialogue', title: '有用性', maxRating: 5, descriptions: ['完全无用', '帮助很小', '一般', '较有帮助', '非常有帮助'] },
    { type: 'responseedit', name: 'gold', toName: 'dialogue', title: '改写为标准答案' },
    { type: 'textarea', name: 'critique', toName: 'dialogue', title: '点评' },
  ],
});

/** Safety annotation of conversations: the TC260-003 Appendix A risks per turn; labelled work is reviewed at 100 %. */
export const dialogueSafetyTemplate: LabelConfig = deepFreeze({
  version: 1,
  fields: [{ name: 'dialogue', type: 'dialogue', title: '对话' }],
  controls: [safetyControl('dialogue'), { type: 'textarea', name: 'critique', toName: 'dialogue', title: '说明' }],
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
  { id: 'image-caption', title: '图像目标框 + 描述实体', description: 'Boxes on an image and entity spans in its caption, for cross-modal consistency checks.', config: imageCaptionTemplate },
  { id: 'transcription', title: '图像文字转写', description: 'Transcribe the text in an image (free text, combined per character).', config: transcriptionTemplate },
  { id: 'dialogue-preference', title: '对话回答比较', description: 'Compare chat responses: A/B preference, ranking, per-response scores, a gold rewrite and a critique.', config: dialoguePreferenceTemplate },
  { id: 'dialogue-safety', title: '对话安全标注', description: 'Label each turn with the TC260-003 Appendix A risks (5 categories, 31 risks); labelled work is reviewed at 100 %.', config: dialogueSafetyTemplate },
  { id: 'speech-segments', title: '语音切分与转写', description: 'Time segments on a recording, each with a speaker and a transcript checked against the conventions.', config: speechSegmentsTemplate },
].map((t) => Object.freeze(t)));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
