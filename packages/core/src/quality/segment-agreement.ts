/**
 * Agreement of time segments on audio and of their per-region answers, split from result-agreement.ts:
 * segments score the F1 of same-label segments matched one to one at temporal IoU ≥ 0.5; a per-region
 * transcript scores, over segments matched by time (whatever their label), 1 − CER of the two texts (or
 * WER for `unit: word`), unmatched segments 0, normalised like an F1; a per-region speaker scores 1 per
 * matched segment with the same speaker.
 */
import type { Control, LabelConfig } from '../label-config/label-config.types.js';
import type { AnnotationResult } from '../annotation/result.types.js';
import { audioSegmentsOf, regionChoiceOf, regionTextOf, segmentsOnField } from '../annotation/audio-segments.js';
import { perSegmentAgreement, segmentF1 } from './aggregation/segments.js';
import { textAgreement } from './result-agreement.js';

/** The control's agreement in [0, 1] when it is about audio segments; null for every other control. */
export function segmentAgreement(config: LabelConfig, control: Control, a: AnnotationResult, b: AnnotationResult): number | null {
  const onAudio = config.fields.some((f) => f.name === control.toName && f.type === 'audio');
  if (!onAudio) return null;
  if (control.type === 'labels') return segmentF1(audioSegmentsOf(a, control.name), audioSegmentsOf(b, control.name));
  if (control.type === 'textarea' && control.perRegion === true) {
    const unit = control.unit ?? 'char';
    const texts = (r: AnnotationResult) => segmentsOnField(r, control.toName).map((s) => ({ start: s.value.start, end: s.value.end, text: regionTextOf(r, control.name, s.id) ?? '' }));
    return perSegmentAgreement(texts(a), texts(b), (x, y) => textAgreement(x.text, y.text, unit));
  }
  if (control.type === 'choices' && control.perRegion === true) {
    const picks = (r: AnnotationResult) => segmentsOnField(r, control.toName).map((s) => ({ start: s.value.start, end: s.value.end, choice: regionChoiceOf(r, control.name, s.id) }));
    return perSegmentAgreement(picks(a), picks(b), (x, y) => (x.choice === y.choice ? 1 : 0));
  }
  return null;
}
