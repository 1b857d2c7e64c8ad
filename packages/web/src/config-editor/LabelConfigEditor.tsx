import { useMemo, useState, type ReactNode } from 'react';
import { labelConfigTemplates, type ChoicesControl, type LabelConfig, type LabelsControl, type ValidationIssue } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { isMessageKey } from '../i18n/translate.ts';
import { checkLabelConfig, issuesAt } from './config-check.ts';
import * as ops from './config-ops.ts';
import { ConfigPreview } from './ConfigPreview.tsx';

interface Props {
  value: LabelConfig;
  onChange: (config: LabelConfig) => void;
  /** Offer the template dropdown (new projects). */
  templates?: boolean;
  /** Template id shown as chosen at first. */
  initialTemplate?: string;
}

/** Makes a mutable copy of a (frozen) template config. */
export function cloneConfig(config: LabelConfig): LabelConfig {
  return structuredClone(config);
}

/** Form-based label-config editor with inline validation (paths from parseLabelConfig), a JSON mode and a live preview. */
export function LabelConfigEditor({ value, onChange, templates = false, initialTemplate = '' }: Props) {
  const t = useT();
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [template, setTemplate] = useState(initialTemplate);
  const check = useMemo(() => checkLabelConfig(value), [value]);
  const issues = check.ok ? [] : check.issues;

  const templateTitle = (id: string, fallback: string) => {
    const key = `template.${id}`;
    return isMessageKey(key) ? t(key) : fallback;
  };

  return (
    <div className="config-editor">
      <div className="config-form">
        <div className="config-toolbar">
          {templates ? (
            <label className="inline-field">
              <span>{t('config.template')}</span>
              <select
                value={template}
                data-testid="template-select"
                onChange={(e) => {
                  setTemplate(e.target.value);
                  const chosen = labelConfigTemplates.find((x) => x.id === e.target.value);
                  if (chosen) onChange(cloneConfig(chosen.config));
                }}
              >
                <option value="">{t('config.templateCustom')}</option>
                {labelConfigTemplates.map((x) => (
                  <option key={x.id} value={x.id}>
                    {templateTitle(x.id, x.title)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <div className="segmented" role="group">
            <button type="button" className={mode === 'form' ? 'active' : ''} onClick={() => setMode('form')}>
              {t('config.modeForm')}
            </button>
            <button type="button" className={mode === 'json' ? 'active' : ''} onClick={() => setMode('json')} data-testid="config-json-toggle">
              {t('config.modeJson')}
            </button>
          </div>
        </div>
        {mode === 'form' ? <ConfigForm value={value} onChange={onChange} issues={issues} /> : <JsonEditor value={value} onChange={onChange} />}
        <IssueList issues={issues} />
      </div>
      <div className="config-preview-col">{check.ok ? <ConfigPreview key={JSON.stringify(check.config)} config={check.config} /> : <div className="preview preview-invalid muted">{t('config.previewUnavailable')}</div>}</div>
    </div>
  );
}

function IssueList({ issues }: { issues: readonly ValidationIssue[] }) {
  const t = useT();
  if (issues.length === 0) {
    return (
      <div className="alert alert-ok" data-testid="config-valid">
        {t('config.valid')}
      </div>
    );
  }
  return (
    <div className="alert alert-error" data-testid="config-issues">
      <strong>{t('config.issues', { count: issues.length })}</strong>
      <ul className="issue-list">
        {issues.map((i, n) => (
          <li key={n}>
            <code>{i.path || t('config.root')}</code> {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Issue({ issues, path }: { issues: readonly ValidationIssue[]; path: string }) {
  const found = issuesAt(issues, path);
  if (found.length === 0) return null;
  return <span className="field-error">{found.map((i) => i.message).join('; ')}</span>;
}

function Cell({ issues, path, children }: { issues: readonly ValidationIssue[]; path: string; children: ReactNode }) {
  const bad = issuesAt(issues, path).length > 0;
  return (
    <div className={bad ? 'cell invalid' : 'cell'}>
      {children}
      <Issue issues={issues} path={path} />
    </div>
  );
}

function ConfigForm({ value, onChange, issues }: { value: LabelConfig; onChange: (c: LabelConfig) => void; issues: readonly ValidationIssue[] }) {
  const t = useT();
  return (
    <>
      <section className="config-section">
        <div className="section-head">
          <h3>{t('config.fields')}</h3>
          <button type="button" className="btn btn-small" onClick={() => onChange(ops.addField(value))} data-testid="config-add-field">
            + {t('config.addField')}
          </button>
        </div>
        <Issue issues={issues} path="fields" />
        <table className="grid-table">
          <thead>
            <tr>
              <th>{t('config.fieldName')}</th>
              <th>{t('config.title')}</th>
              <th>{t('config.type')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {value.fields.map((f, i) => (
              <tr key={i}>
                <td>
                  <Cell issues={issues} path={`fields[${i}].name`}>
                    <input value={f.name} onChange={(e) => onChange(ops.updateField(value, i, { name: e.target.value }))} aria-label={t('config.fieldName')} />
                  </Cell>
                </td>
                <td>
                  <input value={f.title ?? ''} placeholder={t('config.optional')} onChange={(e) => onChange(ops.updateField(value, i, { title: e.target.value }))} aria-label={t('config.title')} />
                </td>
                <td className="muted">{t('config.typeText')}</td>
                <td>
                  <button type="button" className="icon-btn" onClick={() => onChange(ops.removeField(value, i))} aria-label={t('common.remove')} title={t('common.remove')}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="config-section">
        <div className="section-head">
          <h3>{t('config.controls')}</h3>
          <div className="row-gap">
            <button type="button" className="btn btn-small" onClick={() => onChange(ops.addControl(value, 'labels'))} data-testid="config-add-labels">
              + {t('config.addLabels')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => onChange(ops.addControl(value, 'choices'))} data-testid="config-add-choices">
              + {t('config.addChoices')}
            </button>
          </div>
        </div>
        <Issue issues={issues} path="controls" />
        {value.controls.map((c, i) => (
          <ControlCard key={i} config={value} index={i} control={c} onChange={onChange} issues={issues} />
        ))}
      </section>
    </>
  );
}

function ControlCard({ config, index, control, onChange, issues }: { config: LabelConfig; index: number; control: ChoicesControl | LabelsControl; onChange: (c: LabelConfig) => void; issues: readonly ValidationIssue[] }) {
  const t = useT();
  const at = `controls[${index}]`;
  return (
    <div className="control-card">
      <div className="control-head">
        <span className={`badge badge-${control.type}`}>{control.type === 'labels' ? t('config.labelsControl') : t('config.choicesControl')}</span>
        <Cell issues={issues} path={`${at}.name`}>
          <label className="inline-field">
            <span>{t('config.controlName')}</span>
            <input value={control.name} onChange={(e) => onChange(ops.updateControl(config, index, { name: e.target.value }))} />
          </label>
        </Cell>
        <Cell issues={issues} path={`${at}.toName`}>
          <label className="inline-field">
            <span>{t('config.toName')}</span>
            <select value={control.toName} onChange={(e) => onChange(ops.updateControl(config, index, { toName: e.target.value }))}>
              {config.fields.some((f) => f.name === control.toName) ? null : <option value={control.toName}>{control.toName || '—'}</option>}
              {config.fields.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
        </Cell>
        <label className="inline-field">
          <span>{t('config.title')}</span>
          <input value={control.title ?? ''} placeholder={t('config.optional')} onChange={(e) => onChange(ops.updateControl(config, index, { title: e.target.value }))} />
        </label>
        {control.type === 'choices' ? (
          <label className="inline-field">
            <span>{t('config.choiceMode')}</span>
            <select value={control.choice} onChange={(e) => onChange(ops.updateControl(config, index, { choice: e.target.value === 'multiple' ? 'multiple' : 'single' }))}>
              <option value="single">{t('config.single')}</option>
              <option value="multiple">{t('config.multiple')}</option>
            </select>
          </label>
        ) : null}
        <label className="inline-check">
          <input type="checkbox" checked={control.required === true} onChange={(e) => onChange(ops.updateControl(config, index, { required: e.target.checked }))} />
          {t('config.required')}
        </label>
        <button type="button" className="icon-btn push-right" onClick={() => onChange(ops.removeControl(config, index))} aria-label={t('config.removeControl')} title={t('config.removeControl')}>
          ×
        </button>
      </div>
      <Issue issues={issues} path={control.type === 'labels' ? `${at}.labels` : `${at}.options`} />
      <table className="grid-table">
        <thead>
          <tr>
            {control.type === 'labels' ? <th className="col-color">{t('config.color')}</th> : null}
            <th>{t('config.value')}</th>
            <th>{t('config.title')}</th>
            <th className="col-hotkey">{t('config.hotkey')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {control.type === 'labels'
            ? control.labels.map((l, j) => {
                const p = `${at}.labels[${j}]`;
                const set = (patch: Partial<typeof l>) => onChange(ops.updateLabel(config, index, j, patch));
                return (
                  <tr key={j}>
                    <td>
                      <Cell issues={issues} path={`${p}.color`}>
                        <input type="color" value={/^#[0-9a-fA-F]{6}$/.test(l.color) ? l.color : '#888888'} onChange={(e) => set({ color: e.target.value })} aria-label={t('config.color')} />
                      </Cell>
                    </td>
                    <ItemCells item={l} path={p} issues={issues} onSet={set} onRemove={() => onChange(ops.removeItem(config, index, j))} />
                  </tr>
                );
              })
            : control.options.map((o, j) => {
                const p = `${at}.options[${j}]`;
                return (
                  <tr key={j}>
                    <ItemCells item={o} path={p} issues={issues} onSet={(patch) => onChange(ops.updateOption(config, index, j, patch))} onRemove={() => onChange(ops.removeItem(config, index, j))} />
                  </tr>
                );
              })}
        </tbody>
      </table>
      <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(ops.addItem(config, index))}>
        + {control.type === 'labels' ? t('config.addLabel') : t('config.addOption')}
      </button>
    </div>
  );
}

/** Raw JSON editing; applied to the form only when it is a valid label config. */
function JsonEditor({ value, onChange }: { value: LabelConfig; onChange: (c: LabelConfig) => void }) {
  const t = useT();
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const edit = (next: string) => {
    setText(next);
    let parsed: unknown;
    try {
      parsed = JSON.parse(next);
    } catch (e) {
      setProblem(t('config.jsonSyntax', { message: e instanceof Error ? e.message : String(e) }));
      return;
    }
    const check = checkLabelConfig(parsed);
    if (check.ok) {
      setProblem(null);
      onChange(check.config);
    } else {
      setProblem(t('config.jsonNotApplied', { issues: check.issues.map((i) => `${i.path || t('config.root')}: ${i.message}`).join('; ') }));
    }
  };
  return (
    <div className="json-editor">
      <textarea value={text} onChange={(e) => edit(e.target.value)} spellCheck={false} rows={24} data-testid="config-json" />
      {problem ? <div className="alert alert-warn">{problem}</div> : null}
    </div>
  );
}

/** The cells a label and a choice option share: value, title, hotkey, remove. */
function ItemCells({
  item,
  path,
  issues,
  onSet,
  onRemove,
}: {
  item: { value: string; title?: string; hotkey?: string };
  path: string;
  issues: readonly ValidationIssue[];
  onSet: (patch: { value?: string; title?: string; hotkey?: string }) => void;
  onRemove: () => void;
}) {
  const t = useT();
  return (
    <>
      <td>
        <Cell issues={issues} path={`${path}.value`}>
          <input value={item.value} onChange={(e) => onSet({ value: e.target.value })} aria-label={t('config.value')} />
        </Cell>
      </td>
      <td>
        <input value={item.title ?? ''} placeholder={t('config.optional')} onChange={(e) => onSet({ title: e.target.value })} aria-label={t('config.title')} />
      </td>
      <td>
        <Cell issues={issues} path={`${path}.hotkey`}>
          <input className="hotkey-input" maxLength={1} value={item.hotkey ?? ''} onChange={(e) => onSet({ hotkey: e.target.value })} aria-label={t('config.hotkey')} />
        </Cell>
      </td>
      <td>
        <button type="button" className="icon-btn" onClick={onRemove} aria-label={t('common.remove')} title={t('common.remove')}>
          ×
        </button>
      </td>
    </>
  );
}
