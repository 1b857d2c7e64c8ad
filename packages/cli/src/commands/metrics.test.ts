import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../main.js';

describe('yungang metrics', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yungang-metrics-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function metric(name: string, args: unknown): Promise<{ code: number; out: string; err: string }> {
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(args));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const code = await run(['metrics', name, file]);
      return { code, out: out.mock.calls.map((c) => String(c[0])).join(''), err: err.mock.calls.flat().join(' ') };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it('prints the metric as JSON', async () => {
    // jiwer README: "hello world" vs "hello duck" has a WER of 0.5.
    const wer = await metric('wer', ['hello world', 'hello duck']);
    expect(wer.code).toBe(0);
    expect(JSON.parse(wer.out)).toMatchObject({ rate: 0.5, substitutions: 1, hits: 1 });
    const iou = await metric('box-iou', [
      [0, 0, 2, 2],
      [1, 1, 2, 2],
    ]);
    expect(JSON.parse(iou.out)).toBeCloseTo(1 / 7, 12);
  });

  it('says what is wrong with a bad call', async () => {
    expect((await metric('nope', [])).code).toBe(2);
    const notArray = await metric('wer', { reference: 'a' });
    expect(notArray.code).toBe(2);
    expect(notArray.err).toContain('JSON array');
    const bad = await metric('fleiss-kappa', [[[1, 2], [3]]]);
    expect(bad.code).toBe(1);
  });
});
