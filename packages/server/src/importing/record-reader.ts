import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import streamJson from 'stream-json';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import type { ImportFormat } from '@yungang/core';
import { stripBom } from './strip-bom.js';
import { readLines } from './read-lines.js';

/** One record of an import file, with where it came from for error messages. */
export interface SourceRecord {
  /** 1-based line number (JSONL, CSV) or 1-based item number (JSON array). */
  line: number;
  value: unknown;
}

/** A file that cannot be read as its format at all (broken JSON, bad CSV quoting). */
export class RecordSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'RecordSyntaxError';
  }
}

/** Picks the format from an explicit choice, else the file name, else the content type. */
export function detectFormat(explicit: string | undefined, fileName: string | undefined, contentType: string | undefined): ImportFormat | undefined {
  const pick = (s: string | undefined): ImportFormat | undefined => {
    const v = s?.toLowerCase() ?? '';
    if (v === 'json' || v.endsWith('.json') || v.includes('application/json')) return 'json';
    if (v === 'jsonl' || v === 'ndjson' || v.endsWith('.jsonl') || v.endsWith('.ndjson') || v.includes('ndjson') || v.includes('jsonl')) return 'jsonl';
    if (v === 'csv' || v.endsWith('.csv') || v.includes('text/csv')) return 'csv';
    return undefined;
  };
  return pick(explicit) ?? pick(fileName) ?? pick(contentType);
}

/** Streams records out of a byte stream without holding the file in memory. */
export async function* readRecords(input: Readable, format: ImportFormat): AsyncGenerator<SourceRecord> {
  const bytes = input.pipe(stripBom());
  input.on('error', (e) => bytes.destroy(e));
  if (format === 'jsonl') yield* readJsonLines(bytes);
  else if (format === 'csv') yield* readCsv(bytes);
  else yield* readJsonArray(bytes);
}

async function* readJsonLines(bytes: Readable): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const text of readLines(bytes)) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (e) {
      throw new RecordSyntaxError(line, `line ${line} is not valid JSON: ${(e as Error).message}`);
    }
  }
}

async function* readCsv(bytes: Readable): AsyncGenerator<SourceRecord> {
  const parser = parseCsv({ columns: true, skip_empty_lines: true, relax_column_count: false, info: true, bom: true });
  bytes.on('error', (e) => parser.destroy(e));
  bytes.pipe(parser);
  try {
    for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: row.info.lines, value: row.record };
    }
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new RecordSyntaxError(err.lines ?? 0, `CSV error${err.lines ? ` at line ${err.lines}` : ''}: ${err.message}`);
  }
}

async function* readJsonArray(bytes: Readable): AsyncGenerator<SourceRecord> {
  const parser = streamJson.parser();
  const items = StreamArray.streamArray();
  bytes.on('error', (e) => items.destroy(e));
  parser.on('error', (e) => items.destroy(e));
  bytes.pipe(parser).pipe(items);
  let count = 0;
  try {
    for await (const item of items as AsyncIterable<{ key: number; value: unknown }>) {
      count = item.key + 1;
      yield { line: count, value: item.value };
    }
  } catch (e) {
    const message = (e as Error).message;
    const hint = /top-level|array/i.test(message) ? ' (a .json import must be an array of tasks: [{"text": "…"}, …])' : '';
    throw new RecordSyntaxError(count + 1, `JSON error after item ${count}: ${message}${hint}`);
  }
}
