import { describe, expect, it } from 'vitest';
import { isLive, operatorRows, targetProjectOf } from './job-view.ts';

describe('job view helpers', () => {
  it('knows which jobs are still moving', () => {
    expect(isLive({ status: 'queued' })).toBe(true);
    expect(isLive({ status: 'running' })).toBe(true);
    expect(isLive({ status: 'succeeded' })).toBe(false);
    expect(isLive({ status: 'cancelled' })).toBe(false);
  });

  it('finds the target project of a finished pipeline or synthesis run only', () => {
    expect(targetProjectOf({ kind: 'pipeline', result: { targetProjectId: 'p2' } })).toBe('p2');
    expect(targetProjectOf({ kind: 'augment', result: { targetProjectId: 'p3' } })).toBe('p3');
    expect(targetProjectOf({ kind: 'pipeline', result: null })).toBeNull();
    expect(targetProjectOf({ kind: 'preannotate', result: { targetProjectId: 'p2' } })).toBeNull();
  });

  it('reads per-operator counts and ignores malformed stats', () => {
    expect(operatorRows({ operators: [{ op: 'pii', field: 'text', kept: 3, changed: 2, dropped: 1, skipped: 0, examples: {} }] })).toEqual([{ op: 'pii', field: 'text', kept: 3, changed: 2, dropped: 1, skipped: 0 }]);
    expect(operatorRows(null)).toEqual([]);
    expect(operatorRows({ operators: 'x' })).toEqual([]);
    expect(operatorRows({ operators: [null, { op: 'strip' }] })).toEqual([{ op: 'strip', field: 'text', kept: 0, changed: 0, dropped: 0, skipped: 0 }]);
  });
});
