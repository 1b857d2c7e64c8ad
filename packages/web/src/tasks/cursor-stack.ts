/**
 * Keyset pagination going both ways: the server only gives a cursor for the next page, so the cursors
 * of the pages already seen are kept in a stack. The first page's cursor is `null` (no `after`).
 */
export interface CursorStack {
  /** Cursors of the pages from the first up to the current one; the last entry is the current page's. */
  readonly stack: readonly (string | null)[];
}

export const firstPage = (): CursorStack => ({ stack: [null] });

/** The `after` parameter that loads the current page. */
export function currentCursor(s: CursorStack): string | null {
  return s.stack[s.stack.length - 1] ?? null;
}

export function pageNumber(s: CursorStack): number {
  return s.stack.length;
}

export function nextPage(s: CursorStack, nextCursor: string | null): CursorStack {
  return nextCursor === null ? s : { stack: [...s.stack, nextCursor] };
}

export function previousPage(s: CursorStack): CursorStack {
  return s.stack.length > 1 ? { stack: s.stack.slice(0, -1) } : s;
}

export const hasPrevious = (s: CursorStack): boolean => s.stack.length > 1;
