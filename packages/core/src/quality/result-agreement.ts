import type { AnnotationResult } from '../annotation/result.types.js';
import { qaAgreement } from '../qa/qa-labels.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { spanF1, type Span } from '../metrics/text/span-f1.js';
import { characterErrorRate, wordErrorRate } from '../metrics/text/error-rate.js';
import { keypointsOf, polygonsOf, ratingOf, rectanglesOf, textareaOf } from '../annotation/result-labels.js';
import { rectangleF1 } from './aggregation/rectangles.js';
import { polygonF1 } from './aggregation/polygons.js';
import { keypointF1 } from './aggregation/keypoints.js';
import { maskF1 } from './aggregation/masks.js';
import { masksOf, polylinesOf } from '../annotation/result-labels.js';
import { polylineF1 } from './aggregation/polylines.js';
import { trackF1 } from '../video/track-agreement.js';
import { eventsOf, pointTracksOf, tracksOf } from '../annotation/result-labels.js';
import { pointTrackF1 } from '../video/point-track-agreement.js';
import { eventF1 } from '../video/video-events.js';
import { segmentAgreement } from './segment-agreement.js';
import { documentAgreement } from '../document/document-agreement.js';
import { dialogueAgreement } from './dialogue-label.js';

/**
 * How much two annotations of one task agree, in [0, 1]: the mean over the config's controls of a
 * per-control agreement. Choices: 1 when the chosen sets are equal, else 0. Spans: strict span F1
 * (exact boundaries and label; two empty sets agree fully). Rectangles: F1 of same-label rectangles
 * matched one-to-one at IoU ≥ 0.5; polygons alike (polygon IoU); keypoints: F1 of same-label points
 * matched within 2 % of the image; brush masks: F1 of same-label masks matched at mask IoU ≥ 0.5 (pycocotools' IoU); polylines: F1 of same-label paths matched at a symmetric mean distance under 2 % of the image (`polylineDistance`); video tracks: F1 of same-label tracks matched at mean per-frame IoU ≥ 0.5 (`trackIoU`). Ratings: 1 − |a − b| / (maxRating − 1). Free text: 1 − edits / longer length, in characters or words as the
 * control's unit says (symmetric, unlike CER, since neither side is the reference). Used for gold checks (annotation vs the
 * gold result), consensus scores and the adjudication trigger.
 */
export function resultAgreement(config: LabelConfig, a: AnnotationResult, b: AnnotationResult): number {
  if (config.controls.length === 0) return 1;
  let sum = 0;
  for (const control of config.controls) {
    // Document boxes, key–value pairs and reading orders (docs/documents.md).
    const onDocument = documentAgreement(config, control, a, b);
    if (onDocument !== null) {
      sum += onDocument;
      continue;
    }
    const segments = segmentAgreement(config, control, a, b);
    if (segments !== null) {
      sum += segments;
    } else if (control.type === 'choices') {
      sum += choiceKey(a, control.name) === choiceKey(b, control.name) ? 1 : 0;
    } else if (control.type === 'labels') {
      const sa = spansOf(a, control.name);
      const sb = spansOf(b, control.name);
      sum += sa.length === 0 && sb.length === 0 ? 1 : spanF1([sa], [sb], { mode: 'strict' }).f1;
    } else if (control.type === 'rectanglelabels') {
      sum += rectangleF1(rectanglesOf(a, control.name), rectanglesOf(b, control.name));
    } else if (control.type === 'polygonlabels') {
      sum += polygonF1(polygonsOf(a, control.name), polygonsOf(b, control.name));
    } else if (control.type === 'keypointlabels') {
      sum += keypointF1(keypointsOf(a, control.name), keypointsOf(b, control.name));
    } else if (control.type === 'pairwise' || control.type === 'ranker' || control.type === 'responserating' || control.type === 'turnchoices' || control.type === 'responseedit') {
      sum += dialogueAgreement(control, a, b, (x, y) => textAgreement(x, y, 'char'));
    } else if (control.type === 'groundedqa') {
      sum += qaAgreement(control, a, b);
    } else if (control.type === 'brushlabels') {
      sum += maskF1(masksOf(a, control.name), masksOf(b, control.name));
    } else if (control.type === 'polylinelabels') {
      sum += polylineF1(polylinesOf(a, control.name), polylinesOf(b, control.name));
    } else if (control.type === 'videorectangle') {
      sum += trackF1(tracksOf(a, control.name), tracksOf(b, control.name));
    } else if (control.type === 'videopolygon' || control.type === 'videokeypoint') {
      sum += pointTrackF1(pointTracksOf(a, control.name), pointTracksOf(b, control.name), control.type === 'videopolygon' ? 'polygon' : 'points');
    } else if (control.type === 'videoevents') {
      sum += eventF1(eventsOf(a, control.name), eventsOf(b, control.name));
    } else if (control.type === 'rating') {
      sum += ratingAgreement(ratingOf(a, control.name), ratingOf(b, control.name), control.maxRating);
    } else if (control.type === 'keyvalue' || control.type === 'readingorder') {
      // Only document fields take these (CONTROL_TARGETS); documentAgreement measured them above.
      sum += 1;
    } else {
      sum += textAgreement(textareaOf(a, control.name) ?? '', textareaOf(b, control.name) ?? '', control.unit ?? 'char');
    }
  }
  return sum / config.controls.length;
}

/** Mean pairwise agreement of a task's annotations; 1 when fewer than two. */
export function groupAgreement(config: LabelConfig, results: readonly AnnotationResult[]): number {
  if (results.length < 2) return 1;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < results.length; i++) {
    for (let j = i + 1; j < results.length; j++) {
      sum += resultAgreement(config, results[i]!, results[j]!);
      pairs++;
    }
  }
  return sum / pairs;
}

function choiceKey(result: AnnotationResult, control: string): string {
  const chosen = result.filter((r) => r.from_name === control && r.type === 'choices').flatMap((r) => (r.type === 'choices' ? r.value.choices : []));
  return JSON.stringify([...new Set(chosen)].sort());
}

function spansOf(result: AnnotationResult, control: string): Span[] {
  return result.flatMap((r) => (r.from_name === control && r.type === 'labels' ? r.value.labels.map((label) => ({ start: r.value.start, end: r.value.end, label })) : []));
}

/** 1 − (S + D + I) / max(|a|, |b|) in tokens of `unit`; 1 for two empty texts. */
export function textAgreement(a: string, b: string, unit: 'char' | 'word'): number {
  const tokens = (t: string): number => (unit === 'char' ? Array.from(t).length : t.split(/\s+/).filter(Boolean).length);
  const longest = Math.max(tokens(a), tokens(b));
  if (longest === 0) return 1;
  const m = unit === 'char' ? characterErrorRate(a, b) : wordErrorRate(a, b);
  return Math.max(0, 1 - (m.substitutions + m.deletions + m.insertions) / longest);
}

/** 1 for equal scores, 0 for opposite ends of the scale (or one side unanswered); 1 when both are unanswered. */
export function ratingAgreement(a: number | null, b: number | null, maxRating: number): number {
  if (a === null && b === null) return 1;
  if (a === null || b === null) return 0;
  return Math.max(0, 1 - Math.abs(a - b) / (maxRating - 1));
}
