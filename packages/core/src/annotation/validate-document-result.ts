/**
 * Checks of result items on a document field (docs/documents.md), split from validate-result.ts to keep
 * that file about the dispatch: boxes on a page, spans over the document's text, key–value links and
 * the reading order. The task data states the page count (`pages`) and the text's length in code points
 * (`textLength`), as media intake writes them; links must name boxes or spans of the same result.
 */
import Type from 'typebox';
import { schemaIssues } from '../validation/validate-schema.js';
import { formatPath, type ValidationIssue } from '../validation/validation-error.js';
import type { Control, LabelConfig } from '../label-config/label-config.types.js';
import type { DocumentBoxResultItem, DocumentResultItem, DocumentSpanResultItem, KeyValueResultItem, ReadingOrderResultItem } from './document-result.types.js';

const Page = Type.Integer();
const BoxShape = Type.Object(
  { page: Page, x: Type.Number(), y: Type.Number(), width: Type.Number(), height: Type.Number(), rectanglelabels: Type.Array(Type.String()) },
  { additionalProperties: true },
);
const SpanShape = Type.Object({ page: Page, start: Type.Integer(), end: Type.Integer(), text: Type.String(), labels: Type.Array(Type.String()) }, { additionalProperties: true });
const KeyValueShape = Type.Object({ key: Type.String(), valueId: Type.String(), keyId: Type.Optional(Type.String()) }, { additionalProperties: true });
const ReadingOrderShape = Type.Object({ order: Type.Array(Type.String()) }, { additionalProperties: true });

/** How far past 0..100 a coordinate may stray (browsers round percentages), as for image boxes. */
const EDGE_SLACK = 1e-6;

type Segments = (string | number)[];
interface RawItem {
  id: string;
  from_name: string;
  to_name: string;
  type: string;
  value: Record<string, unknown>;
}

interface Context {
  issue: (segments: Segments, message: string) => void;
  add: (issues: ValidationIssue[]) => void;
  checkLabels: (labels: readonly string[], at: Segments) => void;
  /** Controls that take one item per annotation → the index of that item. */
  singleItemOf: Map<string, number>;
}

/** True when `control` annotates a document field. */
export function isDocumentControl(config: LabelConfig, control: Control): boolean {
  return config.fields.some((f) => f.name === control.toName && f.type === 'document');
}

/** True for the document control types this module checks (choices, textarea and rating take the common path). */
export function checksAsDocumentItem(control: Control): boolean {
  return control.type === 'rectanglelabels' || control.type === 'labels' || control.type === 'keyvalue' || control.type === 'readingorder';
}

/** Validates item `i` of a document control; `items` is the whole raw result (for links by id). */
export function checkDocumentItem(control: Control, item: RawItem, i: number, items: readonly RawItem[], data: Record<string, unknown>, ctx: Context): DocumentResultItem | undefined {
  const pages = typeof data['pages'] === 'number' && Number.isInteger(data['pages']) && data['pages'] > 0 ? data['pages'] : undefined;
  switch (control.type) {
    case 'rectanglelabels':
      return checkBox(item, i, pages, ctx);
    case 'labels':
      return checkSpan(item, i, pages, typeof data['textLength'] === 'number' ? data['textLength'] : undefined, ctx);
    case 'keyvalue': {
      const shape = schemaIssues(KeyValueShape, item.value, formatPath(['result', i, 'value']));
      if (shape.length > 0) return void ctx.add(shape);
      const { key, valueId, keyId } = item.value as unknown as KeyValueResultItem['value'];
      const keys = control.keys.map((k) => k.value);
      if (!keys.includes(key)) ctx.issue([i, 'value', 'key'], `${JSON.stringify(key)} is not a key of "${control.name}" (keys: ${keys.join(', ')})`);
      checkLink(valueId, [i, 'value', 'valueId'], control.toName, items, ctx);
      if (keyId !== undefined) {
        checkLink(keyId, [i, 'value', 'keyId'], control.toName, items, ctx);
        if (keyId === valueId) ctx.issue([i, 'value', 'keyId'], 'must differ from valueId (a key and its value are different places)');
      }
      return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'keyvalue', value: { key, valueId, ...(keyId !== undefined ? { keyId } : {}) } };
    }
    case 'readingorder': {
      const earlier = ctx.singleItemOf.get(control.name);
      if (earlier !== undefined) ctx.issue([i], `second readingorder item for control "${control.name}" (first is result[${earlier}]); one order per document`);
      else ctx.singleItemOf.set(control.name, i);
      const shape = schemaIssues(ReadingOrderShape, item.value, formatPath(['result', i, 'value']));
      if (shape.length > 0) return void ctx.add(shape);
      const { order } = item.value as unknown as ReadingOrderResultItem['value'];
      if (order.length === 0) ctx.issue([i, 'value', 'order'], 'must list at least one box; omit the item when there is no order');
      const seen = new Map<string, number>();
      order.forEach((id, o) => {
        const again = seen.get(id);
        if (again !== undefined) ctx.issue([i, 'value', 'order', o], `${JSON.stringify(id)} is listed twice (also order[${again}])`);
        seen.set(id, o);
        checkLink(id, [i, 'value', 'order', o], control.toName, items, ctx, true);
      });
      return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'readingorder', value: { order: [...order] } };
    }
    default:
      return undefined;
  }
}

function checkPage(page: number, pages: number | undefined, at: Segments, ctx: Context): void {
  if (page < 1) ctx.issue(at, `must be ≥ 1 (pages count from 1), got ${page}`);
  else if (pages !== undefined && page > pages) ctx.issue(at, `must be ≤ ${pages}, the document's page count, got ${page}`);
}

function checkBox(item: RawItem, i: number, pages: number | undefined, ctx: Context): DocumentBoxResultItem | undefined {
  const shape = schemaIssues(BoxShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) return void ctx.add(shape);
  const { page, x, y, width, height, rectanglelabels } = item.value as unknown as DocumentBoxResultItem['value'];
  const at = (key: string): Segments => [i, 'value', key];
  checkPage(page, pages, at('page'), ctx);
  for (const [key, v] of [['x', x], ['y', y], ['width', width], ['height', height]] as const) if (!Number.isFinite(v)) ctx.issue(at(key), `must be a finite number, got ${String(v)}`);
  if (width <= 0) ctx.issue(at('width'), `must be greater than 0 (percent of the page width), got ${width}`);
  if (height <= 0) ctx.issue(at('height'), `must be greater than 0 (percent of the page height), got ${height}`);
  if (x < -EDGE_SLACK || x + Math.max(0, width) > 100 + EDGE_SLACK) ctx.issue(at('x'), `the box must lie within 0..100 (percent of the page width), got x ${x} + width ${width}`);
  if (y < -EDGE_SLACK || y + Math.max(0, height) > 100 + EDGE_SLACK) ctx.issue(at('y'), `the box must lie within 0..100 (percent of the page height), got y ${y} + height ${height}`);
  ctx.checkLabels(rectanglelabels, at('rectanglelabels'));
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'rectanglelabels', value: { page, x, y, width, height, rectanglelabels: [...rectanglelabels] } };
}

function checkSpan(item: RawItem, i: number, pages: number | undefined, textLength: number | undefined, ctx: Context): DocumentSpanResultItem | undefined {
  const shape = schemaIssues(SpanShape, item.value, formatPath(['result', i, 'value']));
  if (shape.length > 0) return void ctx.add(shape);
  const { page, start, end, text, labels } = item.value as unknown as DocumentSpanResultItem['value'];
  const at = (key: string): Segments => [i, 'value', key];
  checkPage(page, pages, at('page'), ctx);
  if (start < 0) ctx.issue(at('start'), `must be ≥ 0, got ${start}`);
  if (end <= start) ctx.issue(at('end'), `must be greater than start (${start}), got ${end}`);
  else if (textLength !== undefined && end > textLength) ctx.issue(at('end'), `must be ≤ ${textLength}, the length of the document's text in code points, got ${end}`);
  // The text itself lives in the page blobs, not the task row, so only its length is checked here.
  if (Array.from(text).length !== end - start && end > start) ctx.issue(at('text'), `must be the ${end - start} characters at ${start}..${end}, got ${Array.from(text).length}`);
  ctx.checkLabels(labels, at('labels'));
  return { id: item.id, from_name: item.from_name, to_name: item.to_name, type: 'labels', value: { page, start, end, text, labels: [...labels] } };
}

/** `id` must name a box (or, unless `boxOnly`, a span) of the same document field in this result. */
function checkLink(id: string, at: Segments, field: string, items: readonly RawItem[], ctx: Context, boxOnly = false): void {
  const target = items.find((other) => other.id === id);
  if (target === undefined) return ctx.issue(at, `no result item has id ${JSON.stringify(id)}`);
  const allowed = boxOnly ? target.type === 'rectanglelabels' : target.type === 'rectanglelabels' || target.type === 'labels';
  if (!allowed || target.to_name !== field) ctx.issue(at, `${JSON.stringify(id)} must be a ${boxOnly ? 'box' : 'box or span'} on document field "${field}", got a ${target.type} item on "${target.to_name}"`);
}
