import { describe, expect, it } from 'vitest';
import { dawidSkene } from '../../metrics/agreement/dawid-skene.js';
import type { CrowdLabel } from '../../metrics/agreement/crowd-label.js';
import { aggregateChoices } from './choices.js';

const row = (task: string, worker: string, label: string): CrowdLabel => ({ task, worker, label });

// crowd-kit's toy data (tests/conftest.py toy_answers_df) and its ground truth (toy_ground_truth_df).
const TOY: CrowdLabel[] = [
  ['w1', 't1', 'no'], ['w1', 't2', 'yes'], ['w1', 't3', 'yes'], ['w1', 't4', 'yes'], ['w1', 't5', 'yes'],
  ['w2', 't1', 'yes'], ['w2', 't2', 'yes'], ['w2', 't3', 'no'], ['w2', 't4', 'yes'], ['w2', 't5', 'no'],
  ['w3', 't2', 'yes'], ['w3', 't3', 'no'], ['w3', 't4', 'yes'], ['w3', 't5', 'no'],
  ['w4', 't1', 'yes'], ['w4', 't2', 'no'], ['w4', 't3', 'yes'], ['w4', 't4', 'yes'], ['w4', 't5', 'no'],
  ['w5', 't1', 'no'], ['w5', 't2', 'no'], ['w5', 't3', 'no'], ['w5', 't4', 'yes'], ['w5', 't5', 'no'],
].map(([worker, task, label]) => row(task as string, worker as string, label as string));

describe('aggregateChoices', () => {
  it('majority: label, vote share, supporters and dissenters', () => {
    const result = aggregateChoices([row('t1', 'a', 'cat'), row('t1', 'b', 'dog'), row('t1', 'c', 'cat')], { method: 'majority' });
    expect(result).toEqual({
      t1: { label: 'cat', confidence: 2 / 3, tie: false, votes: { cat: 2, dog: 1 }, support: ['a', 'c'], dissent: ['b'] },
    });
  });

  it('majority: a tie goes to the smallest label in code-point order and is flagged', () => {
    const result = aggregateChoices([row('t', 'b', 'y'), row('t', 'a', 'x')], { method: 'majority' });
    expect(result['t']).toMatchObject({ label: 'x', tie: true, confidence: 0.5, support: ['a'], dissent: ['b'] });
  });

  it('dawid-skene: recovers crowd-kit toy ground truth, confidence = posterior', () => {
    const result = aggregateChoices(TOY, { method: 'dawid-skene' });
    const labels = Object.fromEntries(Object.entries(result).map(([task, choice]) => [task, choice.label]));
    expect(labels).toEqual({ t1: 'yes', t2: 'yes', t3: 'no', t4: 'yes', t5: 'no' });
    const ds = dawidSkene(TOY);
    for (const [task, choice] of Object.entries(result)) expect(choice.confidence).toBe(ds.posteriors[task]?.[choice.label]);
    // t1 is a 2–2 tie for majority vote (w2, w4 yes; w1, w5 no); DS breaks it from worker reliability.
    expect(result['t1']).toMatchObject({ support: ['w2', 'w4'], dissent: ['w1', 'w5'], votes: { no: 2, yes: 2 }, tie: false });
    expect(aggregateChoices(TOY, { method: 'majority' })['t1']).toMatchObject({ label: 'no', tie: true });
  });

  it('does not depend on row order', () => {
    const shuffled = [...TOY].reverse();
    expect(aggregateChoices(shuffled, { method: 'majority' })).toEqual(aggregateChoices(TOY, { method: 'majority' }));
    expect(aggregateChoices(shuffled, { method: 'dawid-skene' })).toEqual(aggregateChoices(TOY, { method: 'dawid-skene' }));
  });

  it('rejects an unknown method and malformed rows', () => {
    expect(() => aggregateChoices(TOY, { method: 'mode' as never })).toThrow(/options\.method must be 'majority' or 'dawid-skene', got mode/);
    expect(() => aggregateChoices([{ task: 't', worker: 1, label: 'x' } as never], { method: 'majority' })).toThrow(/labels\[0\]\.worker must be a string/);
  });
});
