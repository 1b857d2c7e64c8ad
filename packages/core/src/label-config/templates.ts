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

/**
 * Grounded question–answer writing (docs/llm-data.md): on a passage, the annotator marks evidence and writes
 * up to five question–answer pairs; questions end with a question mark, answers are copied from the evidence.
 */
export const groundedQaTemplate: LabelConfig = deepFreeze({
  version: 1,
  fields: [{ name: 'passage', type: 'text', title: '文档段落' }],
  controls: [
    {
      type: 'groundedqa',
      name: 'qa',
      toName: 'passage',
      title: '问答对',
      required: true,
      maxPairs: 5,
      requireEvidence: true,
      answerInEvidence: true,
      question: { minLength: 4, maxLength: 200, endsWith: ['？', '?'] },
      answer: { minLength: 1, maxLength: 500 },
    },
  ],
});

/**
 * Prompt–response writing (instruction data): the annotator writes or rewrites the user prompt and writes
 * the answer; forbidden phrases and lengths are checked on submit. Tasks hold a conversation without an
 * answer (a system message, or a seed user message to rewrite).
 */
export const promptWritingTemplate: LabelConfig = deepFreeze({
  version: 1,
  fields: [{ name: 'dialogue', type: 'dialogue', title: '对话' }],
  controls: [
    {
      type: 'responseedit',
      name: 'answer',
      toName: 'dialogue',
      title: '写出指令和回答',
      required: true,
      editablePrompt: true,
      minLength: 10,
      maxLength: 4000,
      promptRules: { minLength: 5, maxLength: 1000 },
      rules: { forbidden: ['作为一个AI', '作为一个人工智能', 'As an AI'] },
    },
  ],
});

/**
 * Document extraction (docs/documents.md): boxes on PDF pages (title, body, table, seal…), spans over the
 * text layer, the official-document fields as key–value pairs, and the reading order of the boxes.
 */
export const documentExtractionTemplate: LabelConfig = deepFreeze({
  version: 1,
  fields: [{ name: 'document', type: 'document', title: '文档' }],
  controls: [
    {
      type: 'rectanglelabels',
      name: 'regions',
      toName: 'document',
      title: '版面区域',
      labels: [
        { value: 'title', title: '标题', color: '#e53935', hotkey: '1' },
        { value: 'text', title: '正文', color: '#1e88e5', hotkey: '2' },
        { value: 'table', title: '表格', color: '#43a047', hotkey: '3' },
        { value: 'seal', title: '印章', color: '#8e24aa', hotkey: '4' },
      ],
    },
    {
      type: 'labels',
      name: 'fields',
      toName: 'document',
      title: '文本片段',
      labels: [
        { value: 'KEY', title: '字段名', color: '#fb8c00', hotkey: 'q' },
        { value: 'VALUE', title: '字段值', color: '#00897b', hotkey: 'w' },
      ],
    },
    {
      type: 'keyvalue',
      name: 'kv',
      toName: 'document',
      title: '字段抽取',
      keys: [
        { value: 'issuer', title: '发文机关' },
        { value: 'docNumber', title: '发文字号' },
        { value: 'title', title: '标题' },
        { value: 'date', title: '成文日期' },
        { value: 'recipient', title: '主送机关' },
      ],
    },
    { type: 'readingorder', name: 'order', toName: 'document', title: '阅读顺序' },
  ],
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
  { id: 'grounded-qa', title: '文档问答', description: 'Grounded QA: mark evidence in a passage and write question–answer pairs about it (extractive, several per passage).', config: groundedQaTemplate },
  { id: 'prompt-writing', title: '指令与回答撰写', description: 'Prompt writing: write or rewrite the instruction and write the answer, with length and forbidden-phrase rules; exported as SFT.', config: promptWritingTemplate },
  { id: 'speech-segments', title: '语音切分与转写', description: 'Time segments on a recording, each with a speaker and a transcript checked against the conventions.', config: speechSegmentsTemplate },
  { id: 'document-extraction', title: '文档信息抽取', description: 'Document extraction: regions and tables on PDF pages, spans over the text layer, key–value fields and reading order.', config: documentExtractionTemplate },
].map((t) => Object.freeze(t)));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
