/**
 * Shows keyboard selections with the CSS Custom Highlight API, which paints ranges without touching the
 * DOM, so extending a selection in a 100 KB text does not re-lay-out the text. One registry entry per
 * text field; the `::highlight(yg-selection)` rule in workbench.css styles them.
 */
const HIGHLIGHT_NAME = 'yg-selection';
const ranges = new Map<string, Range>();

export function highlightSupported(): boolean {
  return typeof Highlight !== 'undefined' && typeof CSS !== 'undefined' && 'highlights' in CSS;
}

/** Sets (or with null clears) the selection range shown for one field. */
export function setSelectionHighlight(key: string, range: Range | null): void {
  if (!highlightSupported()) return;
  if (range) ranges.set(key, range);
  else ranges.delete(key);
  if (ranges.size > 0) CSS.highlights.set(HIGHLIGHT_NAME, new Highlight(...ranges.values()));
  else CSS.highlights.delete(HIGHLIGHT_NAME);
}
