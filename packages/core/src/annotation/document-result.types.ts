/**
 * Result items on a document field (docs/documents.md), in Label Studio's item shape. Boxes are
 * `rectanglelabels` items with the 1-based `page` they lie on (coordinates in percent of that page);
 * spans are `labels` items whose `start`/`end` are code-point offsets into the document's text (every
 * page's text layer, pages joined by one "\n"), with the `page` the span starts on.
 */
import type { RectangleValue, SpanValue } from './result.types.js';

export interface DocumentBoxValue extends RectangleValue {
  page: number;
}

export interface DocumentBoxResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'rectanglelabels';
  value: DocumentBoxValue;
}

export interface DocumentSpanValue extends SpanValue {
  page: number;
}

export interface DocumentSpanResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'labels';
  value: DocumentSpanValue;
}

/**
 * A key–value pair: `key` is one of the control's keys, `valueId` the id of the box or span holding the
 * value, `keyId` (optional) the id of the box or span where the key itself is printed.
 */
export interface KeyValueValue {
  key: string;
  valueId: string;
  keyId?: string;
}

export interface KeyValueResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'keyvalue';
  value: KeyValueValue;
}

/** The document's boxes in reading order, by id, each once. */
export interface ReadingOrderValue {
  order: string[];
}

export interface ReadingOrderResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'readingorder';
  value: ReadingOrderValue;
}

export type DocumentResultItem = DocumentBoxResultItem | DocumentSpanResultItem | KeyValueResultItem | ReadingOrderResultItem;
