import { describe, expect, it } from 'vitest';
import { addRecent, loadRecent, parseRecent, rememberSubmission, saveRecent, type KeyValueStore, type RecentSubmission } from './recent-submissions.ts';

const entry = (annotationId: string, version = 1, extra: Partial<RecentSubmission> = {}): RecentSubmission => ({
  projectId: 'p',
  taskId: `t-${annotationId}`,
  annotationId,
  version,
  savedAt: '2024-05-02T10:00:00.000Z',
  ...extra,
});

function memoryStore(limitChars = Infinity): KeyValueStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      if (v.length > limitChars) throw new DOMException('full', 'QuotaExceededError');
      items.set(k, v);
    },
  };
}

describe('addRecent', () => {
  it('puts the newest first and replaces an older entry of the same annotation', () => {
    const list = addRecent(addRecent(addRecent([], entry('a')), entry('b')), entry('a', 2));
    expect(list.map((r) => `${r.annotationId}${r.version}`)).toEqual(['a2', 'b1']);
  });

  it('keeps at most `limit` entries', () => {
    let list: RecentSubmission[] = [];
    for (let i = 0; i < 5; i++) list = addRecent(list, entry(String(i)), 3);
    expect(list.map((r) => r.annotationId)).toEqual(['4', '3', '2']);
  });
});

describe('parseRecent', () => {
  it('drops malformed entries and never throws', () => {
    expect(parseRecent(null)).toEqual([]);
    expect(parseRecent('not json')).toEqual([]);
    expect(parseRecent('{"a":1}')).toEqual([]);
    const good = entry('a', 1);
    const text = JSON.stringify([good, { ...good, version: 0 }, { ...good, annotationId: 5 }, 'x', { ...entry('b'), extra: [1] }]);
    expect(parseRecent(text)).toEqual([good, entry('b')]);
  });
});

describe('stored list', () => {
  it('is kept per user', () => {
    const store = memoryStore();
    rememberSubmission(store, 'u1', entry('a'));
    rememberSubmission(store, 'u2', entry('b'));
    expect(loadRecent(store, 'u1').map((r) => r.annotationId)).toEqual(['a']);
    expect(loadRecent(store, 'u2').map((r) => r.taskId)).toEqual(['t-b']);
  });

  it('never throws when the store is full or disabled', () => {
    const full = memoryStore(10);
    expect(() => saveRecent(full, 'u', [entry('a')])).not.toThrow();
    expect(loadRecent(full, 'u')).toEqual([]);
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveRecent(broken, 'u', [entry('a')])).not.toThrow();
    expect(loadRecent(broken, 'u')).toEqual([]);
  });
});
