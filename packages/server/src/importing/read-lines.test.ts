import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines } from './read-lines.js';

async function lines(chunks: Buffer[]): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readLines(Readable.from(chunks))) out.push(l);
  return out;
}

describe('readLines', () => {
  it('splits LF and CRLF lines, keeps empty ones, and a last line without newline', async () => {
    expect(await lines([Buffer.from('a\r\nb\n\nc')])).toEqual(['a', 'b', '', 'c']);
  });

  it('survives multi-byte characters and CRLF split across chunks', async () => {
    const bytes = Buffer.from('你好😀\r\n世界\n');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(await lines(chunks)).toEqual(['你好😀', '世界']);
  });

  it('pulls lazily: a consumer that stops early leaves the rest unread', async () => {
    let produced = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 1000; i++) {
          produced++;
          yield Buffer.from(`${i}\n`);
        }
      })(),
      { highWaterMark: 1 },
    );
    for await (const l of readLines(source)) if (l === '2') break;
    expect(produced).toBeLessThan(50);
  });
});
