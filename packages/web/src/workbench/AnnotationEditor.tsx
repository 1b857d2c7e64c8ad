import { useCallback, useEffect, useEffectEvent, useMemo, useState, type CSSProperties, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { labelConfigHotkeys, type ChoicesControl, type LabelConfig, type LabelsControl } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { choicesOf, newResultId, spansOn, type AnnotationAction, type AnnotationHistory } from './annotation-state.ts';
import { isTypingTarget } from './hotkey-target.ts';
import { SpanList } from './SpanList.tsx';
import { SpanText } from './SpanText.tsx';
import { cursorRange, type TextCursor } from './text-cursor.ts';
import { TextModel } from './text-model.ts';
import type { SpanView } from './text-segments.ts';

export interface AnnotationEditorProps {
  config: LabelConfig;
  data: Record<string, unknown>;
  history: AnnotationHistory;
  dispatch: (action: AnnotationAction) => void;
  /** 'window': hotkeys work anywhere on the page (workbench); 'container': only inside the editor (preview). */
  hotkeyScope: 'window' | 'container';
}

interface Armed {
  control: string;
  label: string;
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target' | 'preventDefault'>;

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The annotation component: text fields with span labelling (mouse and keyboard), choices, the span list,
 * undo/redo and hotkeys. The result lives outside (history/dispatch) so the page decides what submitting means.
 */
export function AnnotationEditor({ config, data, history, dispatch, hotkeyScope }: AnnotationEditorProps) {
  const t = useT();
  const [cursors, setCursors] = useState<Record<string, TextCursor>>({});
  const [activeField, setActiveField] = useState<string | null>(null);
  const [armed, setArmed] = useState<Armed | null>(null);
  const [selectedSpan, setSelectedSpan] = useState<string | null>(null);

  const models = useMemo(() => new Map(config.fields.map((f) => [f.name, new TextModel(fieldText(data[f.name]))])), [config, data]);
  const hotkeys = useMemo(() => labelConfigHotkeys(config), [config]);
  const labelsControls = config.controls.filter((c): c is LabelsControl => c.type === 'labels');
  const result = history.present;

  const colorOf = useMemo(() => {
    const map = new Map<string, string>();
    for (const c of config.controls) if (c.type === 'labels') for (const l of c.labels) map.set(`${c.name}\u0000${l.value}`, l.color);
    return (control: string, label: string) => map.get(`${control}\u0000${label}`) ?? '#888888';
  }, [config]);

  const spanViews = useMemo(() => {
    const byField = new Map<string, SpanView[]>();
    for (const f of config.fields) {
      byField.set(
        f.name,
        spansOn(result, f.name).map((s) => ({ id: s.id, start: s.value.start, end: s.value.end, labels: s.value.labels, color: colorOf(s.from_name, s.value.labels[0] ?? '') })),
      );
    }
    return byField;
  }, [config, result, colorOf]);

  // A new task or config starts with a clean slate.
  useEffect(() => {
    setCursors({});
    setActiveField(null);
    setArmed(null);
    setSelectedSpan(null);
  }, [config, data]);

  const addSpan = useCallback(
    (control: LabelsControl, label: string, range: { start: number; end: number }) => {
      const model = models.get(control.toName);
      if (!model || range.end <= range.start) return;
      dispatch({ type: 'addSpan', id: newResultId(), fromName: control.name, toName: control.toName, start: range.start, end: range.end, text: model.slice(range.start, range.end), label });
      setCursors((c) => ({ ...c, [control.toName]: { anchor: range.end, focus: range.end } }));
    },
    [models, dispatch],
  );

  const onCursor = useCallback(
    (field: string, cursor: TextCursor, source: 'keyboard' | 'mouse') => {
      setActiveField(field);
      const range = cursorRange(cursor);
      // Label picked first, then text selected with the mouse: label it at once.
      if (source === 'mouse' && armed && range.end > range.start) {
        const control = labelsControls.find((c) => c.name === armed.control && c.toName === field);
        if (control) {
          addSpan(control, armed.label, range);
          return;
        }
      }
      setCursors((c) => ({ ...c, [field]: cursor }));
    },
    [armed, labelsControls, addSpan],
  );

  const onSpanClick = useCallback((id: string | null) => setSelectedSpan(id), []);

  /** A label button or hotkey: label the current selection, or arm the label for the next selection. */
  const applyLabel = (control: LabelsControl, label: string) => {
    const cursor = cursors[control.toName];
    const range = cursor ? cursorRange(cursor) : null;
    if (activeField === control.toName && range && range.end > range.start) {
      addSpan(control, label, range);
      setArmed(null);
      return;
    }
    setArmed((a) => (a && a.control === control.name && a.label === label ? null : { control: control.name, label }));
  };

  const toggleChoice = (control: ChoicesControl, value: string) => {
    dispatch({ type: 'toggleChoice', id: newResultId(), fromName: control.name, toName: control.toName, value, mode: control.choice });
  };

  const removeSpan = (id: string) => {
    dispatch({ type: 'remove', id });
    if (selectedSpan === id) setSelectedSpan(null);
  };

  const handleKey = (event: KeyLike) => {
    if (isTypingTarget(event.target)) return;
    const key = event.key;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && (key === 'z' || key === 'Z')) {
      event.preventDefault();
      dispatch({ type: event.shiftKey ? 'redo' : 'undo' });
      return;
    }
    if (mod && !event.altKey && (key === 'y' || key === 'Y')) {
      event.preventDefault();
      dispatch({ type: 'redo' });
      return;
    }
    if (mod || event.altKey) return;
    if ((key === 'Delete' || key === 'Backspace') && selectedSpan) {
      event.preventDefault();
      removeSpan(selectedSpan);
      return;
    }
    if (key === 'Escape') {
      setArmed(null);
      setSelectedSpan(null);
      if (activeField) setCursors((c) => ({ ...c, [activeField]: { anchor: c[activeField]?.focus ?? 0, focus: c[activeField]?.focus ?? 0 } }));
      return;
    }
    if (key === 'Enter' && armed) {
      const control = labelsControls.find((c) => c.name === armed.control);
      if (control) {
        event.preventDefault();
        applyLabel(control, armed.label);
      }
      return;
    }
    if (key.length !== 1) return;
    const binding = hotkeys.get(key.toLowerCase());
    if (!binding) return;
    const control = config.controls.find((c) => c.name === binding.control);
    if (!control) return;
    event.preventDefault();
    if (control.type === 'labels') applyLabel(control, binding.value);
    else toggleChoice(control, binding.value);
  };

  const onWindowKey = useEffectEvent((event: KeyboardEvent) => {
    if (!event.defaultPrevented) handleKey(event);
  });
  useEffect(() => {
    if (hotkeyScope !== 'window') return;
    const listener = (event: KeyboardEvent) => onWindowKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [hotkeyScope]);

  const onContainerKey = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (hotkeyScope === 'container' && !event.defaultPrevented) handleKey(event.nativeEvent);
  };

  const canUndo = history.past.length > 0;
  const canRedo = history.future.length > 0;

  return (
    <div className="annotator" onKeyDown={onContainerKey}>
      <div className="annotator-main">
        {config.fields.map((field) => {
          const model = models.get(field.name) ?? new TextModel('');
          const fieldLabels = labelsControls.filter((c) => c.toName === field.name);
          const fieldChoices = config.controls.filter((c): c is ChoicesControl => c.type === 'choices' && c.toName === field.name);
          const cursor = activeField === field.name ? (cursors[field.name] ?? null) : null;
          return (
            <section className="field-block" key={field.name}>
              <div className="field-head">
                <h3>{field.title ?? field.name}</h3>
                <span className="muted small">{t('workbench.chars', { count: model.length })}</span>
              </div>
              {fieldLabels.map((control) => (
                <div className="label-bar" key={control.name} role="toolbar" aria-label={control.title ?? control.name}>
                  {control.title ? <span className="label-bar-title">{control.title}{control.required ? ' *' : ''}</span> : null}
                  {control.labels.map((l) => {
                    const isArmed = armed?.control === control.name && armed.label === l.value;
                    return (
                      <button
                        type="button"
                        key={l.value}
                        className={isArmed ? 'label-btn armed' : 'label-btn'}
                        style={{ '--label-color': l.color } as CSSProperties}
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => applyLabel(control, l.value)}
                        data-testid={`label-${l.value}`}
                        aria-pressed={isArmed}
                        title={l.hotkey ? t('workbench.labelHint', { key: l.hotkey }) : undefined}
                      >
                        <span className="label-dot" />
                        {l.title ?? l.value}
                        {l.title ? <span className="label-value">{l.value}</span> : null}
                        {l.hotkey ? <kbd>{l.hotkey}</kbd> : null}
                      </button>
                    );
                  })}
                </div>
              ))}
              <SpanText
                field={field.name}
                model={model}
                spans={spanViews.get(field.name) ?? []}
                cursor={cursor}
                selectedSpanId={selectedSpan}
                label={field.title ?? field.name}
                onCursor={onCursor}
                onSpanClick={onSpanClick}
              />
              {fieldChoices.map((control) => {
                const chosen = choicesOf(result, control.name);
                return (
                  <fieldset className="choices" key={control.name}>
                    <legend>
                      {control.title ?? control.name}
                      {control.required ? ' *' : ''}
                      <span className="muted small"> · {control.choice === 'single' ? t('config.single') : t('config.multiple')}</span>
                    </legend>
                    {control.options.map((o) => (
                      <label key={o.value} className={chosen.includes(o.value) ? 'choice checked' : 'choice'} data-testid={`choice-${o.value}`}>
                        <input
                          type={control.choice === 'single' ? 'radio' : 'checkbox'}
                          name={`choice-${control.name}`}
                          checked={chosen.includes(o.value)}
                          onChange={() => toggleChoice(control, o.value)}
                          onClick={(e) => {
                            // A click on the chosen radio unchecks it, like its hotkey.
                            if (control.choice === 'single' && chosen.includes(o.value)) {
                              e.preventDefault();
                              toggleChoice(control, o.value);
                            }
                          }}
                        />
                        {o.title ?? o.value}
                        {o.hotkey ? <kbd>{o.hotkey}</kbd> : null}
                      </label>
                    ))}
                  </fieldset>
                );
              })}
            </section>
          );
        })}
      </div>
      <aside className="annotator-side">
        <div className="side-toolbar">
          <button type="button" className="btn btn-small" disabled={!canUndo} onClick={() => dispatch({ type: 'undo' })} title="Ctrl+Z" data-testid="undo">
            {t('workbench.undo')}
          </button>
          <button type="button" className="btn btn-small" disabled={!canRedo} onClick={() => dispatch({ type: 'redo' })} title="Ctrl+Shift+Z / Ctrl+Y" data-testid="redo">
            {t('workbench.redo')}
          </button>
        </div>
        <SpanList
          result={result}
          fields={config.fields.length > 1 ? config.fields.map((f) => f.name) : null}
          colorOf={colorOf}
          titleOf={(control, value) => labelsControls.find((c) => c.name === control)?.labels.find((l) => l.value === value)?.title ?? value}
          selectedId={selectedSpan}
          onSelect={setSelectedSpan}
          onRemove={removeSpan}
        />
      </aside>
    </div>
  );
}
