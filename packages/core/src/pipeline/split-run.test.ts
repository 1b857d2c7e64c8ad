import { describe, expect, it } from 'vitest';
import { createPipeline, mergeOperatorStats, parsePipelineSpec, specAt, splitRun, ValidationError } from '../index.js';

const SPEC = parsePipelineSpec(`
operators:
  - op: strip
  - op: normalize
  - op: length-filter
    min: 2
  - op: exact-dedup
  - op: near-dedup
  - op: length-filter
    max: 30
`);

const texts = Array.from({ length: 40 }, (_, i) => ({ text: i % 5 === 0 ? ' ' : i % 3 === 0 ? '<b>重复的一句话</b>' : i % 7 === 0 ? `很长的一段文字，长到超过三十个字符的上限，第${i}条` : `ＡＢＣ 第${i}条` }));

describe('splitRun', () => {
  it('cuts at the first dedup; shards plus the serial part give exactly the unsplit run', () => {
    const split = splitRun(SPEC, 3);
    expect(split).toEqual({ parallel: [0, 1, 2], serial: [3, 4, 5], numbering: 'run' });
    const whole = createPipeline(SPEC, { examples: 2 });
    const want = texts.map((r) => whole.process(r));

    const bounds = [0, 13, 27, 40];
    const shards = [0, 1, 2].map((k) => createPipeline(specAt(SPEC, split.parallel), { examples: 2, firstIndex: bounds[k]! }));
    const firstPass = texts.map((r, i) => shards[bounds.findLastIndex((b) => b <= i)]!.process(r));
    const serial = createPipeline(specAt(SPEC, split.serial), { examples: 2 });
    const got = firstPass.map((r, i) => (r.status === 'dropped' ? r : serial.process(r.record, i)));
    expect(got.map((r) => r.record)).toEqual(want.map((r) => r.record));
    expect(got.map((r) => r.status === 'dropped')).toEqual(want.map((r) => r.status === 'dropped'));
    // A later shard numbers its records from its place in the run.
    expect(shards[2]!.stats().operators[0]!.examples.changed[0]!.index).toBe(27);
    const serialStats = serial.stats().operators;
    expect([...mergeOperatorStats(shards.map((s) => s.stats().operators), 2), ...serialStats]).toEqual(whole.stats().operators);
  });

  it('runs image and audio operators in the shards and every text operator after them; image-near-dedup does not split', () => {
    const image = parsePipelineSpec({ operators: [{ op: 'normalize' }, { op: 'blur-filter', minSharpness: 10 }, { op: 'exact-dedup' }] });
    expect(splitRun(image, 2)).toEqual({ parallel: [1], serial: [0, 2], numbering: 'own' });
    const near = parsePipelineSpec({ operators: [{ op: 'image-resize', maxSide: 100 }, { op: 'image-near-dedup' }] });
    expect(splitRun(near, 1).parallel).toEqual([0, 1]);
    expect(() => splitRun(near, 2)).toThrow(ValidationError);
    try {
      splitRun(near, 2);
    } catch (e) {
      expect((e as ValidationError).issues[0]).toMatchObject({ path: 'shards', message: expect.stringContaining('operators[1] is image-near-dedup') });
    }
  });
});
