import type { AnnotationResult, LabelConfig } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { documentBoxes, documentSpans } from './document-edit.ts';
import type { LabelLookup } from './label-lookup.ts';

/**
 * A document field's result, read-only (review, adjudication): its boxes by page, its spans with their
 * text, the key–value pairs and the reading order. Pages are not drawn here; the reviewer opens the
 * document itself from the link for that.
 */
export function DocumentResult({ config, field, src, result, lookup }: { config: LabelConfig; field: string; src: unknown; result: AnnotationResult; lookup: LabelLookup }) {
  const t = useT();
  const boxes = documentBoxes(result, field);
  const spans = documentSpans(result, field);
  const describe = (id: string) => {
    const box = boxes.find((b) => b.id === id);
    if (box) return t('document.boxOnPage', { page: box.value.page, label: lookup.titleOf(box.from_name, box.value.rectanglelabels[0] ?? '') });
    const span = spans.find((s) => s.id === id);
    return span ? `“${span.value.text}”` : id;
  };
  const title = config.fields.find((f) => f.name === field)?.title ?? field;
  return (
    <div className="document-result small" data-testid="document-result">
      <div className="field-head">
        <h4>{title}</h4>
        {typeof src === 'string' ? (
          <a href={src} target="_blank" rel="noreferrer">
            PDF
          </a>
        ) : null}
      </div>
      <ul>
        {boxes.map((b) => (
          <li key={b.id}>{describe(b.id)}</li>
        ))}
        {spans.map((s) => (
          <li key={s.id}>
            {lookup.titleOf(s.from_name, s.value.labels[0] ?? '')}: “{s.value.text}” ({t('document.pageShort', { page: s.value.page })})
          </li>
        ))}
      </ul>
      {config.controls
        .filter((c) => c.toName === field && c.type === 'keyvalue')
        .map((c) => (
          <dl key={c.name} className="document-kv-result">
            {result.flatMap((r) =>
              r.from_name === c.name && r.type === 'keyvalue'
                ? [
                    <dt key={`${r.id}-k`}>{c.type === 'keyvalue' ? (c.keys.find((k) => k.value === r.value.key)?.title ?? r.value.key) : r.value.key}</dt>,
                    <dd key={`${r.id}-v`}>{describe(r.value.valueId)}</dd>,
                  ]
                : [],
            )}
          </dl>
        ))}
      {result.flatMap((r) =>
        r.to_name === field && r.type === 'readingorder'
          ? [
              <ol key={r.id} className="document-order" aria-label={t('document.readingOrder')}>
                {r.value.order.map((id) => (
                  <li key={id}>{describe(id)}</li>
                ))}
              </ol>,
            ]
          : [],
      )}
    </div>
  );
}
