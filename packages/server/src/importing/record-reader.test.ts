import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectFormat, readRecords, RecordSyntaxError, type SourceRecord } from './record-reader.js';

async function collect(text: string | Buffer, format: 'json' | 'jsonl' | 'csv', chunk = 3): Promise<SourceRecord[]> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  // Small chunks: multi-byte characters and the BOM get split across chunk boundaries.
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: SourceRecord[] = [];
  for await (const r of readRecords(Readable.from(chunks), format)) out.push(r);
  return out;
}

describe('readRecords', () => {
  it('reads JSONL with a BOM, CRLF and blank lines, numbering lines from 1', async () => {
    const records = await collect('\uFEFF{"text":"你好"}\r\n\r\n{"text":"😀"}\n', 'jsonl');
    expect(records).toEqual([
      { line: 1, value: { text: '你好' } },
      { line: 3, value: { text: '😀' } },
    ]);
  });

  it('reports the line of broken JSONL', async () => {
    await expect(collect('{"text":"a"}\n{"text":\n', 'jsonl')).rejects.toMatchObject({ line: 2 });
    await expect(collect('{"text":"a"}\n{"text":\n', 'jsonl')).rejects.toBeInstanceOf(RecordSyntaxError);
  });

  it('reads CSV with BOM, quoted commas and newlines, and gives the line where each record ends', async () => {
    const records = await collect('\uFEFFtext,meta\r\n"你好，世界, 还有逗号",1\r\n"两行\n文本",2\r\n', 'csv');
    expect(records.map((r) => r.value)).toEqual([
      { text: '你好，世界, 还有逗号', meta: '1' },
      { text: '两行\n文本', meta: '2' },
    ]);
    expect(records.map((r) => r.line)).toEqual([2, 4]);
  });

  it('rejects CSV rows with the wrong number of columns, naming the line', async () => {
    await expect(collect('text,meta\na,1\nb,2,3\n', 'csv')).rejects.toMatchObject({ line: 3 });
  });

  it('streams a JSON array item by item, and explains a non-array', async () => {
    expect((await collect('[{"text":"一"},{"data":{"text":"二"}}]', 'json')).map((r) => r.line)).toEqual([1, 2]);
    await expect(collect('{"text":"x"}', 'json')).rejects.toThrow(/array of tasks/);
  });
});

describe('detectFormat', () => {
  it('prefers the explicit format, then the file name, then the content type', () => {
    expect(detectFormat('csv', 'a.jsonl', 'application/json')).toBe('csv');
    expect(detectFormat(undefined, 'tasks.JSONL', undefined)).toBe('jsonl');
    expect(detectFormat(undefined, undefined, 'application/x-ndjson')).toBe('jsonl');
    expect(detectFormat(undefined, undefined, 'text/csv; charset=utf-8')).toBe('csv');
    expect(detectFormat(undefined, 'notes.txt', 'application/octet-stream')).toBeUndefined();
  });
});
