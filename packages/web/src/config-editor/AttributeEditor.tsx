import type { ReactNode } from 'react';
import type { LabelConfig, TrackAttribute, ValidationIssue } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { issuesAt } from './config-check.ts';
import * as ops from './attribute-ops.ts';

interface AttributeEditorProps {
  config: LabelConfig;
  index: number;
  control: ops.AttributeControl;
  onChange: (c: LabelConfig) => void;
  issues: readonly ValidationIssue[];
}

/**
 * The attributes of a region or track control (a car's colour, a sign's text, a person's age): a row per
 * attribute with its name, type, options (a choice), whether it is required and, on video tracks, whether
 * it may change along the track; and, for boxes, whether they may be turned. Core checks the draft; each
 * problem shows under its input, prefixed with the input's name, so "duplicate attribute name" says where.
 */
export function AttributeEditor({ config, index, control, onChange, issues }: AttributeEditorProps) {
  const t = useT();
  const at = `controls[${index}].attributes`;
  // A region attribute is a track attribute without `mutable`; read as the wider one.
  const attributes: readonly TrackAttribute[] = control.attributes ?? [];
  const track = ops.isTrackControl(control);
  return (
    <div className="attribute-editor" data-testid="config-attributes">
      {control.type === 'rectanglelabels' ? (
        <label className="inline-check">
          <input type="checkbox" checked={control.rotation === true} onChange={(e) => onChange(ops.setRotation(config, index, e.target.checked))} data-testid="config-rotation" />
          {t('config.rotation')}
        </label>
      ) : null}
      <div className="skeleton-head">
        <span className="label-bar-title">{t('config.attributes')}</span>
        <span className="muted small">{track ? t('config.attributesTrackHint') : t('config.attributesHint')}</span>
      </div>
      <Problems issues={issues} path={at} field={t('config.attributes')} />
      {attributes.map((attribute, a) => {
        const here = `${at}[${a}]`;
        const set = (patch: ops.AttributePatch) => onChange(ops.updateAttribute(config, index, a, patch));
        return (
          <div key={a} className="attribute-row" data-testid="config-attribute">
            <Field issues={issues} path={`${here}.name`} field={t('config.attributeName')}>
              <input value={attribute.name} onChange={(e) => set({ name: e.target.value })} aria-label={t('config.attributeName')} data-testid="config-attribute-name" />
            </Field>
            <label className="inline-field">
              <span>{t('config.type')}</span>
              <select value={attribute.type} onChange={(e) => set({ type: asAttributeType(e.target.value) })} aria-label={t('config.attributeType')} data-testid="config-attribute-type">
                <option value="text">{t('config.attributeText')}</option>
                <option value="number">{t('config.attributeNumber')}</option>
                <option value="choice">{t('config.attributeChoice')}</option>
              </select>
            </label>
            <label className="inline-check">
              <input type="checkbox" checked={attribute.required === true} onChange={(e) => set({ required: e.target.checked })} data-testid="config-attribute-required" />
              {t('config.required')}
            </label>
            {track ? (
              <label className="inline-check">
                <input type="checkbox" checked={attribute.mutable === true} onChange={(e) => set({ mutable: e.target.checked })} data-testid="config-attribute-mutable" />
                {t('config.attributeMutable')}
              </label>
            ) : null}
            <button type="button" className="icon-btn" onClick={() => onChange(ops.removeAttribute(config, index, a))} aria-label={t('config.removeAttribute')} title={t('config.removeAttribute')} data-testid="config-attribute-remove">
              ×
            </button>
            {attribute.type === 'choice' ? (
              <div className="attribute-options">
                <span className="muted small">{t('config.attributeOptions')}</span>
                {(attribute.options ?? []).map((option, o) => (
                  <Field key={o} issues={issues} path={`${here}.options[${o}]`} field={t('config.attributeOption', { n: o + 1 })}>
                    <span className="attribute-option">
                      <input value={option} onChange={(e) => onChange(ops.updateAttributeOption(config, index, a, o, e.target.value))} aria-label={t('config.attributeOption', { n: o + 1 })} data-testid="config-attribute-option" />
                      <button type="button" className="icon-btn" onClick={() => onChange(ops.removeAttributeOption(config, index, a, o))} aria-label={t('common.remove')} title={t('common.remove')}>
                        ×
                      </button>
                    </span>
                  </Field>
                ))}
                <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(ops.addAttributeOption(config, index, a))} data-testid="config-attribute-add-option">
                  + {t('config.addAttributeOption')}
                </button>
                <Problems issues={issues} path={`${here}.options`} field={t('config.attributeOptions')} />
              </div>
            ) : null}
            <Problems issues={issues} path={here} field={attribute.name || t('config.attributeName')} />
          </div>
        );
      })}
      <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(ops.addAttribute(config, index))} data-testid="config-add-attribute">
        + {t('config.addAttribute')}
      </button>
    </div>
  );
}

function asAttributeType(value: string): TrackAttribute['type'] {
  return value === 'number' || value === 'choice' ? value : 'text';
}

/** Core's problems at `path`, each prefixed with the name of the input it is about. */
function Problems({ issues, path, field }: { issues: readonly ValidationIssue[]; path: string; field: string }) {
  const found = issuesAt(issues, path);
  if (found.length === 0) return null;
  return (
    <span className="field-error" data-testid="config-attribute-error">
      {found.map((i) => `${field}: ${i.message}`).join('; ')}
    </span>
  );
}

/** An input with its problems under it, marked invalid like the label table's cells. */
function Field({ issues, path, field, children }: { issues: readonly ValidationIssue[]; path: string; field: string; children: ReactNode }) {
  const bad = issuesAt(issues, path).length > 0;
  return (
    <div className={bad ? 'cell invalid' : 'cell'}>
      {children}
      <Problems issues={issues} path={path} field={field} />
    </div>
  );
}
