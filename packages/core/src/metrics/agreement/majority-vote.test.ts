import { describe, it, expect } from 'vitest';
import { majorityVote } from './majority-vote.js';
import type { CrowdLabel } from './crowd-label.js';

const row = (task: string, worker: string, label: string): CrowdLabel => ({ task, worker, label });

describe('majorityVote', () => {
  it('picks the most frequent label and reports vote counts', () => {
    const result = majorityVote([row('t1', 'a', 'cat'), row('t1', 'b', 'dog'), row('t1', 'c', 'dog'), row('t2', 'a', 'cat')]);
    expect(result.labels).toEqual({ t1: 'dog', t2: 'cat' });
    expect(result.votes).toEqual({ t1: { cat: 1, dog: 2 }, t2: { cat: 1 } });
    expect(result.ties).toEqual([]);
  });

  it('breaks ties towards the smallest label in code-point order, whatever the input order', () => {
    const rows = [row('t', 'a', 'dog'), row('t', 'b', 'cat'), row('t', 'c', 'Zebra'), row('t', 'd', 'Zebra'), row('t', 'e', 'cat')];
    // cat 2, Zebra 2, dog 1: "Zebra" < "cat" because uppercase letters come first in code-point order.
    expect(majorityVote(rows).labels).toEqual({ t: 'Zebra' });
    expect(majorityVote([...rows].reverse()).labels).toEqual({ t: 'Zebra' });
    expect(majorityVote(rows).ties).toEqual(['t']);
  });

  it('matches crowd-kit toy data (tests/conftest.py toy_answers_df) on every task without a tie', () => {
    // crowd-kit's toy YSDA data; its ground truth is t1 yes, t2 yes, t3 no, t4 yes, t5 no. t1 is a 2–2 tie.
    const toy = TOY_ANSWERS.map(([worker, task, label]) => row(task, worker, label));
    const result = majorityVote(toy);
    expect(result.labels).toEqual({ t1: 'no', t2: 'yes', t3: 'no', t4: 'yes', t5: 'no' });
    expect(result.ties).toEqual(['t1']);
  });

  it('counts repeated answers of one worker, and keeps "__proto__" an ordinary key', () => {
    const result = majorityVote([row('__proto__', 'a', 'x'), row('__proto__', 'a', 'x'), row('__proto__', 'b', 'y')]);
    expect(Object.keys(result.labels)).toEqual(['__proto__']);
    expect(result.labels['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(result.labels)).toBe(Object.prototype);
  });

  it('returns empty results for no answers', () => {
    expect(majorityVote([])).toEqual({ labels: {}, votes: {}, ties: [] });
  });
});

const TOY_ANSWERS: [string, string, string][] = [
  ['w1', 't1', 'no'], ['w1', 't2', 'yes'], ['w1', 't3', 'yes'], ['w1', 't4', 'yes'], ['w1', 't5', 'yes'],
  ['w2', 't1', 'yes'], ['w2', 't2', 'yes'], ['w2', 't3', 'no'], ['w2', 't4', 'yes'], ['w2', 't5', 'no'],
  ['w3', 't2', 'yes'], ['w3', 't3', 'no'], ['w3', 't4', 'yes'], ['w3', 't5', 'no'],
  ['w4', 't1', 'yes'], ['w4', 't2', 'no'], ['w4', 't3', 'yes'], ['w4', 't4', 'yes'], ['w4', 't5', 'no'],
  ['w5', 't1', 'no'], ['w5', 't2', 'no'], ['w5', 't3', 'no'], ['w5', 't4', 'yes'], ['w5', 't5', 'no'],
];
