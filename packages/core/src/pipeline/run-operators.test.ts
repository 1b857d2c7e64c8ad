import { describe, expect, it } from 'vitest';
import { parsePipelineSpec } from './pipeline-spec.js';
import { createPipeline, dryRun } from './run-operators.js';

const SPEC = parsePipelineSpec(`
operators:
  - op: strip
  - op: normalize
    traditionalToSimplified: true
  - op: length-filter
    min: 4
  - op: pii
  - op: exact-dedup
  - op: near-dedup
    threshold: 0.6
`);

describe('pipeline runner', () => {
  it('passes records through the operators in order, never touching the input', () => {
    const pipeline = createPipeline(SPEC);
    const input = { text: '<p>這個電話是 13812345678</p>', id: 7 };
    const out = pipeline.process(input);
    expect(out).toEqual({ status: 'changed', record: { text: '这个电话是 [MOBILE]', id: 7 } });
    expect(input).toEqual({ text: '<p>這個電話是 13812345678</p>', id: 7 });
    expect(pipeline.process({ text: 'ok', id: 8 })).toEqual({ status: 'dropped', record: { text: 'ok', id: 8 }, droppedBy: { operator: 2, op: 'length-filter', reason: '2 characters, fewer than 4' } });
    expect(pipeline.process({ text: '这个电话是 13912345678' })).toMatchObject({ status: 'dropped', droppedBy: { op: 'exact-dedup', duplicateOf: 0 } });
    expect(pipeline.process({ text: '今天天气很好。我们一起去公园散步' })).toMatchObject({ status: 'kept' });
    expect(pipeline.process({ text: '今天天气很好。我们一起去公园散散步' })).toMatchObject({ status: 'dropped', droppedBy: { op: 'near-dedup', duplicateOf: 3 } });
  });

  it('counts kept, changed, dropped and skipped per operator with examples', () => {
    const pipeline = createPipeline(SPEC, { examples: 1 });
    pipeline.process({ text: 'ＡＢＣＤ hello' });
    pipeline.process({ text: 'ＡＢＣＤ  hello' });
    pipeline.process({ text: 'abc' });
    pipeline.process({ other: 1 });
    const stats = pipeline.stats();
    expect({ records: stats.records, kept: stats.kept, changed: stats.changed, dropped: stats.dropped }).toEqual({ records: 4, kept: 1, changed: 1, dropped: 2 });
    const normalize = stats.operators[1];
    expect(normalize).toMatchObject({ op: 'normalize', field: 'text', changed: 2, kept: 1, dropped: 0, skipped: 1 });
    expect(normalize?.examples.changed).toEqual([{ index: 0, before: 'ＡＢＣＤ hello', after: 'ABCD hello' }]);
    expect(stats.operators[2]?.examples.dropped).toEqual([{ index: 2, before: 'abc', reason: '3 characters, fewer than 4' }]);
    expect(stats.operators[4]).toMatchObject({ dropped: 1, examples: { dropped: [{ index: 1, duplicateOf: 0, reason: 'exact duplicate' }] } });
    expect(stats.operators[5]?.memoryBytes).toBeGreaterThan(0);
  });

  it('reads and writes the configured field', () => {
    const pipeline = createPipeline(parsePipelineSpec([{ op: 'normalize', field: 'title' }]));
    expect(pipeline.process({ title: 'Ｔｉｔｌｅ', text: 'Ｔｅｘｔ' })).toEqual({ status: 'changed', record: { title: 'Title', text: 'Ｔｅｘｔ' } });
  });

  it('reports every operator that cannot be built, with its path', () => {
    const spec = parsePipelineSpec([{ op: 'pii', defaultPolicy: 'pseudonymize' }, { op: 'keyword-filter', list: 'banned' }]);
    expect(() => createPipeline(spec)).toThrow(/at operators\[0\]: pseudonymize .* \(and 1 more\)/);
    expect(() => createPipeline(spec, { pseudonymKey: 'k', wordLists: { banned: ['x'] } })).not.toThrow();
  });

  it('dry-runs a sample: per-operator before/after and the fate of every record', () => {
    const result = dryRun(SPEC, [{ text: '邮箱 a@b.cn' }, { text: '邮箱 a@b.cn' }, { text: 'x' }]);
    expect(result.records.map((r) => r.status)).toEqual(['changed', 'dropped', 'dropped']);
    expect(result.stats.operators[3]?.examples.changed).toEqual([
      { index: 0, before: '邮箱 a@b.cn', after: '邮箱 [EMAIL]' },
      { index: 1, before: '邮箱 a@b.cn', after: '邮箱 [EMAIL]' },
    ]);
    expect(result.stats.operators.map((o) => [o.op, o.kept, o.changed, o.dropped])).toEqual([
      ['strip', 3, 0, 0],
      ['normalize', 3, 0, 0],
      ['length-filter', 2, 0, 1],
      ['pii', 0, 2, 0],
      ['exact-dedup', 1, 0, 1],
      ['near-dedup', 1, 0, 0],
    ]);
  });
});
