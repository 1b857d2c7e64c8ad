import { describe, it, expect } from 'vitest';
import { compareManifest } from './manifest.js';
import type { ManifestFile } from './manifest.js';

const file = (path: string, sha256: string, bytes = 10): ManifestFile => ({ path, sha256, bytes });

describe('compareManifest', () => {
  it('finds nothing when the files match, in any order', () => {
    const files = [file('data/b.jsonl', 'bb'), file('data/a.jsonl', 'aa')];
    expect(compareManifest(files, [...files].reverse())).toEqual({ changed: [], added: [], missing: [] });
  });

  it('reports changed, added and missing paths, each sorted', () => {
    const expected = [file('z.txt', '01'), file('b.txt', '02'), file('a.txt', '03'), file('gone-2', '04'), file('gone-1', '05'), file('size.bin', '06', 5)];
    const found = [file('z.txt', 'ff'), file('b.txt', '02'), file('a.txt', '0a'), file('new-2', '07'), file('new-1', '08'), file('size.bin', '06', 6)];
    expect(compareManifest(expected, found)).toEqual({ changed: ['a.txt', 'size.bin', 'z.txt'], added: ['new-1', 'new-2'], missing: ['gone-1', 'gone-2'] });
  });

  it('sorts by code units, not by locale', () => {
    expect(compareManifest([], [file('b', '1'), file('B', '1'), file('a', '1'), file('É', '1')]).added).toEqual(['B', 'a', 'b', 'É']);
  });

  it('compares digests case-insensitively and paths exactly', () => {
    expect(compareManifest([file('a', 'ABCDEF')], [file('a', 'abcdef')]).changed).toEqual([]);
    expect(compareManifest([file('dir/a', '1')], [file('dir\\a', '1')])).toEqual({ changed: [], added: ['dir\\a'], missing: ['dir/a'] });
  });

  it('a path listed twice cannot hide a difference', () => {
    expect(compareManifest([file('a', '1'), file('a', '2')], [file('a', '1')]).changed).toEqual(['a']);
    expect(compareManifest([file('a', '1')], [file('a', '1'), file('a', '1')]).changed).toEqual(['a']);
    expect(compareManifest([file('a', '1'), file('a', '2')], [file('a', '2'), file('a', '1')]).changed).toEqual([]);
  });
});
