import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seeded-random.js';
import { classBalance, duplicateRate, labelDiversity, nearDuplicateRate, normalizeForDuplicates } from './dataset-indicators.js';

describe('classBalance', () => {
  it('computes ratio, entropy and Gini impurity by hand for 30 / 10', () => {
    const result = classBalance({ cat: 30, dog: 10 });
    // p = 0.75 / 0.25: H = −(0.75·log2 0.75 + 0.25·log2 0.25) = 0.811278…; Gini = 1 − (0.5625 + 0.0625) = 0.375.
    expect(result).toMatchObject({ classes: 2, total: 40, imbalanceRatio: 3 });
    expect(result.entropy).toBeCloseTo(0.8112781244591328, 12);
    expect(result.normalizedEntropy).toBeCloseTo(0.8112781244591328, 12);
    expect(result.giniImpurity).toBeCloseTo(0.375, 15);
  });

  it('is perfectly even for equal counts', () => {
    expect(classBalance({ a: 5, b: 5, c: 5, d: 5 })).toEqual({ classes: 4, total: 20, imbalanceRatio: 1, entropy: 2, normalizedEntropy: 1, giniImpurity: 0.75 });
  });

  it('counts declared empty classes: ratio Infinity, entropy normalised over all classes', () => {
    const result = classBalance({ a: 1, b: 1, c: 0 });
    expect(result.imbalanceRatio).toBe(Infinity);
    expect(result.normalizedEntropy).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it('returns NaN for the normalised entropy of a single class (0/0)', () => {
    expect(classBalance({ only: 7 })).toMatchObject({ imbalanceRatio: 1, entropy: 0, normalizedEntropy: NaN, giniImpurity: 0 });
  });

  it('rejects empty, negative and all-zero counts', () => {
    expect(() => classBalance({})).toThrow(/at least one class/);
    expect(() => classBalance({ a: -1 })).toThrow(/counts\['a'\] must be a finite number ≥ 0, got -1/);
    expect(() => classBalance({ a: 0 })).toThrow(/must not all be 0/);
  });
});

describe('labelDiversity', () => {
  it('counts distinct labels per item once and averages over all items', () => {
    // Assignments: a twice, b twice (the repeated 'b' in item 3 counts once) → 4 over 4 items, H = 1 bit.
    expect(labelDiversity([['a'], ['a', 'b'], [], ['b', 'b']])).toEqual({ items: 4, distinctLabels: 2, meanLabelsPerItem: 1, entropy: 1, normalizedEntropy: 1 });
  });

  it('gives NaN normalised entropy with fewer than two labels', () => {
    expect(labelDiversity([[], []])).toMatchObject({ distinctLabels: 0, meanLabelsPerItem: 0, normalizedEntropy: NaN });
  });

  it('rejects non-arrays', () => {
    expect(() => labelDiversity([])).toThrow(/labelsPerItem must be a non-empty array/);
    expect(() => labelDiversity(['a' as never])).toThrow(/labelsPerItem\[0\] must be an array/);
  });
});

describe('duplicateRate', () => {
  it('normalises NFKC and whitespace but keeps case', () => {
    expect(normalizeForDuplicates(' Ｈｅｌｌｏ\u3000 world\n')).toBe('Hello world');
    const result = duplicateRate(['Hello  world', 'Hello world', 'HELLO world', ' Ｈｅｌｌｏ\tworld\n', 'hello world']);
    expect(result).toEqual({ total: 5, unique: 3, duplicates: 2, rate: 0.4, groups: [[0, 1, 3]] });
  });

  it('rejects empty input', () => {
    expect(() => duplicateRate([])).toThrow(/texts must be a non-empty array/);
  });
});

describe('nearDuplicateRate', () => {
  it('compares 3-shingle sets by Jaccard (hand-computed 3/5)', () => {
    // "abcdef" → {abc, bcd, cde, def}; "abcdeg" → {abc, bcd, cde, deg}: 3 shared of 5 → J = 0.6.
    expect(nearDuplicateRate(['abcdef', 'abcdeg'], { shingle: 3, threshold: 0.6 })).toEqual({ total: 2, duplicates: 1, rate: 0.5, pairs: 1, groups: [[0, 1]] });
    expect(nearDuplicateRate(['abcdef', 'abcdeg'], { shingle: 3, threshold: 0.61 })).toEqual({ total: 2, duplicates: 0, rate: 0, pairs: 0, groups: [] });
  });

  it('counts exact duplicates too, and treats short texts as one shingle', () => {
    const result = nearDuplicateRate(['ab', 'ab ', 'abc', 'x'], { shingle: 5 });
    expect(result).toMatchObject({ duplicates: 1, pairs: 1, groups: [[0, 1]] });
  });

  it('treats empty texts as duplicates of each other only', () => {
    expect(nearDuplicateRate(['', '  ', 'abcdef'])).toMatchObject({ duplicates: 1, pairs: 1, groups: [[0, 1]] });
  });

  it('agrees with brute-force pairwise Jaccard on random texts (prefix filtering loses nothing)', () => {
    const next = seededRandom(7);
    const alphabet = 'abcde ';
    const base = Array.from({ length: 12 }, () => Array.from({ length: 20 + Math.floor(next() * 20) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
    // Mutate copies a little so that similarities spread over the whole range.
    const texts = Array.from({ length: 120 }, () => {
      const chars = [...(base[Math.floor(next() * base.length)] as string)];
      const edits = Math.floor(next() * 6);
      for (let e = 0; e < edits; e++) chars[Math.floor(next() * chars.length)] = alphabet[Math.floor(next() * alphabet.length)] as string;
      return chars.join('');
    });
    for (const [threshold, shingle] of [[0.9, 5], [0.7, 3], [0.5, 4], [1, 2], [0.35, 1]] as const) {
      expect(nearDuplicateRate(texts, { threshold, shingle }), `t=${threshold} k=${shingle}`).toEqual(bruteForce(texts, threshold, shingle));
    }
  });

  it('refuses more texts than maxTexts, and bad options', () => {
    expect(() => nearDuplicateRate(['a', 'b', 'c'], { maxTexts: 2 })).toThrow(/3 texts exceed options\.maxTexts \(2\)/);
    expect(() => nearDuplicateRate(['a'], { threshold: 0 })).toThrow(/options\.threshold must be in \(0, 1\]/);
    expect(() => nearDuplicateRate(['a'], { shingle: 0 })).toThrow(/options\.shingle must be an integer ≥ 1/);
  });
});

/** Reference implementation: every pair, Jaccard of shingle sets, union-find groups. */
function bruteForce(texts: readonly string[], threshold: number, k: number) {
  const sets = texts.map((text) => {
    const points = [...normalizeForDuplicates(text)];
    const set = new Set<string>();
    if (points.length > 0 && points.length <= k) set.add(points.join(''));
    for (let i = 0; points.length > k && i + k <= points.length; i++) set.add(points.slice(i, i + k).join(''));
    return set;
  });
  const jaccard = (a: Set<string>, b: Set<string>): number => {
    if (a.size === 0 && b.size === 0) return 1;
    let overlap = 0;
    for (const s of a) if (b.has(s)) overlap++;
    return overlap / (a.size + b.size - overlap);
  };
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
  let pairs = 0;
  const hasEarlier = texts.map(() => false);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (jaccard(sets[i] as Set<string>, sets[j] as Set<string>) >= threshold) {
        pairs++;
        hasEarlier[j] = true;
        parent[find(i)] = find(j);
      }
    }
  }
  const components = new Map<number, number[]>();
  texts.forEach((_, i) => components.set(find(i), [...(components.get(find(i)) ?? []), i]));
  const groups = [...components.values()].filter((g) => g.length > 1).sort((a, b) => (a[0] as number) - (b[0] as number));
  const duplicates = hasEarlier.filter(Boolean).length;
  return { total: texts.length, duplicates, rate: duplicates / texts.length, pairs, groups };
}
