/**
 * Agreement and delivered labels for the document controls (docs/documents.md). Boxes are compared page
 * by page: each page is stacked below the previous one on a virtual canvas (y + (page − 1) × PAGE_STRIDE),
 * so the image rectangle measures (IoU, F1, fusion) apply unchanged and boxes on different pages never
 * overlap. Spans use global code-point offsets, so the text span F1 applies as is.
 */
import type { Control, LabelConfig } from '../label-config/label-config.types.js';
import type { AnnotationResult, ResultItem } from '../annotation/result.types.js';
import type { DocumentBoxResultItem, DocumentSpanResultItem } from '../annotation/document-result.types.js';
import type { Rectangle } from '../metrics/geometry/rectangle.js';
import { rectangleIoU } from '../metrics/geometry/rectangle.js';
import { fuseRectangles, rectangleF1 } from '../quality/aggregation/rectangles.js';
import { aggregateSpans } from '../quality/aggregation/spans.js';

/** More than a page's 100 % height, so stacked pages keep a gap. */
const PAGE_STRIDE = 200;
const MATCH_IOU = 0.5;

const onDocument = (config: LabelConfig, control: Control) => config.fields.some((f) => f.name === control.toName && f.type === 'document');

function boxesOf(result: AnnotationResult, control: string): DocumentBoxResultItem[] {
  return result.filter((r): r is DocumentBoxResultItem => r.from_name === control && r.type === 'rectanglelabels' && 'page' in r.value);
}

function stacked(box: DocumentBoxResultItem): Rectangle {
  const { x, y, width, height, page } = box.value;
  return { x, y: y + (page - 1) * PAGE_STRIDE, width, height };
}

/** Where a key–value link or reading-order entry points, comparable across annotators. */
type Target = { kind: 'span'; start: number; end: number } | { kind: 'box'; rect: Rectangle };

function targetOf(result: AnnotationResult, id: string): Target | undefined {
  const item = result.find((r) => r.id === id);
  if (item?.type === 'labels' && 'page' in item.value) return { kind: 'span', start: item.value.start, end: item.value.end };
  if (item?.type === 'rectanglelabels' && 'page' in item.value) return { kind: 'box', rect: stacked(item as DocumentBoxResultItem) };
  return undefined;
}

function sameTarget(a: Target | undefined, b: Target | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'span' && b.kind === 'span') return a.start === b.start && a.end === b.end;
  return a.kind === 'box' && b.kind === 'box' && rectangleIoU(a.rect, b.rect) >= MATCH_IOU;
}

/**
 * Agreement of one control on a document field, in [0, 1], or null for controls the common measures
 * handle (spans, choices, text). Key–value: F1 of pairs matched by key and value place (same span, or
 * boxes at IoU ≥ 0.5). Reading order: the share of consecutive pairs of one order that the other keeps in
 * the same order (both absent: 1).
 */
export function documentAgreement(config: LabelConfig, control: Control, a: AnnotationResult, b: AnnotationResult): number | null {
  if (!onDocument(config, control)) return null;
  if (control.type === 'rectanglelabels') {
    const rects = (r: AnnotationResult) => boxesOf(r, control.name).flatMap((box) => box.value.rectanglelabels.map((label) => ({ rectangle: stacked(box), label })));
    return rectangleF1(rects(a), rects(b), MATCH_IOU);
  }
  if (control.type === 'keyvalue') {
    const pairs = (r: AnnotationResult) => r.flatMap((i) => (i.from_name === control.name && i.type === 'keyvalue' ? [{ key: i.value.key, target: targetOf(r, i.value.valueId) }] : []));
    const pa = pairs(a);
    const pb = pairs(b);
    if (pa.length === 0 && pb.length === 0) return 1;
    const used = new Set<number>();
    let matched = 0;
    for (const p of pa) {
      const j = pb.findIndex((q, n) => !used.has(n) && q.key === p.key && sameTarget(p.target, q.target));
      if (j >= 0) {
        used.add(j);
        matched++;
      }
    }
    return (2 * matched) / (pa.length + pb.length);
  }
  if (control.type === 'readingorder') {
    const order = (r: AnnotationResult) => {
      const item = r.find((i) => i.from_name === control.name && i.type === 'readingorder');
      return item?.type === 'readingorder' ? item.value.order.map((id) => targetOf(r, id)) : [];
    };
    const oa = order(a);
    const ob = order(b);
    if (oa.length === 0 && ob.length === 0) return 1;
    if (oa.length < 2 || ob.length < 2) return oa.length === ob.length && sameTarget(oa[0], ob[0]) ? 1 : 0;
    const position = oa.map((t) => ob.findIndex((u) => sameTarget(t, u)));
    let kept = 0;
    for (let n = 0; n + 1 < position.length; n++) if (position[n]! >= 0 && position[n + 1]! > position[n]!) kept++;
    return kept / (Math.max(oa.length, ob.length) - 1);
  }
  return null;
}

/**
 * Delivered items of one document control from several annotators, or null for controls the common
 * fusion handles (choices, text). Boxes: the same-label majority clusters of the stacked pages, put back
 * on their page; spans: the majority spans with the text and page of an annotator who marked them.
 * Key–value links and reading orders point at one annotator's ids, so they are not fused: a task that
 * needs them goes to adjudication (docs/documents.md).
 */
export function documentLabelItems(config: LabelConfig, control: Control, inputs: readonly { worker: string; result: AnnotationResult }[]): ResultItem[] | null {
  if (!onDocument(config, control)) return null;
  if (control.type === 'rectanglelabels') {
    const { fused } = fuseRectangles(inputs.map((i) => ({ worker: i.worker, rectangles: boxesOf(i.result, control.name).flatMap((box) => box.value.rectanglelabels.map((label) => ({ rectangle: stacked(box), label }))) })));
    return fused.map((f, n) => {
      const page = Math.floor(f.rectangle.y / PAGE_STRIDE) + 1;
      return { id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'rectanglelabels', value: { page, x: f.rectangle.x, y: f.rectangle.y - (page - 1) * PAGE_STRIDE, width: f.rectangle.width, height: f.rectangle.height, rectanglelabels: [f.label] } };
    });
  }
  if (control.type === 'labels') {
    const spans = (r: AnnotationResult) => r.filter((i): i is DocumentSpanResultItem => i.from_name === control.name && i.type === 'labels' && 'page' in i.value);
    const fused = aggregateSpans(inputs.map((i) => ({ worker: i.worker, spans: spans(i.result).flatMap((s) => s.value.labels.map((label) => ({ start: s.value.start, end: s.value.end, label }))) })));
    return fused.flatMap((s, n) => {
      const source = inputs.flatMap((i) => spans(i.result)).find((i) => i.value.start === s.start && i.value.end === s.end);
      return source ? [{ id: `${control.name}-vote-${n}`, from_name: control.name, to_name: control.toName, type: 'labels' as const, value: { page: source.value.page, start: s.start, end: s.end, text: source.value.text, labels: [s.label] } }] : [];
    });
  }
  if (control.type === 'keyvalue' || control.type === 'readingorder') return [];
  return null;
}
