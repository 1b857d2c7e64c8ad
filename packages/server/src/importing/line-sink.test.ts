import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { lineSink } from './line-sink.js';

async function writeAll(sink: ReturnType<typeof lineSink>, lines: string[]): Promise<void> {
  for (const line of lines) if (!sink.write(line + '\n')) await once(sink, 'drain');
  sink.end();
  await once(sink, 'finish');
}

describe('lineSink', () => {
  it('hands on every line, in order, in batches cut at line ends, without the last newline', async () => {
    const batches: string[] = [];
    const lines = Array.from({ length: 1000 }, (_, i) => `{"text":"第${i}行"}`);
    await writeAll(
      lineSink(256, async (b) => {
        batches.push(b.toString('utf8'));
      }),
      lines,
    );
    expect(batches.length).toBeGreaterThan(10);
    for (const b of batches) expect(b.endsWith('\n')).toBe(false);
    expect(batches.join('\n').split('\n')).toEqual(lines);
  });

  it('runs one batch at a time and holds the writer back while it does', async () => {
    let inFlight = 0;
    let most = 0;
    const sink = lineSink(64, async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
    });
    let heldBack = 0;
    for (let i = 0; i < 200; i++) {
      if (!sink.write(`{"n":${i}}\n`)) {
        heldBack++;
        await once(sink, 'drain');
      }
    }
    sink.end();
    await once(sink, 'finish');
    expect(most).toBe(1);
    expect(heldBack).toBeGreaterThan(0);
  });

  it("fails the stream with the batch's error", async () => {
    const sink = lineSink(8, async () => {
      throw new Error('insert failed');
    });
    const failed = once(sink, 'error');
    sink.write('{"a":1}\n');
    sink.write('{"b":2}\n');
    await expect(failed).resolves.toEqual([new Error('insert failed')]);
  });
});
