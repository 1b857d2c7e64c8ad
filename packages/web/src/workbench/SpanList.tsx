import type { AnnotationResult, LabelsResultItem } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';

interface SpanListProps {
  result: AnnotationResult;
  /** Field names to show beside each span when a task has several text fields; null when it has one. */
  fields: string[] | null;
  colorOf: (control: string, label: string) => string;
  titleOf: (control: string, label: string) => string;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onRemove: (id: string) => void;
}

const MAX_TEXT = 40;

/** The sidebar list of spans: label, text, delete. Clicking one selects it (Delete removes it). */
export function SpanList({ result, fields, colorOf, titleOf, selectedId, onSelect, onRemove }: SpanListProps) {
  const t = useT();
  const spans = result
    // Time segments on audio (no text) have their own list under the waveform.
    .filter((r): r is LabelsResultItem => r.type === 'labels' && 'text' in r.value)
    .sort((a, b) => a.to_name.localeCompare(b.to_name) || a.value.start - b.value.start || b.value.end - a.value.end);
  return (
    <div className="span-list">
      <h3>
        {t('workbench.spans')} <span className="count">{spans.length}</span>
      </h3>
      {spans.length === 0 ? <p className="muted small">{t('workbench.noSpans')}</p> : null}
      <ul>
        {spans.map((s) => {
          const label = s.value.labels[0] ?? '';
          const text = [...s.value.text];
          return (
            <li key={s.id} className={s.id === selectedId ? 'span-item selected' : 'span-item'} data-testid="span-item" data-label={label} data-start={s.value.start} data-end={s.value.end}>
              <button type="button" className="span-item-main" onClick={() => onSelect(s.id === selectedId ? null : s.id)} aria-pressed={s.id === selectedId}>
                <span className="span-chip" style={{ backgroundColor: colorOf(s.from_name, label) }}>
                  {titleOf(s.from_name, label)}
                </span>
                <span className="span-text-excerpt">{text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT).join('')}…` : s.value.text}</span>
                <span className="span-range muted small">
                  {fields ? `${s.to_name} ` : ''}
                  {s.value.start}–{s.value.end}
                </span>
              </button>
              <button type="button" className="icon-btn" onClick={() => onRemove(s.id)} aria-label={t('workbench.removeSpan')} title={t('workbench.removeSpan')}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
