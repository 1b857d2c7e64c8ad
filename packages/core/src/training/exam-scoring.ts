import type { AnnotationResult } from '../annotation/result.types.js';
import type { Control, ControlType, LabelConfig } from '../label-config/label-config.types.js';
import { textareaOf } from '../annotation/result-labels.js';
import { characterErrorRate, wordErrorRate } from '../metrics/text/error-rate.js';
import { spanF1, type Span } from '../metrics/text/span-f1.js';
import { resultAgreement } from '../quality/result-agreement.js';

/**
 * Scoring of exam answers against their gold (expected) results (docs/training.md). The item score is
 * `resultAgreement` — the same measure gold checks in real work use — so passing an exam means the same
 * thing as passing gold tasks later. Per control the breakdown adds the metric people know for that
 * control: exact match for choices, strict span precision/recall/F1, box F1 at IoU ≥ 0.5, CER or WER for
 * free text (the expected text is the reference).
 */
export interface ControlScore {
  control: string;
  type: ControlType;
  /** This control's share of the item score, in [0, 1]. */
  score: number;
  /** Choices: the chosen set equals the expected one. */
  correct?: boolean;
  /** Spans (strict). */
  precision?: number;
  recall?: number;
  /** Spans (strict) and boxes (IoU ≥ 0.5). */
  f1?: number;
  /** Free text with unit "char": character error rate against the expected text. */
  cer?: number;
  /** Free text with unit "word": word error rate against the expected text. */
  wer?: number;
}

export interface ItemScore {
  /** Mean of the controls' scores (= resultAgreement), in [0, 1]. */
  score: number;
  controls: ControlScore[];
}

/** Scores one answer against its expected result. */
export function scoreExamItem(config: LabelConfig, expected: AnnotationResult, answer: AnnotationResult): ItemScore {
  const controls = config.controls.map((control) => scoreControl(config, control, expected, answer));
  return { score: resultAgreement(config, expected, answer), controls };
}

function scoreControl(config: LabelConfig, control: Control, expected: AnnotationResult, answer: AnnotationResult): ControlScore {
  // The per-control score is resultAgreement over a config of that control alone, so the breakdown adds up to the item score.
  const score = resultAgreement({ ...config, controls: [control] }, expected, answer);
  const base: ControlScore = { control: control.name, type: control.type, score };
  switch (control.type) {
    case 'choices':
      return { ...base, correct: score === 1 };
    case 'labels': {
      // Time segments on audio: the agreement is already their matched F1.
      if (config.fields.some((f) => f.name === control.toName && f.type === 'audio')) return { ...base, f1: score };
      const e = spansOf(expected, control.name);
      const a = spansOf(answer, control.name);
      if (e.length === 0 && a.length === 0) return { ...base, precision: 1, recall: 1, f1: 1 };
      const m = spanF1([e], [a], { mode: 'strict' });
      return { ...base, precision: m.precision, recall: m.recall, f1: m.f1 };
    }
    case 'rectanglelabels':
    case 'polygonlabels':
    case 'keypointlabels':
    case 'brushlabels':
    case 'polylinelabels':
    case 'videorectangle':
      return { ...base, f1: score };
    case 'rating':
      return { ...base, correct: score === 1 };
    case 'textarea': {
      // A per-region transcript's score is already 1 − CER over matched segments.
      if (control.perRegion === true) return base;
      const reference = textareaOf(expected, control.name) ?? '';
      const hypothesis = textareaOf(answer, control.name) ?? '';
      return control.unit === 'word' ? { ...base, wer: wordErrorRate(reference, hypothesis).rate } : { ...base, cer: characterErrorRate(reference, hypothesis).rate };
    }
    default:
      // Controls without a metric of their own beyond the agreement (and any added later) show the score alone.
      return base;
  }
}

function spansOf(result: AnnotationResult, control: string): Span[] {
  return result.flatMap((r) => (r.from_name === control && r.type === 'labels' ? r.value.labels.map((label) => ({ start: r.value.start, end: r.value.end, label })) : []));
}

/**
 * The exam's score: the mean item score, an unanswered item counting 0 (leaving an item out must never
 * score better than a wrong answer). Passed when the score reaches `passScore`.
 */
export function scoreExam(itemScores: readonly (number | null)[], passScore: number): { score: number; passed: boolean } {
  if (itemScores.length === 0) return { score: 0, passed: false };
  const score = itemScores.reduce<number>((sum, s) => sum + (s ?? 0), 0) / itemScores.length;
  // Rounding noise (0.1 + 0.2) must not fail someone who reached the mark exactly.
  return { score, passed: score + 1e-9 >= passScore };
}
