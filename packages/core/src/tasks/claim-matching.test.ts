import { describe, expect, it } from 'vitest';
import { matchClaimers } from './claim-matching.js';

describe('matchClaimers', () => {
  it('fills the oldest task first, up to its free slots, in arrival order', () => {
    const got = matchClaimers(['a', 'b', 'c', 'd'], [
      { taskId: '1', free: 2, done: [] },
      { taskId: '2', free: 3, done: [] },
    ]);
    expect([...got]).toEqual([['a', '1'], ['b', '1'], ['c', '2'], ['d', '2']]);
  });

  it('never hands a person a task they have done, and gives it to the next claimer instead', () => {
    const got = matchClaimers(['a', 'b'], [
      { taskId: '1', free: 1, done: ['a'] },
      { taskId: '2', free: 1, done: [] },
    ]);
    expect(got.get('a')).toBe('2');
    expect(got.get('b')).toBe('1');
  });

  it('leaves out whoever finds no task, and skips full tasks', () => {
    const got = matchClaimers(['a', 'b', 'c'], [
      { taskId: '1', free: 0, done: [] },
      { taskId: '2', free: 2, done: ['b'] },
    ]);
    expect([...got]).toEqual([['a', '2'], ['c', '2']]);
    expect(got.has('b')).toBe(false);
  });

  it('gives no task more people than its free slots, whatever the batch', () => {
    const claimers = Array.from({ length: 50 }, (_, i) => `u${i}`);
    const candidates = Array.from({ length: 20 }, (_, i) => ({ taskId: `t${i}`, free: (i % 3) + 1, done: claimers.filter((_, k) => (k + i) % 7 === 0) }));
    const got = matchClaimers(claimers, candidates);
    for (const c of candidates) {
      const takers = [...got].filter(([, t]) => t === c.taskId).map(([u]) => u);
      expect(takers.length).toBeLessThanOrEqual(c.free);
      for (const u of takers) expect(c.done).not.toContain(u);
    }
    expect(new Set(got.keys()).size).toBe(got.size);
  });
});
