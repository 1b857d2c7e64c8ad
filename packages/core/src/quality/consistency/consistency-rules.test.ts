import { describe, expect, it } from 'vitest';
import { checkConsistencyRules, consistencyRate, evaluateConsistency, type ConsistencyRule } from './consistency-rules.js';
import { imageCaptionTemplate } from '../../label-config/templates.js';
import type { AnnotationResult } from '../../annotation/result.types.js';
import type { LabelConfig } from '../../label-config/label-config.types.js';

const box = (label: string, n: number): AnnotationResult[number] => ({ id: `b${n}`, from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: n, y: 0, width: 1, height: 1, rectanglelabels: [label] } });
const entity = (label: string, start: number): AnnotationResult[number] => ({ id: `e${start}`, from_name: 'entities', to_name: 'caption', type: 'labels', value: { start, end: start + 1, text: 'x', labels: [label] } });
const covered: ConsistencyRule = { kind: 'labels-covered', from: 'entities', to: 'objects' };

describe('evaluateConsistency', () => {
  it('holds when every entity type in the caption has a box with that label', () => {
    const verdict = evaluateConsistency([covered], [entity('person', 0), entity('person', 3), box('person', 1), box('statue', 2)]);
    expect(verdict).toEqual({ consistent: true, score: 1, rules: [{ rule: 0, satisfied: true, problems: [] }] });
  });

  it('names what is missing, and with match "count" wants as many boxes as mentions', () => {
    const result = [entity('person', 0), entity('person', 3), entity('statue', 5), box('person', 1)];
    expect(evaluateConsistency([covered], result).rules[0]!.problems).toEqual(['label "statue": 1 in "entities", 0 "statue" in "objects"']);
    const counted = evaluateConsistency([{ ...covered, match: 'count' }, { kind: 'requires', when: 'objects', then: 'entities' }], result);
    expect(counted.consistent).toBe(false);
    expect(counted.score).toBe(0.5);
    expect(counted.rules[0]!.problems).toEqual(['label "person": 2 in "entities", 1 "person" in "objects"', 'label "statue": 1 in "entities", 0 "statue" in "objects"']);
  });

  it('maps labels across controls and can be limited to some labels', () => {
    const rule: ConsistencyRule = { kind: 'labels-covered', from: 'entities', to: 'objects', labels: ['vehicle'], map: { vehicle: 'statue' } };
    expect(evaluateConsistency([rule], [entity('vehicle', 0), entity('person', 2), box('statue', 1)]).consistent).toBe(true);
    expect(evaluateConsistency([rule], [entity('vehicle', 0), box('vehicle', 1)]).consistent).toBe(false);
  });

  it('"requires": boxes without a caption entity break it; no boxes at all is fine', () => {
    const rule: ConsistencyRule = { kind: 'requires', when: 'objects', then: 'entities' };
    expect(evaluateConsistency([rule], [box('person', 0)]).rules[0]!.problems).toEqual(['"objects" is annotated but "entities" is not']);
    expect(evaluateConsistency([rule], []).consistent).toBe(true);
  });

  it('with no rules every result is consistent', () => {
    expect(evaluateConsistency([], [box('person', 0)])).toEqual({ consistent: true, score: 1, rules: [] });
  });
});

describe('checkConsistencyRules', () => {
  it('accepts the caption-to-boxes rule of the image-caption template', () => {
    expect(checkConsistencyRules(imageCaptionTemplate, [covered, { kind: 'requires', when: 'objects', then: 'entities' }])).toEqual([]);
  });

  it('says which control or label is wrong, and where', () => {
    const config: LabelConfig = {
      ...structuredClone(imageCaptionTemplate),
      controls: [...structuredClone(imageCaptionTemplate.controls), { type: 'textarea', name: 'note', toName: 'caption' }],
    };
    expect(
      checkConsistencyRules(config, [
        { kind: 'labels-covered', from: 'entity', to: 'note' },
        { kind: 'labels-covered', from: 'entities', to: 'objects', labels: ['dragon'], map: { person: 'human' } },
        { kind: 'requires', when: 'objects', then: 'objects' },
      ], 'qualityPolicy.consistencyRules'),
    ).toEqual([
      { path: 'qualityPolicy.consistencyRules[0].from', message: 'no control named "entity" (controls: objects, entities, note)' },
      { path: 'qualityPolicy.consistencyRules[0].to', message: 'control "note" is a textarea control; this rule needs one with labels (choices, labels, rectanglelabels, polygonlabels, polylinelabels, keypointlabels, brushlabels, videorectangle)' },
      { path: 'qualityPolicy.consistencyRules[1].labels[0]', message: '"dragon" is not a label of "entities" (labels: person, vehicle, statue)' },
      { path: 'qualityPolicy.consistencyRules[1].map.person', message: '"human" is not a label of "objects" (labels: person, vehicle, statue)' },
      { path: 'qualityPolicy.consistencyRules[1].map', message: 'label(s) "dragon" of "entities" have no counterpart in "objects"; map them to labels of "objects" or leave them out with "labels"' },
      { path: 'qualityPolicy.consistencyRules[2].then', message: 'must name another control than "when"' },
    ]);
  });
});

describe('consistencyRate', () => {
  it('is the share of consistent items, compared with the target', () => {
    const ok = evaluateConsistency([], []);
    const bad = evaluateConsistency([covered], [entity('person', 0)]);
    expect(consistencyRate([ok, ok, ok, ok, ok, ok, ok, ok, ok, bad], 0.9)).toEqual({ evaluated: 10, consistent: 9, rate: 0.9, meetsTarget: true });
    expect(consistencyRate([ok, bad], 0.9)).toEqual({ evaluated: 2, consistent: 1, rate: 0.5, meetsTarget: false });
    expect(consistencyRate([], 0.9)).toEqual({ evaluated: 0, consistent: 0, rate: null, meetsTarget: null });
  });
});
