import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALITY_POLICY, imageCaptionTemplate, transcriptionTemplate, type QualityPolicy } from '@yungang/core';
import { AQL_CHOICES, aqlOptions, formToPolicy, labelledControls, policyChanges, policyToForm, suggestRule } from './quality-policy.ts';

const policy: QualityPolicy = {
  goldRate: 0.05,
  goldFeedback: 'deferred',
  goldPassScore: 0.8,
  review: 'sample',
  reviewSampleRate: 0.125,
  aql: 0.65,
  inspectionLevel: 'S-2',
  adjudicationThreshold: 0.7,
  consistencyRules: [{ kind: 'labels-covered', from: 'entities', to: 'objects', match: 'count' }],
  consistencyTarget: 0.9,
};

describe('quality policy form', () => {
  it('shows rates in percent and round-trips a policy unchanged', () => {
    const form = policyToForm(policy);
    expect(form).toEqual({
      goldRatePct: 5,
      goldFeedback: 'deferred',
      goldPassScorePct: 80,
      review: 'sample',
      reviewSampleRatePct: 12.5,
      aql: '0.65',
      inspectionLevel: 'S-2',
      adjudication: true,
      adjudicationThresholdPct: 70,
      consistencyRules: [{ kind: 'labels-covered', from: 'entities', to: 'objects', match: 'count' }],
      consistencyTargetPct: 90,
    });
    expect(formToPolicy(form)).toEqual(policy);
    expect(formToPolicy(policyToForm(DEFAULT_QUALITY_POLICY))).toEqual(DEFAULT_QUALITY_POLICY);
  });

  it('fills missing fields with defaults and turns "off" into null', () => {
    const form = policyToForm({ review: 'all' });
    expect(form.review).toBe('all');
    expect(form.aql).toBe('');
    expect(form.adjudication).toBe(false);
    const back = formToPolicy({ ...form, adjudicationThresholdPct: 55 });
    expect(back.aql).toBeNull();
    expect(back.adjudicationThreshold).toBeNull();
    expect(formToPolicy({ ...form, adjudication: true, adjudicationThresholdPct: 55 }).adjudicationThreshold).toBe(0.55);
  });

  it('clamps percentages and keeps the base value for a blank input', () => {
    const form = policyToForm(policy);
    const p = formToPolicy({ ...form, goldRatePct: 150, goldPassScorePct: -3, reviewSampleRatePct: Number.NaN }, policy);
    expect(p.goldRate).toBe(1);
    expect(p.goldPassScore).toBe(0);
    expect(p.reviewSampleRate).toBe(0.125);
    expect(formToPolicy({ ...form, aql: 'abc' }).aql).toBeNull();
    expect(formToPolicy({ ...form, aql: '10' }).aql).toBe(10);
  });

  it('sends only what changed', () => {
    expect(policyChanges(policy, policy)).toEqual({});
    expect(policyChanges(policy, { ...policy, review: 'all', aql: null })).toEqual({ review: 'all', aql: null });
    expect(policyChanges(DEFAULT_QUALITY_POLICY, { ...DEFAULT_QUALITY_POLICY, adjudicationThreshold: 0.5 })).toEqual({ adjudicationThreshold: 0.5 });
  });

  it('compares rules by value and sends them whole when one changes', () => {
    expect(policyChanges(policy, structuredClone(policy))).toEqual({});
    const rules = [...policy.consistencyRules, { kind: 'requires' as const, when: 'objects', then: 'entities' }];
    expect(policyChanges(policy, { ...policy, consistencyRules: rules })).toEqual({ consistencyRules: rules });
  });

  it('suggests a rule linking labelled controls on different fields', () => {
    expect(suggestRule(imageCaptionTemplate)).toEqual({ kind: 'labels-covered', from: 'objects', to: 'entities' });
    expect(labelledControls(transcriptionTemplate)).toEqual([]);
    expect(suggestRule(transcriptionTemplate)).toBeNull();
  });

  it('offers the preferred AQLs, plus an unlisted current one in order', () => {
    expect(AQL_CHOICES.map((c) => c.label)).toEqual(['0.065', '0.1', '0.15', '0.25', '0.4', '0.65', '1.0', '1.5', '2.5', '4.0', '6.5', '10']);
    expect(aqlOptions(null)).toHaveLength(12);
    expect(aqlOptions(1)).toHaveLength(12);
    const withOdd = aqlOptions(0.04);
    expect(withOdd).toHaveLength(13);
    expect(withOdd[0]).toEqual({ value: 0.04, label: '0.04' });
  });
});
