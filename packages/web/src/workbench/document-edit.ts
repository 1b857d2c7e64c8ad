/**
 * Pure edits of a result on a document field (docs/documents.md): boxes on a page, spans over the text
 * layer, key–value links and the reading order. Each returns a new result (one undo step); removing a
 * box or span also drops the links and order entries that point at it, so the result stays valid.
 */
import type { AnnotationResult, DocumentBoxResultItem, DocumentPageText, DocumentSpanResultItem, KeyValueResultItem, ReadingOrderResultItem, ResultItem } from '@yungang/core';

export interface PageBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function documentBoxes(result: AnnotationResult, field: string): DocumentBoxResultItem[] {
  return result.filter((r): r is DocumentBoxResultItem => r.to_name === field && r.type === 'rectanglelabels' && 'page' in r.value);
}

export function documentSpans(result: AnnotationResult, field: string): DocumentSpanResultItem[] {
  return result.filter((r): r is DocumentSpanResultItem => r.to_name === field && r.type === 'labels' && 'page' in r.value);
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export function addDocumentBox(result: AnnotationResult, a: { id: string; control: string; field: string; page: number; box: PageBox; label: string }): AnnotationResult {
  const { x, y, width, height } = a.box;
  const item: DocumentBoxResultItem = { id: a.id, from_name: a.control, to_name: a.field, type: 'rectanglelabels', value: { page: a.page, x: round(x), y: round(y), width: round(width), height: round(height), rectanglelabels: [a.label] } };
  return [...result, item];
}

export function addDocumentSpan(result: AnnotationResult, a: { id: string; control: string; field: string; page: number; start: number; end: number; text: string; label: string }): AnnotationResult {
  const item: DocumentSpanResultItem = { id: a.id, from_name: a.control, to_name: a.field, type: 'labels', value: { page: a.page, start: a.start, end: a.end, text: a.text, labels: [a.label] } };
  return [...result, item];
}

/** Sets `key`'s value to item `valueId` (one pair per key: linking a key again moves its value). */
export function linkKeyValue(result: AnnotationResult, a: { id: string; control: string; field: string; key: string; valueId: string }): AnnotationResult {
  const rest = result.filter((r) => !(r.from_name === a.control && r.type === 'keyvalue' && r.value.key === a.key));
  const item: KeyValueResultItem = { id: a.id, from_name: a.control, to_name: a.field, type: 'keyvalue', value: { key: a.key, valueId: a.valueId } };
  return [...rest, item];
}

export function readingOrder(result: AnnotationResult, control: string): string[] {
  const item = result.find((r): r is ReadingOrderResultItem => r.from_name === control && r.type === 'readingorder');
  return item ? item.value.order : [];
}

function withOrder(result: AnnotationResult, a: { id: string; control: string; field: string }, order: string[]): AnnotationResult {
  const index = result.findIndex((r) => r.from_name === a.control && r.type === 'readingorder');
  if (order.length === 0) return index < 0 ? result : result.filter((_, i) => i !== index);
  const item: ReadingOrderResultItem = { id: index < 0 ? a.id : result[index]!.id, from_name: a.control, to_name: a.field, type: 'readingorder', value: { order } };
  return index < 0 ? [...result, item] : result.map((r, i) => (i === index ? item : r));
}

/** Puts box `boxId` last in the reading order (or takes it out when it is already in). */
export function toggleInOrder(result: AnnotationResult, a: { id: string; control: string; field: string; boxId: string }): AnnotationResult {
  const order = readingOrder(result, a.control);
  return withOrder(result, a, order.includes(a.boxId) ? order.filter((id) => id !== a.boxId) : [...order, a.boxId]);
}

/** Moves box `boxId` one place earlier (−1) or later (+1) in the reading order. */
export function moveInOrder(result: AnnotationResult, a: { id: string; control: string; field: string; boxId: string; by: -1 | 1 }): AnnotationResult {
  const order = [...readingOrder(result, a.control)];
  const from = order.indexOf(a.boxId);
  const to = from + a.by;
  if (from < 0 || to < 0 || to >= order.length) return result;
  [order[from], order[to]] = [order[to]!, order[from]!];
  return withOrder(result, a, order);
}

/** Removes a box or span with every key–value pair and order entry that names it. */
export function removeDocumentItem(result: AnnotationResult, id: string): AnnotationResult {
  const out: ResultItem[] = [];
  for (const r of result) {
    if (r.id === id) continue;
    if (r.type === 'keyvalue' && (r.value.valueId === id || r.value.keyId === id)) continue;
    if (r.type === 'readingorder') {
      const order = r.value.order.filter((o) => o !== id);
      if (order.length === 0) continue;
      out.push(order.length === r.value.order.length ? r : { ...r, value: { order } });
      continue;
    }
    out.push(r);
  }
  return out;
}

/**
 * A selection in a page's text layer as document offsets: `anchor`/`focus` are (item index, code points
 * into that item's text); null when nothing is selected. The page's `offset` turns page offsets into the
 * document's.
 */
export function selectionSpan(
  text: DocumentPageText,
  pageOffset: number,
  anchor: { item: number; offset: number },
  focus: { item: number; offset: number },
): { start: number; end: number; text: string } | null {
  const at = (p: { item: number; offset: number }) => {
    const item = text.items[p.item];
    return item ? Math.min(item.end, item.start + p.offset) : null;
  };
  const a = at(anchor);
  const b = at(focus);
  if (a === null || b === null || a === b) return null;
  const [start, end] = a < b ? [a, b] : [b, a];
  const chars = Array.from(text.text);
  // Leading and trailing blanks are not part of what the annotator meant.
  let s = start;
  let e = end;
  while (s < e && /\s/u.test(chars[s]!)) s++;
  while (e > s && /\s/u.test(chars[e - 1]!)) e--;
  if (s === e) return null;
  return { start: pageOffset + s, end: pageOffset + e, text: chars.slice(s, e).join('') };
}

/**
 * The parts of a page's text items a span covers, as boxes in percent of the page (for highlighting).
 * `measure` gives a run's width in any unit (the browser's text metrics); by default every character
 * counts the same, which is right for Chinese and near enough for Latin text.
 */
export function spanBoxes(text: DocumentPageText, pageOffset: number, span: { start: number; end: number }, measure: (run: string) => number = (run) => Array.from(run).length): PageBox[] {
  const start = span.start - pageOffset;
  const end = span.end - pageOffset;
  const chars = Array.from(text.text);
  const boxes: PageBox[] = [];
  for (const item of text.items) {
    if (item.end <= start || item.start >= end) continue;
    const whole = measure(chars.slice(item.start, item.end).join(''));
    if (whole <= 0) continue;
    const from = measure(chars.slice(item.start, Math.max(start, item.start)).join('')) / whole;
    const to = measure(chars.slice(item.start, Math.min(end, item.end)).join('')) / whole;
    boxes.push({ x: item.x + item.w * from, y: item.y, width: item.w * (to - from), height: item.h });
  }
  return boxes;
}
