import { useMemo, useState, type ReactNode } from 'react';
import { labelConfigTemplates, type ChoicesControl, type Control, type LabelConfig, type RatingControl, type SpanLabel, type TextAreaControl, type ValidationIssue } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { isMessageKey } from '../i18n/translate.ts';
import { checkLabelConfig, issuesAt } from './config-check.ts';
import * as ops from './config-ops.ts';
import { ConfigPreview } from './ConfigPreview.tsx';
import { SkeletonEditor } from './SkeletonEditor.tsx';
import { AttributeEditor } from './AttributeEditor.tsx';
import { SpeechControlSettings } from './SpeechControlSettings.tsx';

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
                <td>
                  <select value={f.type} onChange={(e) => onChange(ops.updateField(value, i, { type: e.target.value === 'image' ? 'image' : 'text' }))} aria-label={t('config.type')} data-testid="config-field-type">
                    <option value="text">{t('config.typeText')}</option>
                    <option value="image">{t('config.typeImage')}</option>
                  </select>
                </td>
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
            {ADD_CONTROL.map(({ type, label }) => (
              <button type="button" key={type} className="btn btn-small" onClick={() => onChange(ops.addControl(value, type))} data-testid={`config-add-${type}`}>
                + {t(label)}
              </button>
            ))}
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

/** The "add a control" buttons, in the order they are offered. */
const ADD_CONTROL = [
  { type: 'labels', label: 'config.addLabels' },
  { type: 'choices', label: 'config.addChoices' },
  { type: 'rectanglelabels', label: 'config.addRectangles' },
  { type: 'polygonlabels', label: 'config.addPolygons' },
  { type: 'keypointlabels', label: 'config.addKeypoints' },
  { type: 'brushlabels', label: 'config.addBrush' },
  { type: 'polylinelabels', label: 'config.addPolylines' },
  { type: 'videorectangle', label: 'config.addVideoRectangles' },
  { type: 'videopolygon', label: 'config.addVideoPolygons' },
  { type: 'videokeypoint', label: 'config.addVideoKeyPoints' },
  { type: 'videoevents', label: 'config.addVideoEvents' },
  { type: 'rating', label: 'config.addRating' },
  { type: 'textarea', label: 'config.addTextArea' },
] as const satisfies readonly { type: Control['type']; label: string }[];

/** The badge text of each control type. */
const CONTROL_BADGE = {
  labels: 'config.labelsControl',
  choices: 'config.choicesControl',
  rectanglelabels: 'config.rectanglesControl',
  polygonlabels: 'config.polygonsControl',
  keypointlabels: 'config.keypointsControl',
  brushlabels: 'config.brushControl',
  polylinelabels: 'config.polylinesControl',
  videorectangle: 'config.videoRectangleControl',
  videopolygon: 'config.videoPolygonControl',
  videokeypoint: 'config.videoKeyPointControl',
  videoevents: 'config.videoEventsControl',
  rating: 'config.ratingControl',
  textarea: 'config.textAreaControl',
  pairwise: 'config.pairwiseControl',
  ranker: 'config.rankerControl',
  responserating: 'config.responseRatingControl',
  turnchoices: 'config.turnChoicesControl',
  responseedit: 'config.responseEditControl',
  groundedqa: 'config.groundedQaControl',
  keyvalue: 'config.keyValueControl',
  readingorder: 'config.readingOrderControl',
} as const satisfies Record<Control['type'], string>;

function ControlCard({ config, index, control, onChange, issues }: { config: LabelConfig; index: number; control: Control; onChange: (c: LabelConfig) => void; issues: readonly ValidationIssue[] }) {
  const t = useT();
  const at = `controls[${index}]`;
  return (
    <div className="control-card" data-control-type={control.type}>
      <div className="control-head">
        <span className={`badge badge-${control.type}`}>{t(CONTROL_BADGE[control.type])}</span>
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
      <ControlItems config={config} index={index} control={control} onChange={onChange} issues={issues} />
    </div>
  );
}

/** The part of a control card that differs by type: labels (and a keypoint skeleton, region or track attributes), options, or a text area's settings. */
function ControlItems({ config, index, control, onChange, issues }: { config: LabelConfig; index: number; control: Control; onChange: (c: LabelConfig) => void; issues: readonly ValidationIssue[] }) {
  switch (control.type) {
    case 'textarea':
      return (
        <>
          <TextAreaSettings config={config} index={index} control={control} onChange={onChange} issues={issues} />
          <SpeechControlSettings config={config} index={index} control={control} onChange={onChange} />
        </>
      );
    case 'choices':
      return (
        <>
          <OptionTable config={config} index={index} control={control} onChange={onChange} issues={issues} />
          <SpeechControlSettings config={config} index={index} control={control} onChange={onChange} />
        </>
      );
    case 'labels':
    case 'videoevents':
      return <LabelTable config={config} index={index} labels={control.labels} onChange={onChange} issues={issues} />;
    case 'rectanglelabels':
    case 'polygonlabels':
    case 'brushlabels':
    case 'polylinelabels':
    case 'videorectangle':
    case 'videopolygon':
    case 'videokeypoint':
      return (
        <>
          <LabelTable config={config} index={index} labels={control.labels} onChange={onChange} issues={issues} />
          <AttributeEditor config={config} index={index} control={control} onChange={onChange} issues={issues} />
        </>
      );
    case 'keypointlabels':
      return (
        <>
          <LabelTable config={config} index={index} labels={control.labels} onChange={onChange} issues={issues} />
          <SkeletonEditor config={config} index={index} control={control} onChange={onChange} issues={issues} />
          <AttributeEditor config={config} index={index} control={control} onChange={onChange} issues={issues} />
        </>
      );
    case 'rating':
      return <RatingSettings config={config} index={index} control={control} onChange={onChange} issues={issues} />;
  }
}

interface TableProps {
  config: LabelConfig;
  index: number;
  onChange: (c: LabelConfig) => void;
  issues: readonly ValidationIssue[];
}

/** The labels of a span, box, polygon or keypoint control: colour, value, title, hotkey. */
function LabelTable({ config, index, labels, onChange, issues }: TableProps & { labels: readonly SpanLabel[] }) {
  const t = useT();
  const at = `controls[${index}]`;
  return (
    <>
      <Issue issues={issues} path={`${at}.labels`} />
      <table className="grid-table">
        <thead>
          <tr>
            <th className="col-color">{t('config.color')}</th>
            <th>{t('config.value')}</th>
            <th>{t('config.title')}</th>
            <th className="col-hotkey">{t('config.hotkey')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {labels.map((l, j) => {
            const p = `${at}.labels[${j}]`;
            const set = (patch: Partial<SpanLabel>) => onChange(ops.updateLabel(config, index, j, patch));
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
          })}
        </tbody>
      </table>
      <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(ops.addItem(config, index))}>
        + {t('config.addLabel')}
      </button>
    </>
  );
}

/** The options of a choices control: value, title, hotkey. */
function OptionTable({ config, index, control, onChange, issues }: TableProps & { control: ChoicesControl }) {
  const t = useT();
  const at = `controls[${index}]`;
  return (
    <>
      <Issue issues={issues} path={`${at}.options`} />
      <table className="grid-table">
        <thead>
          <tr>
            <th>{t('config.value')}</th>
            <th>{t('config.title')}</th>
            <th className="col-hotkey">{t('config.hotkey')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {control.options.map((o, j) => (
            <tr key={j}>
              <ItemCells item={o} path={`${at}.options[${j}]`} issues={issues} onSet={(patch) => onChange(ops.updateOption(config, index, j, patch))} onRemove={() => onChange(ops.removeItem(config, index, j))} />
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(ops.addItem(config, index))}>
        + {t('config.addOption')}
      </button>
    </>
  );
}

/** A text area's unit (how texts are combined and compared), placeholder and length limit. */
/** A rating scale: levels, one optional description per level (a Likert item), how scores combine. */
function RatingSettings({ config, index, control, onChange, issues }: { config: LabelConfig; index: number; control: RatingControl; onChange: (c: LabelConfig) => void; issues: readonly ValidationIssue[] }) {
  const t = useT();
  const at = `controls[${index}]`;
  const descriptions = Array.from({ length: control.maxRating }, (_, i) => control.descriptions?.[i] ?? '');
  return (
    <div className="control-settings">
      <label className="inline-field">
        <span>{t('config.maxRating')}</span>
        <input
          type="number"
          min={2}
          max={10}
          step={1}
          className="number-input"
          value={control.maxRating}
          onChange={(e) => Number.isFinite(e.target.valueAsNumber) && onChange(ops.updateControl(config, index, { maxRating: e.target.valueAsNumber }))}
          data-testid="config-rating-max"
        />
      </label>
      <label className="inline-field">
        <span>{t('config.aggregate')}</span>
        <select value={control.aggregate ?? 'median'} onChange={(e) => onChange(ops.updateControl(config, index, { aggregate: e.target.value === 'mean' ? 'mean' : 'median' }))}>
          <option value="median">{t('config.aggregateMedian')}</option>
          <option value="mean">{t('config.aggregateMean')}</option>
        </select>
      </label>
      <Cell issues={issues} path={`${at}.descriptions`}>
        <div className="rating-descriptions">
          {descriptions.map((d, i) => (
            <label className="inline-field" key={i}>
              <span>{i + 1}</span>
              <input
                value={d}
                placeholder={t('config.optional')}
                onChange={(e) => onChange(ops.updateControl(config, index, { descriptions: descriptions.map((x, k) => (k === i ? e.target.value : x)) }))}
                data-testid={`config-rating-description-${i + 1}`}
              />
            </label>
          ))}
        </div>
      </Cell>
    </div>
  );
}

function TextAreaSettings({ config, index, control, onChange, issues }: { config: LabelConfig; index: number; control: TextAreaControl; onChange: (c: LabelConfig) => void; issues: readonly ValidationIssue[] }) {
  const t = useT();
  const at = `controls[${index}]`;
  return (
    <div className="control-settings">
      <label className="inline-field">
        <span>{t('config.unit')}</span>
        <select value={control.unit ?? 'char'} onChange={(e) => onChange(ops.updateControl(config, index, { unit: e.target.value === 'word' ? 'word' : 'char' }))} data-testid="config-textarea-unit">
          <option value="char">{t('config.unitChar')}</option>
          <option value="word">{t('config.unitWord')}</option>
        </select>
      </label>
      <label className="inline-field">
        <span>{t('config.placeholder')}</span>
        <input value={control.placeholder ?? ''} placeholder={t('config.optional')} onChange={(e) => onChange(ops.updateControl(config, index, { placeholder: e.target.value }))} />
      </label>
      <Cell issues={issues} path={`${at}.maxLength`}>
        <label className="inline-field">
          <span>{t('config.maxLength')}</span>
          <input
            type="number"
            min={1}
            step={1}
            className="number-input"
            value={control.maxLength ?? ''}
            placeholder={t('config.optional')}
            onChange={(e) => {
              const n = e.target.valueAsNumber;
              onChange(ops.updateControl(config, index, { maxLength: Number.isFinite(n) ? n : null }));
            }}
          />
        </label>
      </Cell>
      <span className="muted small">{t('config.unitHint')}</span>
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
