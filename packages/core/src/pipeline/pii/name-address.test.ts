import { describe, expect, it } from 'vitest';
import { addressDetector } from './address.js';
import { NAME_ADDRESS_SAMPLE, parseLabelled, type LabelledSpan } from './name-address-sample.js';
import { personNameDetector } from './person-name.js';
import type { PiiDetector } from './pii-match.js';

/** Precision and recall counting a span as found when a prediction overlaps it; exact-boundary recall too. */
function measure(detector: PiiDetector, type: LabelledSpan['type']) {
  let predicted = 0;
  let correct = 0;
  let gold = 0;
  let found = 0;
  let exact = 0;
  for (const marked of NAME_ADDRESS_SAMPLE) {
    const { text, spans } = parseLabelled(marked);
    const wanted = spans.filter((s) => s.type === type);
    const got = detector.find(text);
    predicted += got.length;
    correct += got.filter((g) => wanted.some((w) => g.start < w.end && g.end > w.start)).length;
    gold += wanted.length;
    found += wanted.filter((w) => got.some((g) => g.start < w.end && g.end > w.start)).length;
    exact += wanted.filter((w) => got.some((g) => g.start === w.start && g.end === w.end)).length;
  }
  return { precision: correct / predicted, recall: found / gold, exactRecall: exact / gold, gold, predicted };
}

describe('name and address detection on the labelled sample', () => {
  it('reads the markers', () => {
    expect(parseLabelled('我叫<n>李娜</n>，住<a>北京</a>')).toEqual({ text: '我叫李娜，住北京', spans: [{ type: 'name', start: 2, end: 4 }, { type: 'address', start: 6, end: 8 }] });
  });

  it('finds names with the precision and recall quoted in docs/pipelines.md', () => {
    const m = measure(personNameDetector, 'name');
    expect(m.gold).toBe(18);
    // Figures as documented; a change to the dictionary that moves them must update the docs.
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.recall).toBeGreaterThanOrEqual(0.85);
    expect(m.exactRecall).toBeGreaterThanOrEqual(0.85);
  });

  it('finds addresses with the precision and recall quoted in docs/pipelines.md', () => {
    const m = measure(addressDetector, 'address');
    expect(m.gold).toBe(9);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
    expect(m.recall).toBeGreaterThanOrEqual(0.85);
  });

  it('does not take surname-like words or bare place names for names and addresses', () => {
    expect(personNameDetector.find('王国维是著名的学者。我们对结果非常高兴。万一下雨就改天')).toEqual([]);
    expect(addressDetector.find('周末我们去北京旅游吧，成都的火锅很好吃。')).toEqual([]);
  });
});
