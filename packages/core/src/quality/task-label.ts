import type { AnnotationResult, ResultItem } from '../annotation/result.types.js';
import { qaLabelItems } from '../qa/qa-labels.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { aggregateChoices } from './aggregation/choices.js';
import { aggregateSpans } from './aggregation/spans.js';
import { fuseRectangles } from './aggregation/rectangles.js';
import { aggregateTranscripts } from './aggregation/transcripts.js';
import { keypointsOf, polygonsOf, ratingOf, rectanglesOf, textareaOf } from '../annotation/result-labels.js';
import { aggregateRatings } from './aggregation/ratings.js';
import { fusePolygons } from './aggregation/polygons.js';
import { fuseKeypoints } from './aggregation/keypoints.js';
import { fuseMasks } from './aggregation/masks.js';
import { masksOf, polylinesOf } from '../annotation/result-labels.js';
import { fusePolylines } from './aggregation/polylines.js';
import { compressRle } from '../metrics/masks/coco-rle.js';
import { toPoints } from '../metrics/geometry/polygon.js';
import { fuseTracks } from '../video/track-agreement.js';
import { eventsOf, pointTracksOf, tracksOf } from '../annotation/result-labels.js';
import { fuseByMedoid } from '../video/track-agreement.js';
import { pointTrackSimilarity } from '../video/point-track-agreement.js';
import { eventIoU } from '../video/video-events.js';
import { fusedSegmentItems } from './segment-label.js';
import { documentLabelItems } from '../document/document-agreement.js';
import { dialogueLabelItems } from './dialogue-label.js';

/** One annotator's current result on a task, as aggregation sees it. */
export interface LabelInput {
  annotationId: string;
  version: number;
  worker: string;
  result: AnnotationResult;
}

/**
 * The label a dataset delivers for a task, and where it came from: `gold` (the expected result of a gold
 * task), `adjudication` (an adjudicator's decision), `single` (one annotation), `majority` (per control:
 * plurality of choices, position-level strict-majority vote for spans), or `none` (no usable annotation).
 */
export interface TaskLabel {
  result: AnnotationResult;
  method: 'gold' | 'adjudication' | 'single' | 'majority' | 'none';
  /** The annotation versions the label was made from. */
  inputs: { annotation: string; version: number }[];
}

/** Builds a task's delivered label; `data` supplies the text that span items quote. */
export function taskLabel(config: LabelConfig, data: Record<string, unknown>, inputs: readonly LabelInput[], decided?: { gold?: AnnotationResult | null; adjudicated?: AnnotationResult | null }): TaskLabel {
  const refs = inputs.map((i) => ({ annotation: i.annotationId, version: i.version }));
  if (decided?.gold) return { result: decided.gold, method: 'gold', inputs: [] };
  if (decided?.adjudicated) return { result: decided.adjudicated, method: 'adjudication', inputs: refs };
  if (inputs.length === 0) return { result: [], method: 'none', inputs: [] };
  if (inputs.length === 1) return { result: inputs[0]!.result, method: 'single', inputs: refs };
  const result: ResultItem[] = [];
  for (const control of config.controls) {
    // Per-region answers are fused together with their segments, below.
    if ((control.type === 'choices' || control.type === 'textarea') && control.perRegion === true) continue;
    const onDocument = documentLabelItems(config, control, inputs);
    if (onDocument !== null) {
      result.push(...onDocument);
      continue;
    }
    if (control.type === 'labels' && config.fields.some((f) => f.name === control.toName && f.type === 'audio')) {
      result.push(...fusedSegmentItems(config, control, inputs));
      continue;
    }
    if (control.type === 'choices') {
      const rows = inputs.flatMap((i) => {
        const chosen = i.result.flatMap((r) => (r.from_name === control.name && r.type === 'choices' ? r.value.choices : []));
        return chosen.length === 0 ? [] : [{ task: 't', worker: i.worker, label: JSON.stringify([...new Set(chosen)].sort()) }];
      });
      const winner = rows.length > 0 ? aggregateChoices(rows, { method: 'majority' })['t'] : undefined;
      if (winner) result.push({ id: `${control.name}-vote`, from_name: control.name, to_name: control.toName, type: 'choices', value: { choices: JSON.parse(winner.label) as string[] } });
    } else if (control.type === 'labels') {
      const text = typeof data[control.toName] === 'string' ? Array.from(data[control.toName] as string) : [];
      const spans = aggregateSpans(
        inputs.map((i) => ({
          worker: i.worker,
          spans: i.result.flatMap((r) => (r.from_name === control.name && r.type === 'labels' ? r.value.labels.map((label) => ({ start: r.value.start, end: r.value.end, label })) : [])),
        })),
      );
      spans.forEach((s, n) =>
        result.push({ id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'labels', value: { start: s.start, end: s.end, text: text.slice(s.start, s.end).join(''), labels: [s.label] } }),
      );
    } else if (control.type === 'rectanglelabels') {
      const { fused } = fuseRectangles(inputs.map((i) => ({ worker: i.worker, rectangles: rectanglesOf(i.result, control.name) })));
      fused.forEach((f, n) => result.push({ id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'rectanglelabels', value: { ...f.rectangle, rectanglelabels: [f.label] } }));
    } else if (control.type === 'polygonlabels') {
      // The medoid polygon (the member most like the others) stands for its cluster: averaging vertices of
      // polygons with different corner counts has no meaning.
      const { fused } = fusePolygons(inputs.map((i) => ({ worker: i.worker, polygons: polygonsOf(i.result, control.name).map((p) => ({ polygon: p.points, label: p.label })) })));
      fused.forEach((f, n) =>
        result.push({ id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'polygonlabels', value: { points: toPoints(f.polygon).map(([x, y]) => [x, y] as [number, number]), polygonlabels: [f.label] } }),
      );
    } else if (control.type === 'rating') {
      const values = inputs.flatMap((i) => {
        const rating = ratingOf(i.result, control.name);
        return rating === null ? [] : [{ worker: i.worker, value: rating }];
      });
      if (values.length > 0) {
        const { value } = aggregateRatings(values, { method: control.aggregate ?? 'median' });
        result.push({ id: `${control.name}-vote`, from_name: control.name, to_name: control.toName, type: 'rating', value: { rating: value } });
      }
    } else if (control.type === 'videorectangle') {
      // Tracks matched across annotators by mean per-frame IoU; majority tracks kept, each as its medoid.
      const fused = fuseTracks(inputs.map((i) => ({ worker: i.worker, tracks: tracksOf(i.result, control.name) })));
      fused.forEach((f, n) =>
        result.push({ id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'videorectangle', value: { framesCount: f.track.framesCount, duration: f.track.duration ?? 0, sequence: [...f.track.sequence], labels: [f.label], ...(f.track.attributes ? { attributes: f.track.attributes } : {}) } }),
      );
    } else if (control.type === 'videopolygon' || control.type === 'videokeypoint') {
      // As box tracks: majority clusters by mean per-frame similarity, each kept as its medoid.
      const kind = control.type === 'videopolygon' ? 'polygon' : 'points';
      const fused = fuseByMedoid(inputs.map((i) => ({ worker: i.worker, items: pointTracksOf(i.result, control.name) })), (a, b) => pointTrackSimilarity(a, b, kind));
      const type = control.type;
      fused.forEach((f, n) => {
        const value = { framesCount: f.item.framesCount, duration: f.item.duration, sequence: [...f.item.sequence], labels: [f.label], ...(f.item.attributes ? { attributes: f.item.attributes } : {}) };
        result.push(type === 'videopolygon' ? { id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type, value } : { id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type, value });
      });
    } else if (control.type === 'videoevents') {
      const fused = fuseByMedoid(inputs.map((i) => ({ worker: i.worker, items: eventsOf(i.result, control.name) })), eventIoU);
      fused.forEach((f, n) => result.push({ id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'videoevents', value: { start: f.item.start, end: f.item.end, labels: [f.label] } }));
    } else if (control.type === 'keypointlabels') {
      const { fused } = fuseKeypoints(inputs.map((i) => ({ worker: i.worker, points: keypointsOf(i.result, control.name) })));
      fused.forEach((f, n) => result.push({ id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'keypointlabels', value: { x: f.x, y: f.y, keypointlabels: [f.label] } }));
    } else if (control.type === 'polylinelabels') {
      const { fused } = fusePolylines(inputs.map((i) => ({ worker: i.worker, polylines: polylinesOf(i.result, control.name) })));
      fused.forEach((f, n) => result.push({ id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'polylinelabels', value: { points: f.points, polylinelabels: [f.label] } }));
    } else if (control.type === 'pairwise' || control.type === 'ranker' || control.type === 'responserating' || control.type === 'turnchoices' || control.type === 'responseedit') {
      result.push(...dialogueLabelItems(control, inputs));
    } else if (control.type === 'groundedqa') {
      result.push(...qaLabelItems(control, inputs));
    } else if (control.type === 'brushlabels') {
      // Pixel-wise strict majority per label: one fused mask per label, however many objects it covers.
      const fused = fuseMasks(inputs.map((i) => ({ worker: i.worker, masks: masksOf(i.result, control.name) })));
      fused.forEach((f, n) => result.push({ id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'brushlabels', value: { format: 'coco-rle', rle: compressRle(f.rle), brushlabels: [f.label] } }));
    } else if (control.type === 'keyvalue' || control.type === 'readingorder') {
      // Only document fields take these (CONTROL_TARGETS); documentLabelItems handled them above.
      continue;
    } else {
      // Only those who wrote something vote: an empty answer is "no item", not a vote for silence.
      const texts = inputs.flatMap((i) => {
        const text = textareaOf(i.result, control.name);
        return text === null ? [] : [{ worker: i.worker, text }];
      });
      if (texts.length === 0) continue;
      const combined = aggregateTranscripts(texts, { unit: control.unit ?? 'char' }).text;
      if (combined !== '') result.push({ id: `${control.name}-vote`, from_name: control.name, to_name: control.toName, type: 'textarea', value: { text: [combined] } });
    }
  }
  return { result, method: 'majority', inputs: refs };
}
