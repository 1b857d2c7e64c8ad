/**
 * The quality policy as edited in the settings form: rates and scores in percent, the AQL as a choice
 * ('' = no lot inspection), the adjudication threshold with an on/off switch. Pure conversions both ways
 * and the partial PATCH body of what changed.
 */
import { DEFAULT_QUALITY_POLICY, isLabelledControl, type ConsistencyRule, type LabelConfig, type QualityPolicy } from '@yungang/core';

export type InspectionLevel = QualityPolicy['inspectionLevel'];
export type ReviewMode = QualityPolicy['review'];
export type GoldFeedbackMode = QualityPolicy['goldFeedback'];

/** The preferred AQL values offered for lots of annotation work (percent nonconforming, Table 2 of GB/T 2828.1). */
export const AQL_CHOICES: readonly { value: number; label: string }[] = [
  { value: 0.065, label: '0.065' },
  { value: 0.1, label: '0.1' },
  { value: 0.15, label: '0.15' },
  { value: 0.25, label: '0.25' },
  { value: 0.4, label: '0.4' },
  { value: 0.65, label: '0.65' },
  { value: 1, label: '1.0' },
  { value: 1.5, label: '1.5' },
  { value: 2.5, label: '2.5' },
  { value: 4, label: '4.0' },
  { value: 6.5, label: '6.5' },
  { value: 10, label: '10' },
];

export const INSPECTION_LEVELS: readonly InspectionLevel[] = ['I', 'II', 'III', 'S-1', 'S-2', 'S-3', 'S-4'];
export const REVIEW_MODES: readonly ReviewMode[] = ['none', 'all', 'sample'];

export interface QualityPolicyForm {
  goldRatePct: number;
  goldFeedback: GoldFeedbackMode;
  goldPassScorePct: number;
  review: ReviewMode;
  reviewSampleRatePct: number;
  /** '' = off; otherwise the AQL as a decimal string ("0.65"). */
  aql: string;
  inspectionLevel: InspectionLevel;
  adjudication: boolean;
  adjudicationThresholdPct: number;
  consistencyRules: ConsistencyRule[];
  consistencyTargetPct: number;
}

/** 0..1 → percent with at most two decimals (0.125 → 12.5). */
function toPct(rate: number): number {
  return Math.round(rate * 10_000) / 100;
}

/** Percent → 0..1, clamped; a blank or invalid input falls back to `fallback` (a rate). */
function fromPct(pct: number, fallback: number): number {
  if (!Number.isFinite(pct)) return fallback;
  return Math.round(Math.min(100, Math.max(0, pct)) * 100) / 10_000;
}

/** The form values of a policy (missing fields take their defaults). */
export function policyToForm(policy: Partial<QualityPolicy> | undefined): QualityPolicyForm {
  const p: QualityPolicy = { ...DEFAULT_QUALITY_POLICY, ...policy };
  return {
    goldRatePct: toPct(p.goldRate),
    goldFeedback: p.goldFeedback,
    goldPassScorePct: toPct(p.goldPassScore),
    review: p.review,
    reviewSampleRatePct: toPct(p.reviewSampleRate),
    aql: p.aql === null ? '' : String(p.aql),
    inspectionLevel: p.inspectionLevel,
    adjudication: p.adjudicationThreshold !== null,
    adjudicationThresholdPct: toPct(p.adjudicationThreshold ?? 0.6),
    consistencyRules: structuredClone(p.consistencyRules),
    consistencyTargetPct: toPct(p.consistencyTarget),
  };
}

/** The policy a form describes; out-of-range percentages are clamped, blanks keep `base`'s value. */
export function formToPolicy(form: QualityPolicyForm, base: QualityPolicy = DEFAULT_QUALITY_POLICY): QualityPolicy {
  const aql = form.aql === '' ? null : Number(form.aql);
  return {
    goldRate: fromPct(form.goldRatePct, base.goldRate),
    goldFeedback: form.goldFeedback,
    goldPassScore: fromPct(form.goldPassScorePct, base.goldPassScore),
    review: form.review,
    reviewSampleRate: fromPct(form.reviewSampleRatePct, base.reviewSampleRate),
    aql: aql !== null && Number.isFinite(aql) && aql > 0 && aql <= 10 ? aql : null,
    inspectionLevel: form.inspectionLevel,
    adjudicationThreshold: form.adjudication ? fromPct(form.adjudicationThresholdPct, base.adjudicationThreshold ?? 0.6) : null,
    consistencyRules: form.consistencyRules,
    consistencyTarget: fromPct(form.consistencyTargetPct, base.consistencyTarget),
  };
}

/** Only the fields of `next` that differ from `current`: the body of a partial update. */
export function policyChanges(current: QualityPolicy, next: QualityPolicy): Partial<QualityPolicy> {
  const changes: Partial<QualityPolicy> = {};
  for (const key of Object.keys(next) as (keyof QualityPolicy)[]) {
    // Rules are a list: compare by value, or every render would count as a change.
    if (JSON.stringify(next[key]) !== JSON.stringify(current[key])) Object.assign(changes, { [key]: next[key] });
  }
  return changes;
}

/** The AQL options to offer: the standard list, plus the current value if it is another preferred AQL. */
export function aqlOptions(current: number | null): { value: number; label: string }[] {
  if (current === null || AQL_CHOICES.some((c) => c.value === current)) return [...AQL_CHOICES];
  return [...AQL_CHOICES, { value: current, label: String(current) }].sort((a, b) => a.value - b.value);
}

/** Controls a "labels-covered" rule can link: those whose items carry labels. */
export function labelledControls(config: LabelConfig): string[] {
  return config.controls.filter(isLabelledControl).map((c) => c.name);
}

/**
 * A starting rule for the config: the first two labelled controls on different fields (caption spans →
 * image boxes in the image-caption template), else any two controls; null when there are fewer than two.
 */
export function suggestRule(config: LabelConfig): ConsistencyRule | null {
  const labelled = config.controls.filter(isLabelledControl);
  for (const from of labelled) {
    const to = labelled.find((c) => c !== from && c.toName !== from.toName);
    if (to) return { kind: 'labels-covered', from: from.name, to: to.name };
  }
  const [a, b] = config.controls;
  return a && b ? { kind: 'requires', when: a.name, then: b.name } : null;
}
