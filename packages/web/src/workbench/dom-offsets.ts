import type { TextModel } from './text-model.ts';

/**
 * The little of the DOM that offset mapping needs; real DOM nodes fit it, and so do plain objects in tests.
 * Every child of the text container is an element carrying `data-o` = its UTF-16 start in the field's text.
 */
export interface OffsetNode {
  readonly nodeType: number;
  readonly parentNode: OffsetNode | null;
  readonly childNodes: ArrayLike<OffsetNode>;
  readonly textContent: string | null;
  getAttribute?(name: string): string | null;
}

export const OFFSET_ATTRIBUTE = 'data-o';
const TEXT_NODE = 3;

function ownStart(node: OffsetNode): number | null {
  const raw = node.getAttribute?.(OFFSET_ATTRIBUTE);
  if (raw === null || raw === undefined) return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

function isInside(root: OffsetNode, node: OffsetNode): boolean {
  for (let n: OffsetNode | null = node; n; n = n.parentNode) if (n === root) return true;
  return false;
}

/** The segment element (direct child of root) that holds `node`. */
function segmentOf(root: OffsetNode, node: OffsetNode): OffsetNode | null {
  let n: OffsetNode | null = node;
  while (n && n.parentNode !== root) n = n.parentNode;
  return n;
}

function textLength(node: OffsetNode | undefined): number {
  return node?.textContent?.length ?? 0;
}

/** UTF-16 offset in the field's text of text-node-position (node, offset), e.g. of a Selection's focus. */
function textPosition(segment: OffsetNode, node: OffsetNode, offset: number): number | null {
  const start = ownStart(segment);
  if (start === null) return null;
  // Count text before `node` inside the segment (a segment normally holds one text node).
  let before = 0;
  const walk = (n: OffsetNode): boolean => {
    if (n === node) return true;
    if (n.nodeType === TEXT_NODE) {
      before += textLength(n);
      return false;
    }
    for (let i = 0; i < n.childNodes.length; i++) {
      const child = n.childNodes[i];
      if (child && walk(child)) return true;
    }
    return false;
  };
  walk(segment);
  if (node.nodeType === TEXT_NODE) return start + before + offset;
  let inner = 0;
  for (let i = 0; i < offset && i < node.childNodes.length; i++) inner += textLength(node.childNodes[i]);
  return start + before + inner;
}

/**
 * Maps a DOM boundary point (as found in a Selection or Range) inside `root` to a UTF-16 offset into the
 * field's text. Returns null for points outside `root`.
 */
export function domPointToUtf16(root: OffsetNode, node: OffsetNode, offset: number): number | null {
  if (!isInside(root, node)) return null;
  if (node === root) {
    const children = root.childNodes;
    if (offset < children.length) {
      const child = children[offset];
      return child ? ownStart(child) : null;
    }
    const last = children[children.length - 1];
    if (!last) return 0;
    const start = ownStart(last);
    return start === null ? null : start + textLength(last);
  }
  const segment = segmentOf(root, node);
  return segment ? textPosition(segment, node, offset) : null;
}

/**
 * Turns two UTF-16 offsets (in any order) into a code-point span widened to whole graphemes, so a
 * selection never splits 👨‍👩‍👧 or a letter from its accent. Null when nothing is selected.
 */
export function utf16RangeToCodePoints(model: TextModel, a: number, b: number): { start: number; end: number } | null {
  const start = model.snapStartUtf16(Math.min(a, b));
  const end = model.snapEndUtf16(Math.max(a, b));
  if (end <= start) return null;
  return { start: model.toCodePoint(start), end: model.toCodePoint(end) };
}

/**
 * The inverse of domPointToUtf16: the text node and offset inside `root` for a UTF-16 offset, found by
 * binary search over the segments (so placing the caret in a 100 KB text costs O(log segments)).
 * Null when the field has no text.
 */
export function utf16ToDomPoint(root: OffsetNode, u16: number): { node: OffsetNode; offset: number } | null {
  const children = root.childNodes;
  let lo = 0;
  let hi = children.length - 1;
  let found: OffsetNode | null = null;
  // Last text-bearing child whose start is <= u16.
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const child = children[mid];
    const start = child ? ownStart(child) : null;
    if (start === null || start > u16) hi = mid - 1;
    else {
      if (child && textLength(child) > 0) found = child;
      lo = mid + 1;
    }
  }
  // A run of empty children (the caret) may have hidden the one we want: step back to text.
  if (!found) {
    for (let i = Math.min(lo, children.length - 1); i >= 0; i--) {
      const child = children[i];
      const start = child ? ownStart(child) : null;
      if (child && start !== null && start <= u16 && textLength(child) > 0) {
        found = child;
        break;
      }
    }
  }
  if (!found) return null;
  const start = ownStart(found) ?? 0;
  const text = found.childNodes[0];
  if (!text) return null;
  return { node: text, offset: Math.min(u16 - start, textLength(text)) };
}
