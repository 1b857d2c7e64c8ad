import { useMemo } from 'react';
import type { AnnotationResult, ChoicesControl, LabelConfig } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { choicesOf, spansOn } from './annotation-state.ts';
import { segmentStyle } from './SpanText.tsx';
import { TextModel } from './text-model.ts';
import { buildSegments, type SpanView } from './text-segments.ts';

export interface ResultViewProps {
  config: LabelConfig;
  data: Record<string, unknown>;
  result: AnnotationResult;
  /** Shorter text boxes, for several results side by side. */
  compact?: boolean;
  testId?: string;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A result shown read-only on its task: each text field with its spans highlighted and labelled (as in
 * the editor), and each choices control with every option, the chosen ones marked. For review,
 * adjudication and gold feedback, where nothing may change.
 */
export function ResultView({ config, data, result, compact = false, testId = 'result-view' }: ResultViewProps) {
  const t = useT();
  const colorOf = useMemo(() => {
    const map = new Map<string, string>();
    for (const c of config.controls) if (c.type === 'labels') for (const l of c.labels) map.set(`${c.name}\u0000${l.value}`, l.color);
    return (control: string, label: string) => map.get(`${control}\u0000${label}`) ?? '#888888';
  }, [config]);
  const titleOf = useMemo(() => {
    const map = new Map<string, string>();
    for (const c of config.controls) if (c.type === 'labels') for (const l of c.labels) if (l.title) map.set(`${c.name}\u0000${l.value}`, l.title);
    return (control: string, label: string) => map.get(`${control}\u0000${label}`) ?? label;
  }, [config]);

  return (
    <div className={compact ? 'result-view compact' : 'result-view'} data-testid={testId}>
      {config.fields.map((field) => {
        const model = new TextModel(fieldText(data[field.name]));
        const spans: SpanView[] = spansOn(result, field.name).map((s) => ({
          id: s.id,
          start: s.value.start,
          end: s.value.end,
          labels: s.value.labels.map((l) => titleOf(s.from_name, l)),
          color: colorOf(s.from_name, s.value.labels[0] ?? ''),
        }));
        const segments = buildSegments(model, spans, [], null);
        const controls = config.controls.filter((c): c is ChoicesControl => c.type === 'choices' && c.toName === field.name);
        return (
          <section className="result-field" key={field.name}>
            <div className="field-head">
              <h4>{field.title ?? field.name}</h4>
              <span className="muted small">{t('workbench.spans')} {spans.length}</span>
            </div>
            <div className="result-text" data-testid="result-text" data-field={field.name}>
              {segments.map((seg) => {
                const inner = seg.spans[seg.spans.length - 1];
                return (
                  <span
                    key={seg.u16Start}
                    className="seg"
                    style={segmentStyle(seg)}
                    data-label={inner?.labels.join('/')}
                    data-tags={seg.closes.length > 0 ? seg.closes.map((s) => s.labels.join('/')).join(' ') : undefined}
                  >
                    {seg.text}
                  </span>
                );
              })}
            </div>
            {controls.map((control) => {
              const chosen = choicesOf(result, control.name);
              const unknown = chosen.filter((c) => !control.options.some((o) => o.value === c));
              return (
                <div className="result-choices" key={control.name} data-testid="result-choices" data-control={control.name}>
                  <span className="result-choices-title">{control.title ?? control.name}</span>
                  {control.options.map((o) => {
                    const on = chosen.includes(o.value);
                    return (
                      <span key={o.value} className={on ? 'result-choice chosen' : 'result-choice'} data-testid="result-choice" data-value={o.value} data-chosen={on}>
                        {on ? '✓ ' : ''}
                        {o.title ?? o.value}
                      </span>
                    );
                  })}
                  {unknown.map((value) => (
                    <span key={value} className="result-choice chosen" data-testid="result-choice" data-value={value} data-chosen>
                      ✓ {value}
                    </span>
                  ))}
                  {chosen.length === 0 ? <span className="muted small">{t('summary.empty')}</span> : null}
                </div>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}
