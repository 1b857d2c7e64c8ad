import { describe, expect, it } from 'vitest';
import { excerpt, imageFields, readableData } from './task-excerpt.ts';

describe('excerpt', () => {
  it('prefers text, shortens it to 80 characters on one line', () => {
    expect(excerpt({ image: 'https://example.org/a.jpg', caption: '佛像\n在石窟中' })).toBe('佛像 在石窟中');
    expect(excerpt({ text: 'x'.repeat(100) })).toBe(`${'x'.repeat(80)}…`);
  });

  it('names images instead of printing data: URLs', () => {
    expect(excerpt({ image: `data:image/png;base64,${'A'.repeat(4096)}` })).toBe('[image/png, 3 KB]');
    expect(excerpt({ image: '/files/cave.jpg' })).toBe('[/files/cave.jpg]');
    expect(excerpt({ n: 1 })).toBe('{"n":1}');
  });
});

describe('readableData / imageFields', () => {
  it('labels data: URLs and finds what an <img> can show', () => {
    const png = `data:image/png;base64,${'A'.repeat(2000)}`;
    expect(readableData({ image: png, caption: '佛像' })).toEqual({ image: '[image/png, 1 KB]', caption: '佛像' });
    expect(imageFields({ image: png, other: 'https://x.org/a.JPG?w=2', doc: '/files/a.pdf', caption: '佛像' })).toEqual([
      { field: 'image', src: png },
      { field: 'other', src: 'https://x.org/a.JPG?w=2' },
    ]);
  });
});
