import { describe, expect, it } from 'vitest';
import type { AnnotationResult, DocumentPageText } from '@yungang/core';
import { resultFromJson } from './annotation-state.ts';
import { addDocumentBox, addDocumentSpan, linkKeyValue, moveInOrder, readingOrder, removeDocumentItem, selectionSpan, spanBoxes, toggleInOrder } from './document-edit.ts';

const page: DocumentPageText = {
  version: 1,
  page: 2,
  source: 'text',
  text: 'Issued by: 国务院',
  items: [
    { start: 0, end: 10, x: 10, y: 10, w: 20, h: 2 },
    { start: 11, end: 14, x: 31, y: 10, w: 6, h: 2 },
  ],
};

describe('document edits', () => {
  it('adds boxes and spans, links a key (once per key) and keeps a reading order', () => {
    let r: AnnotationResult = [];
    r = addDocumentBox(r, { id: 'b1', control: 'regions', field: 'doc', page: 1, box: { x: 1.23456, y: 2, width: 3, height: 4 }, label: 'title' });
    r = addDocumentBox(r, { id: 'b2', control: 'regions', field: 'doc', page: 2, box: { x: 5, y: 5, width: 5, height: 5 }, label: 'text' });
    r = addDocumentSpan(r, { id: 's1', control: 'fields', field: 'doc', page: 2, start: 31, end: 34, text: '国务院', label: 'VALUE' });
    expect(r[0]!.value).toEqual({ page: 1, x: 1.235, y: 2, width: 3, height: 4, rectanglelabels: ['title'] });
    r = linkKeyValue(r, { id: 'kv1', control: 'kv', field: 'doc', key: 'issuer', valueId: 'b2' });
    r = linkKeyValue(r, { id: 'kv2', control: 'kv', field: 'doc', key: 'issuer', valueId: 's1' });
    expect(r.filter((i) => i.type === 'keyvalue').map((i) => i.value)).toEqual([{ key: 'issuer', valueId: 's1' }]);
    const a = { id: 'ro', control: 'order', field: 'doc' };
    r = toggleInOrder(r, { ...a, boxId: 'b1' });
    r = toggleInOrder(r, { ...a, boxId: 'b2' });
    expect(readingOrder(r, 'order')).toEqual(['b1', 'b2']);
    r = moveInOrder(r, { ...a, boxId: 'b2', by: -1 });
    expect(readingOrder(r, 'order')).toEqual(['b2', 'b1']);
    expect(moveInOrder(r, { ...a, boxId: 'b2', by: -1 })).toBe(r);
    // Removing a box takes it out of the order; removing the span drops the pair naming it.
    r = removeDocumentItem(r, 'b2');
    expect(readingOrder(r, 'order')).toEqual(['b1']);
    r = removeDocumentItem(r, 's1');
    expect(r.some((i) => i.type === 'keyvalue')).toBe(false);
    r = removeDocumentItem(r, 'b1');
    expect(r).toEqual([]);
  });

  it('turns a text-layer selection into document offsets, trimmed, in either direction', () => {
    // Page 2 starts at document offset 20.
    expect(selectionSpan(page, 20, { item: 1, offset: 3 }, { item: 0, offset: 7 })).toEqual({ start: 27, end: 34, text: 'by: 国务院' });
    expect(selectionSpan(page, 20, { item: 0, offset: 10 }, { item: 1, offset: 0 })).toBeNull();
    expect(selectionSpan(page, 20, { item: 0, offset: 2 }, { item: 0, offset: 2 })).toBeNull();
  });

  it('highlights the covered part of each item', () => {
    const round = (b: { x: number; y: number; width: number; height: number }) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
    expect(spanBoxes(page, 20, { start: 25, end: 32 }).map(round)).toEqual([
      { x: 20, y: 10, width: 10, height: 2 },
      { x: 31, y: 10, width: 2, height: 2 },
    ]);
  });
});

describe('document results from the API', () => {
  it('keep their pages, key–value links and reading order', () => {
    const items = [
      { id: 'b1', from_name: 'regions', to_name: 'doc', type: 'rectanglelabels', value: { page: 3, x: 1, y: 2, width: 3, height: 4, rectanglelabels: ['table'] } },
      { id: 's1', from_name: 'fields', to_name: 'doc', type: 'labels', value: { page: 2, start: 5, end: 7, text: '国务', labels: ['VALUE'] } },
      { id: 'kv', from_name: 'kv', to_name: 'doc', type: 'keyvalue', value: { key: 'issuer', valueId: 's1', keyId: 'b1' } },
      { id: 'ro', from_name: 'order', to_name: 'doc', type: 'readingorder', value: { order: ['b1'] } },
    ];
    expect(resultFromJson(items)).toEqual(items);
  });
});
