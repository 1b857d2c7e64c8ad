import { describe, expect, it } from 'vitest';
import { TC260_003_TAXONOMY, safetyControl, safetyTaxonomyOptions } from './safety-taxonomy.js';
import { parseLabelConfig } from './parse-label-config.js';
import { hasSafetyLabel } from '../annotation/dialogue-labels.js';

describe('TC260-003 Appendix A taxonomy', () => {
  it('has 5 categories and 31 risks, numbered as the appendix', () => {
    expect(TC260_003_TAXONOMY.map((c) => [c.value, c.risks.length])).toEqual([['A.1', 8], ['A.2', 9], ['A.3', 5], ['A.4', 7], ['A.5', 2]]);
    const options = safetyTaxonomyOptions();
    expect(options).toHaveLength(31);
    expect(new Set(options.map((o) => o.value)).size).toBe(31);
    expect(options[0]).toEqual({ value: 'A.1.a', title: 'A.1.a 煽动颠覆国家政权、推翻社会主义制度' });
    expect(options[30]!.value).toBe('A.5.b');
    for (const c of TC260_003_TAXONOMY) for (const r of c.risks) expect(r.en.length).toBeGreaterThan(0);
  });

  it('is usable as a safety control, and a safety label marks the work for full review', () => {
    const config = parseLabelConfig({ version: 1, fields: [{ name: 'chat', type: 'dialogue' }], controls: [safetyControl('chat'), { type: 'turnchoices', name: 'topic', toName: 'chat', choice: 'single', options: [{ value: 'x' }] }] });
    const label = (from: string) => [{ id: 'i', from_name: from, to_name: 'chat', type: 'turnchoices' as const, value: { turn: 0, choices: [from === 'safety' ? 'A.2.e' : 'x'] } }];
    expect(hasSafetyLabel(config, label('safety'))).toBe(true);
    expect(hasSafetyLabel(config, label('topic'))).toBe(false);
    expect(hasSafetyLabel(config, [])).toBe(false);
  });
});
