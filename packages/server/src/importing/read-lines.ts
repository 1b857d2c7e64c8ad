import type { Readable } from 'node:stream';

/**
 * Yields the lines of a UTF-8 byte stream (without "\n" or "\r\n"), pulling chunks only as lines are
 * consumed. Unlike readline's iterator this keeps backpressure: a slow consumer (database inserts)
 * never makes the whole file pile up in memory.
 */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  input.setEncoding('utf8');
  let rest = '';
  for await (const chunk of input as AsyncIterable<string>) {
    rest += chunk;
    let start = 0;
    let nl: number;
    while ((nl = rest.indexOf('\n', start)) !== -1) {
      const end = nl > start && rest.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield rest.slice(start, end);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
