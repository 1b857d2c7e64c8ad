/**
 * The character diff shown for a gold edit (what a reviewer reads): runs of kept, inserted and deleted
 * text, by jsdiff's `diffChars` (Myers), which suits Chinese, where words are not space-separated.
 */
import { diffChars } from 'diff';

export interface DiffRun {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export function responseDiff(original: string, text: string): DiffRun[] {
  return diffChars(original, text).map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}
