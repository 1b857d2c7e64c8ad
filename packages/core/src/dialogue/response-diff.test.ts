import { describe, expect, it } from 'vitest';
import { responseDiff } from './response-diff.js';

describe('responseDiff', () => {
  it('gives kept, deleted and inserted runs that rebuild both texts', () => {
    const runs = responseDiff('河南洛阳。', '山西大同。');
    expect(runs.filter((r) => r.op !== 'insert').map((r) => r.text).join('')).toBe('河南洛阳。');
    expect(runs.filter((r) => r.op !== 'delete').map((r) => r.text).join('')).toBe('山西大同。');
    expect(runs.at(-1)).toEqual({ op: 'equal', text: '。' });
    expect(responseDiff('same', 'same')).toEqual([{ op: 'equal', text: 'same' }]);
  });
});
