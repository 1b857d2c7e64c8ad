import { describe, expect, it } from 'vitest';
import { parseChunkHeaders } from './chunk-headers.js';

describe('parseChunkHeaders', () => {
  it('reads tus Upload-Offset with Content-Length', () => {
    expect(parseChunkHeaders({ uploadOffset: '100', contentLength: '50' }, 1000)).toEqual({ ok: true, position: { start: 100, length: 50 } });
    expect(parseChunkHeaders({ uploadOffset: '0' }, 1000)).toEqual({ ok: true, position: { start: 0, length: undefined } });
  });

  it('reads Content-Range and checks it against the size and Content-Length', () => {
    expect(parseChunkHeaders({ contentRange: 'bytes 0-99/1000', contentLength: '100' }, 1000)).toEqual({ ok: true, position: { start: 0, length: 100 } });
    expect(parseChunkHeaders({ contentRange: 'bytes 900-999/*' }, 1000)).toEqual({ ok: true, position: { start: 900, length: 100 } });
    expect(parseChunkHeaders({ contentRange: 'bytes 0-99/2000' }, 1000)).toMatchObject({ ok: false, message: expect.stringContaining('differs from the upload\'s size 1000') as unknown });
    expect(parseChunkHeaders({ contentRange: 'bytes 0-99/1000', contentLength: '10' }, 1000)).toMatchObject({ ok: false, message: expect.stringContaining('Content-Length says 10') as unknown });
    expect(parseChunkHeaders({ contentRange: 'bytes 0-99/1000', uploadOffset: '5' }, 1000)).toMatchObject({ ok: false, message: expect.stringContaining('disagree') as unknown });
    expect(parseChunkHeaders({ contentRange: 'items 0-9/10' }, 10)).toMatchObject({ ok: false, message: expect.stringContaining('bytes <first>-<last>/<size>') as unknown });
  });

  it('refuses a missing or malformed start and a chunk past the end, saying how to fix it', () => {
    expect(parseChunkHeaders({}, 10)).toMatchObject({ ok: false, message: expect.stringContaining('Upload-Offset') as unknown });
    expect(parseChunkHeaders({ uploadOffset: '-1' }, 10)).toMatchObject({ ok: false, message: expect.stringContaining('not a byte count') as unknown });
    expect(parseChunkHeaders({ uploadOffset: '5', contentLength: '6' }, 10)).toMatchObject({ ok: false, message: expect.stringContaining('send at most 5 bytes') as unknown });
  });
});
