import { describe, expect, it } from 'vitest';
import { currentCursor, firstPage, hasPrevious, nextPage, pageNumber, previousPage } from './cursor-stack.ts';

describe('cursor stack', () => {
  it('walks forward with server cursors and back through the stack', () => {
    let s = firstPage();
    expect(currentCursor(s)).toBeNull();
    expect(hasPrevious(s)).toBe(false);
    s = nextPage(s, 'c50');
    s = nextPage(s, 'c100');
    expect(currentCursor(s)).toBe('c100');
    expect(pageNumber(s)).toBe(3);
    s = previousPage(s);
    expect(currentCursor(s)).toBe('c50');
    s = previousPage(previousPage(s));
    expect(currentCursor(s)).toBeNull();
    expect(pageNumber(s)).toBe(1);
  });

  it('does not move past the last page', () => {
    const s = firstPage();
    expect(nextPage(s, null)).toBe(s);
  });
});
