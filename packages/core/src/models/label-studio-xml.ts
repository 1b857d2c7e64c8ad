/**
 * Our JSON label config written as Label Studio's XML (`<View>…</View>`), because Label Studio ML backends
 * read the project's controls from that XML (`/setup` `schema`, `/predict` `label_config`). Only the
 * tags and attributes backends use to find controls and labels are written.
 */
import type { Control, DataField, LabelConfig } from '../label-config/label-config.types.js';

const FIELD_TAG: Record<DataField['type'], string> = { text: 'Text', image: 'Image', audio: 'Audio', video: 'Video', dialogue: 'Paragraphs', document: 'Image' };

const CONTROL_TAG: Record<Control['type'], string> = {
  choices: 'Choices',
  labels: 'Labels',
  rectanglelabels: 'RectangleLabels',
  polygonlabels: 'PolygonLabels',
  keypointlabels: 'KeyPointLabels',
  brushlabels: 'BrushLabels',
  polylinelabels: 'PolylineLabels',
  rating: 'Rating',
  textarea: 'TextArea',
  videorectangle: 'VideoRectangle',
  // Label Studio tracks only rectangles: polygon and point tracks keep tag names of our own in its style;
  // events are its TimelineLabels (labelled frame ranges on a video).
  videopolygon: 'VideoPolygon',
  videokeypoint: 'VideoKeyPoint',
  videoevents: 'TimelineLabels',
  // Dialogue controls: Label Studio's nearest tags (its Pairwise and Ranker; per-response scores as Rating).
  pairwise: 'Pairwise',
  ranker: 'Ranker',
  responserating: 'Rating',
  turnchoices: 'Choices',
  responseedit: 'TextArea',
  // Label Studio has no QA tag; its nearest is free text about the passage.
  groundedqa: 'TextArea',
  // Key–value links and reading order are Label Studio relations between regions.
  keyvalue: 'Relations',
  readingorder: 'Relations',
};

export function labelConfigToLabelStudioXml(config: LabelConfig): string {
  const lines = ['<View>'];
  for (const field of config.fields) lines.push(`  <${FIELD_TAG[field.type]} name="${esc(field.name)}" value="$${esc(field.name)}"/>`);
  for (const control of config.controls) lines.push(...controlXml(control));
  lines.push('</View>');
  return lines.join('\n');
}

function controlXml(control: Control): string[] {
  const tag = CONTROL_TAG[control.type];
  const head = `  <${tag} name="${esc(control.name)}" toName="${esc(control.toName)}"`;
  switch (control.type) {
    case 'choices':
      return [`${head} choice="${control.choice}">`, ...control.options.map((o) => `    <Choice value="${esc(o.value)}"/>`), `  </${tag}>`];
    case 'rating':
      return [`${head} maxRating="${control.maxRating}"/>`];
    case 'textarea':
    case 'pairwise':
    case 'ranker':
    case 'responseedit':
    case 'groundedqa':
    case 'readingorder':
      return [`${head}/>`];
    case 'keyvalue':
      return [`${head}>`, ...control.keys.map((k) => `    <Relation value="${esc(k.value)}"/>`), `  </${tag}>`];
    case 'responserating':
      return [`${head} maxRating="${control.maxRating}"/>`];
    case 'turnchoices':
      return [`${head} choice="${control.choice}">`, ...control.options.map((o) => `    <Choice value="${esc(o.value)}"/>`), `  </${tag}>`];
    case 'videorectangle':
    case 'videopolygon':
    case 'videokeypoint':
      // Label Studio pairs VideoRectangle with a Labels control naming the same video.
      return [`${head}/>`, `  <Labels name="${esc(control.name)}_labels" toName="${esc(control.toName)}">`, ...control.labels.map((l) => `    <Label value="${esc(l.value)}" background="${esc(l.color)}"/>`), '  </Labels>'];
    default:
      return [`${head}>`, ...control.labels.map((l) => `    <Label value="${esc(l.value)}" background="${esc(l.color)}"/>`), `  </${tag}>`];
  }
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
