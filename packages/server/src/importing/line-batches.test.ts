import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forEachLine, lineBatches } from './line-batches.js';

async function batches(chunks: Buffer[]): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of lineBatches(Readable.from(chunks))) {
    const lines: string[] = [];
    forEachLine(batch, (line) => lines.push(Buffer.from(line).toString('utf8')));
    out.push(lines);
  }
  return out;
}

describe('lineBatches', () => {
  it('cuts each chunk back to its last newline and carries the rest into the next batch', async () => {
    expect(await batches([Buffer.from('a\nbb\ncc'), Buffer.from('c\nd\n')])).toEqual([['a', 'bb'], ['ccc', 'd']]);
  });

  it('never splits a multi-byte character, even when every byte is its own chunk', async () => {
    const bytes = Buffer.from('{"t":"云冈😀"}\n{"t":"石窟"}\n');
    const lines = (await batches([...bytes].map((b) => Buffer.from([b])))).flat();
    expect(lines).toEqual(['{"t":"云冈😀"}', '{"t":"石窟"}']);
  });

  it('grows a batch over a line longer than a chunk, and yields a last line without newline', async () => {
    expect(await batches([Buffer.from('xxxx'), Buffer.from('yyyy'), Buffer.from('z\nlast')])).toEqual([['xxxxyyyyz'], ['last']]);
  });

  it('yields nothing for an empty stream', async () => {
    expect(await batches([])).toEqual([]);
  });
});
