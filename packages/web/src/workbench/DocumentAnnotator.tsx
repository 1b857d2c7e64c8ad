import { useEffect, useEffectEvent, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { AnnotationResult, DocumentLayout, DocumentPageText, KeyValueControl, LabelsControl, ReadingOrderControl, RectangleLabelsControl } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import type { AnnotationAction } from './annotation-state.ts';
import { newResultId } from './annotation-state.ts';
import { addDocumentBox, addDocumentSpan, documentBoxes, documentSpans, linkKeyValue, moveInOrder, readingOrder, removeDocumentItem, selectionSpan, spanBoxes, toggleInOrder, type PageBox } from './document-edit.ts';
import { isTypingTarget } from './hotkey-target.ts';
import { LabelBar } from './LabelBar.tsx';

export interface DocumentAnnotatorProps {
  field: string;
  /** The document's URL (`/api/v1/media/{sha}`): its layout, pages and text layers live under it. */
  src: string;
  boxControls: readonly RectangleLabelsControl[];
  spanControls: readonly LabelsControl[];
  keyValue: KeyValueControl | undefined;
  order: ReadingOrderControl | undefined;
  result: AnnotationResult;
  dispatch: (action: AnnotationAction) => void;
  colorOf: (control: string, label: string) => string;
  titleOf: (control: string, label: string) => string;
  windowKeys: boolean;
}

interface Armed {
  control: string;
  label: string;
  kind: 'box' | 'span';
}

/** Page width in CSS pixels at zoom 1 until the viewport has been measured (then zoom 1 fits its width). */
const BASE_WIDTH = 760;
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** One shared 2D context for measuring text-layer runs (created on first use; none in tests without canvas). */
let measurer: CanvasRenderingContext2D | null | undefined;
const TEXT_FONT = 'sans-serif';

/**
 * The horizontal scale that makes `text` at `fontPx` as wide as its box: the browser's font is not the PDF's,
 * and without it a selection would cover other characters than the picture shows under the pointer.
 */
function fitScale(text: string, fontPx: number, widthPx: number): number {
  if (measurer === undefined) measurer = document.createElement('canvas').getContext('2d');
  if (!measurer || text === '' || widthPx <= 0) return 1;
  measurer.font = `${fontPx}px ${TEXT_FONT}`;
  const natural = measurer.measureText(text).width;
  return natural > 0 ? widthPx / natural : 1;
}

/** A run's width in the text layer's font (any size: only ratios are used), for span highlights. */
function runWidth(run: string): number {
  if (measurer === undefined) measurer = document.createElement('canvas').getContext('2d');
  if (!measurer) return Array.from(run).length;
  measurer.font = `100px ${TEXT_FONT}`;
  return measurer.measureText(run).width;
}

/** A text selection waiting for a span label: page offsets already turned into the document's. */
interface PendingSpan {
  page: number;
  start: number;
  end: number;
  text: string;
}

/**
 * A document field of the workbench (docs/documents.md): one page at a time (only that page's picture and
 * text layer are loaded, so a 300-page document opens as fast as a one-page one), a lazy thumbnail strip,
 * zoom, boxes drawn with a box label picked, spans made by selecting text in the invisible text layer laid
 * over the page, key–value links (select a box or span, then pick the key) and the reading order of the
 * boxes (Alt+O adds or takes out the selected box, Alt+↑/↓ moves it).
 */
export function DocumentAnnotator({ field, src, boxControls, spanControls, keyValue, order, result, dispatch, colorOf, titleOf, windowKeys }: DocumentAnnotatorProps) {
  const t = useT();
  const base = src.split('?')[0] ?? src;
  const [layout, setLayout] = useState<DocumentLayout | null>(null);
  const [failed, setFailed] = useState(false);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(2);
  const [texts, setTexts] = useState<ReadonlyMap<number, DocumentPageText>>(() => new Map());
  const [armed, setArmed] = useState<Armed | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingSpan | null>(null);
  const [draft, setDraft] = useState<{ x0: number; y0: number; x1: number; y1: number; pointer: number } | null>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const [fitWidth, setFitWidth] = useState(BASE_WIDTH);
  useEffect(() => {
    const element = viewportRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setFitWidth(Math.max(200, element.clientWidth - 24)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [layout]);

  useEffect(() => {
    let live = true;
    void fetch(`${base}/layout`, { credentials: 'same-origin' })
      .then(async (r) => (r.ok ? ((await r.json()) as DocumentLayout) : Promise.reject(new Error(String(r.status)))))
      .then((l) => live && setLayout(l))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [base]);

  const pageText = texts.get(page);
  useEffect(() => {
    if (texts.has(page) || !layout) return;
    let live = true;
    void fetch(`${base}/pages/${page}/text`, { credentials: 'same-origin' })
      .then(async (r) => (r.ok ? ((await r.json()) as DocumentPageText) : null))
      .then((text) => {
        if (live && text) setTexts((m) => new Map(m).set(page, text));
      });
    return () => {
      live = false;
    };
  }, [base, page, layout, texts]);

  const apply = (next: AnnotationResult) => dispatch({ type: 'edit', result: next });
  const boxes = documentBoxes(result, field);
  const spans = documentSpans(result, field);
  const orderList = order ? readingOrder(result, order.name) : [];
  const info = layout?.pages[page - 1];
  const pages = layout?.pages.length ?? 0;
  const width = fitWidth * (ZOOMS[zoom] ?? 1);
  const height = info ? (width * info.height) / info.width : width * 1.414;
  const chars = useMemo(() => (pageText ? Array.from(pageText.text) : []), [pageText]);

  const goTo = (p: number) => {
    if (p < 1 || p > pages) return;
    setPage(p);
    setPending(null);
    setDraft(null);
  };

  const makeSpan = (control: string, label: string, span: PendingSpan) => {
    apply(addDocumentSpan(result, { id: newResultId(), control, field, page: span.page, start: span.start, end: span.end, text: span.text, label }));
    setPending(null);
    window.getSelection()?.removeAllRanges();
  };

  const pick = (kind: Armed['kind'], control: string, label: string) => {
    if (kind === 'span' && pending) return makeSpan(control, label, pending);
    const box = kind === 'box' && selected ? boxes.find((b) => b.id === selected && b.from_name === control) : undefined;
    if (box) {
      apply(result.map((r) => (r.id === box.id ? { ...box, value: { ...box.value, rectanglelabels: [label] } } : r)));
      return;
    }
    setArmed((a) => (a?.control === control && a.label === label ? null : { control, label, kind }));
  };

  const remove = (id: string) => {
    apply(removeDocumentItem(result, id));
    if (selected === id) setSelected(null);
  };

  const onSelectText = () => {
    const selection = window.getSelection();
    if (!pageText || !info || !selection || selection.isCollapsed || !selection.anchorNode || !selection.focusNode) return setPending(null);
    const point = (node: Node, offset: number) => {
      const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
      const holder = element?.closest<HTMLElement>('[data-item]');
      if (!holder) return null;
      // DOM offsets count UTF-16 units; the text layer's offsets are code points.
      const before = node.nodeType === Node.TEXT_NODE ? Array.from((node.textContent ?? '').slice(0, offset)).length : offset === 0 ? 0 : Array.from(holder.textContent ?? '').length;
      return { item: Number(holder.dataset['item']), offset: before };
    };
    const a = point(selection.anchorNode, selection.anchorOffset);
    const b = point(selection.focusNode, selection.focusOffset);
    const span = a && b ? selectionSpan(pageText, info.offset, a, b) : null;
    if (!span) return setPending(null);
    const found = { page, ...span };
    if (armed?.kind === 'span') makeSpan(armed.control, armed.label, found);
    else setPending(found);
  };

  const percentAt = (event: ReactPointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: Math.min(100, Math.max(0, ((event.clientX - rect.left) / rect.width) * 100)), y: Math.min(100, Math.max(0, ((event.clientY - rect.top) / rect.height) * 100)) };
  };
  const draftBox = (d: NonNullable<typeof draft>): PageBox => ({ x: Math.min(d.x0, d.x1), y: Math.min(d.y0, d.y1), width: Math.abs(d.x1 - d.x0), height: Math.abs(d.y1 - d.y0) });
  const onDrawStart = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (armed?.kind !== 'box' || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const p = percentAt(event);
    setDraft({ x0: p.x, y0: p.y, x1: p.x, y1: p.y, pointer: event.pointerId });
  };
  const onDrawMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!draft || draft.pointer !== event.pointerId) return;
    const p = percentAt(event);
    setDraft({ ...draft, x1: p.x, y1: p.y });
  };
  const onDrawEnd = () => {
    if (!draft || armed?.kind !== 'box') return setDraft(null);
    const box = draftBox(draft);
    setDraft(null);
    // A click without a drag is no box.
    if (box.width < 0.5 || box.height < 0.3) return;
    const id = newResultId();
    apply(addDocumentBox(result, { id, control: armed.control, field, page, box, label: armed.label }));
    setSelected(id);
  };

  const onBoxClick = (id: string) => {
    setSelected(id);
  };

  const hotkeys = useMemo(() => {
    const map = new Map<string, { kind: Armed['kind']; control: string; label: string }>();
    for (const c of boxControls) for (const l of c.labels) if (l.hotkey) map.set(l.hotkey.toLowerCase(), { kind: 'box', control: c.name, label: l.value });
    for (const c of spanControls) for (const l of c.labels) if (l.hotkey) map.set(l.hotkey.toLowerCase(), { kind: 'span', control: c.name, label: l.value });
    return map;
  }, [boxControls, spanControls]);

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || isTypingTarget(event.target)) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod) return;
    if (event.altKey) {
      // By key position: Alt changes the character on macOS.
      if (order && selected && boxes.some((b) => b.id === selected)) {
        if (event.code === 'KeyO') {
          event.preventDefault();
          apply(toggleInOrder(result, { id: newResultId(), control: order.name, field, boxId: selected }));
        } else if (event.code === 'ArrowUp' || event.code === 'ArrowDown') {
          event.preventDefault();
          apply(moveInOrder(result, { id: newResultId(), control: order.name, field, boxId: selected, by: event.code === 'ArrowUp' ? -1 : 1 }));
        }
      }
      return;
    }
    const key = event.key;
    if (key === 'PageDown' || key === 'PageUp') {
      event.preventDefault();
      goTo(page + (key === 'PageDown' ? 1 : -1));
    } else if (key === '+' || key === '=') {
      event.preventDefault();
      setZoom((z) => Math.min(ZOOMS.length - 1, z + 1));
    } else if (key === '-') {
      event.preventDefault();
      setZoom((z) => Math.max(0, z - 1));
    } else if ((key === 'Delete' || key === 'Backspace') && selected) {
      event.preventDefault();
      remove(selected);
    } else if (key === 'Escape') {
      setArmed(null);
      setSelected(null);
      setPending(null);
    } else if (key.length === 1) {
      const binding = hotkeys.get(key.toLowerCase());
      if (binding) {
        event.preventDefault();
        pick(binding.kind, binding.control, binding.label);
      }
    }
  });
  useEffect(() => {
    if (!windowKeys) return;
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [windowKeys]);

  if (failed) return <div className="alert alert-warn">{t('document.loadFailed', { url: base })}</div>;
  if (!layout || !info) return <div className="muted">{t('common.loading')}</div>;

  const pct = (b: PageBox) => ({ left: `${b.x}%`, top: `${b.y}%`, width: `${b.width}%`, height: `${b.height}%` });
  const itemText = (start: number, end: number) => chars.slice(start, end).join('');
  const selectedItem = result.find((r) => r.id === selected);
  const describe = (id: string) => {
    const item = result.find((r) => r.id === id);
    if (item?.type === 'labels' && 'text' in item.value) return `“${item.value.text}”`;
    if (item?.type === 'rectanglelabels' && 'page' in item.value) return t('document.boxOnPage', { page: item.value.page, label: titleOf(item.from_name, item.value.rectanglelabels[0] ?? '') });
    return id;
  };

  return (
    <div className="document-annotator" data-testid="document-annotator">
      {boxControls.map((control) => (
        <LabelBar key={control.name} control={control} armed={armed?.control === control.name ? armed.label : null} onPick={(label) => pick('box', control.name, label)} />
      ))}
      {spanControls.map((control) => (
        <LabelBar key={control.name} control={control} armed={armed?.control === control.name ? armed.label : null} onPick={(label) => pick('span', control.name, label)} />
      ))}
      <div className="document-toolbar small" role="toolbar" aria-label={t('document.pages')}>
        <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => goTo(page - 1)} title="PageUp" data-testid="document-prev">
          ‹
        </button>
        <span data-testid="document-page">{t('document.page', { page, pages })}</span>
        <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => goTo(page + 1)} title="PageDown" data-testid="document-next">
          ›
        </button>
        <button type="button" className="btn btn-small" disabled={zoom <= 0} onClick={() => setZoom((z) => Math.max(0, z - 1))} title="-">
          −
        </button>
        <span>{Math.round((ZOOMS[zoom] ?? 1) * 100)}%</span>
        <button type="button" className="btn btn-small" disabled={zoom >= ZOOMS.length - 1} onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} title="+">
          +
        </button>
        <span className="muted">{info.source === 'ocr' ? t('document.ocrPage', { confidence: Math.round(info.confidence ?? 0) }) : info.source === 'none' ? t('document.noText') : null}</span>
        {pending ? <span className="document-pending">{t('document.pickSpanLabel', { text: pending.text.length > 30 ? `${pending.text.slice(0, 30)}…` : pending.text })}</span> : null}
      </div>
      <div className="document-body">
        <ol className="document-thumbs" aria-label={t('document.pages')}>
          {layout.pages.map((p, i) => (
            <li key={i}>
              <button type="button" className={i + 1 === page ? 'document-thumb current' : 'document-thumb'} onClick={() => goTo(i + 1)} aria-current={i + 1 === page ? 'page' : undefined} data-testid={`document-thumb-${i + 1}`}>
                {/* Lazy: a 300-page document fetches only the thumbnails scrolled into view. */}
                <img src={`${base}/pages/${i + 1}/thumb`} alt="" loading="lazy" width={96} height={Math.round((96 * p.height) / p.width)} />
                <span>{i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
        <div className="document-viewport" ref={viewportRef}>
          <div className="document-page" style={{ width, height }} data-testid="document-page-view" data-page={page}>
            <img className="document-page-image" src={`${base}/pages/${page}`} alt={t('document.page', { page, pages })} draggable={false} />
            <div className={armed?.kind === 'box' ? 'document-text-layer inert' : 'document-text-layer'} onMouseUp={onSelectText} data-testid="document-text-layer">
              {pageText?.items.map((item, i) => {
                const run = itemText(item.start, item.end);
                const fontPx = (item.h * height) / 100;
                const scale = fitScale(run, fontPx, (item.w * width) / 100);
                return (
                  <span key={i} data-item={i} style={{ left: `${item.x}%`, top: `${item.y}%`, height: `${item.h}%`, fontSize: `${fontPx}px`, fontFamily: TEXT_FONT, transform: `scaleX(${scale})` }}>
                    {run}
                  </span>
                );
              })}
            </div>
            {pageText
              ? spans
                  .filter((s) => s.value.end > info.offset && s.value.start < info.offset + info.length)
                  .flatMap((s) =>
                    spanBoxes(pageText, info.offset, s.value, runWidth).map((b, i) => (
                      <div
                        key={`${s.id}-${i}`}
                        className={s.id === selected ? 'document-span selected' : 'document-span'}
                        style={{ ...pct(b), background: `${colorOf(s.from_name, s.value.labels[0] ?? '')}55` }}
                        data-testid="document-span"
                      />
                    )),
                  )
              : null}
            {boxes
              .filter((b) => b.value.page === page)
              .map((b) => {
                const color = colorOf(b.from_name, b.value.rectanglelabels[0] ?? '');
                const n = orderList.indexOf(b.id);
                return (
                  <button
                    type="button"
                    key={b.id}
                    className={b.id === selected ? 'document-box selected' : 'document-box'}
                    style={{ ...pct(b.value), borderColor: color }}
                    onClick={() => onBoxClick(b.id)}
                    data-testid="document-box"
                    aria-label={titleOf(b.from_name, b.value.rectanglelabels[0] ?? '')}
                  >
                    <span className="document-box-label" style={{ background: color }}>
                      {n >= 0 ? `${n + 1} · ` : ''}
                      {titleOf(b.from_name, b.value.rectanglelabels[0] ?? '')}
                    </span>
                  </button>
                );
              })}
            {armed?.kind === 'box' ? (
              <div className="document-draw" onPointerDown={onDrawStart} onPointerMove={onDrawMove} onPointerUp={onDrawEnd} onPointerCancel={() => setDraft(null)} data-testid="document-draw">
                {draft ? <div className="document-box draft" style={{ ...pct(draftBox(draft)), borderColor: colorOf(armed.control, armed.label) }} /> : null}
              </div>
            ) : null}
          </div>
        </div>
        <aside className="document-side small">
          <h4>{t('document.regions')}</h4>
          <ul className="document-region-list" data-testid="document-regions">
            {[...boxes, ...spans].map((r) => (
              <li key={r.id} className={r.id === selected ? 'selected' : undefined}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setSelected(r.id);
                    goTo(r.value.page);
                  }}
                >
                  {r.type === 'labels' ? `${titleOf(r.from_name, r.value.labels[0] ?? '')}: “${r.value.text}”` : describe(r.id)}
                </button>
                <button type="button" className="btn btn-small" onClick={() => remove(r.id)} aria-label={t('common.remove')}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          {keyValue ? (
            <>
              <h4>{keyValue.title ?? t('document.keyValue')}</h4>
              <p className="muted">{t('document.keyValueHelp')}</p>
              <ul className="document-kv" data-testid="document-kv">
                {keyValue.keys.map((k) => {
                  const pair = result.find((r) => r.from_name === keyValue.name && r.type === 'keyvalue' && r.value.key === k.value);
                  return (
                    <li key={k.value}>
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={!selectedItem || (selectedItem.type !== 'labels' && selectedItem.type !== 'rectanglelabels')}
                        onClick={() => selected && apply(linkKeyValue(result, { id: newResultId(), control: keyValue.name, field, key: k.value, valueId: selected }))}
                        data-testid={`kv-key-${k.value}`}
                      >
                        {k.title ?? k.value}
                      </button>{' '}
                      {pair?.type === 'keyvalue' ? (
                        <>
                          <span data-testid={`kv-value-${k.value}`}>{describe(pair.value.valueId)}</span>
                          <button type="button" className="btn btn-small" onClick={() => apply(result.filter((r) => r !== pair))} aria-label={t('common.remove')}>
                            ×
                          </button>
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : null}
          {order ? (
            <>
              <h4>{order.title ?? t('document.readingOrder')}</h4>
              <p className="muted">{t('document.readingOrderHelp')}</p>
              <button type="button" className="btn btn-small" disabled={!selected || !boxes.some((b) => b.id === selected)} onClick={() => selected && apply(toggleInOrder(result, { id: newResultId(), control: order.name, field, boxId: selected }))} data-testid="order-toggle">
                {t('document.orderToggle')}
              </button>
              <ol className="document-order" data-testid="document-order">
                {orderList.map((id) => (
                  <li key={id}>
                    <button type="button" className="link" onClick={() => setSelected(id)}>
                      {describe(id)}
                    </button>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
