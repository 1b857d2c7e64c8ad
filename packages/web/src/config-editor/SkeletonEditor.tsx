import type { KeyPointLabelsControl, LabelConfig, ValidationIssue } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { issuesAt } from './config-check.ts';
import * as ops from './config-ops.ts';

interface SkeletonEditorProps {
  config: LabelConfig;
  index: number;
  control: KeyPointLabelsControl;
  onChange: (c: LabelConfig) => void;
  issues: readonly ValidationIssue[];
}

/**
 * The skeleton of a keypoint control: pairs of its labels drawn joined (a pose's bones). Each end is a
 * select over the control's labels, so a pair can only name labels that exist; core still checks them
 * (a label renamed in the JSON view, a pair joining a label to itself) and the issue shows on its row.
 */
export function SkeletonEditor({ config, index, control, onChange, issues }: SkeletonEditorProps) {
  const t = useT();
  const at = `controls[${index}].skeleton`;
  const skeleton = control.skeleton ?? [];
  const values = control.labels.map((l) => l.value);
  const titleOf = (value: string) => control.labels.find((l) => l.value === value)?.title ?? value;
  const problems = (path: string) => issuesAt(issues, path).map((i) => i.message);
  return (
    <div className="skeleton-editor" data-testid="config-skeleton">
      <div className="skeleton-head">
        <span className="label-bar-title">{t('config.skeleton')}</span>
        <span className="muted small">{t('config.skeletonHint')}</span>
      </div>
      {problems(at).length > 0 ? <span className="field-error">{problems(at).join('; ')}</span> : null}
      {skeleton.map((pair, k) => {
        const rowProblems = [...problems(`${at}[${k}]`), ...problems(`${at}[${k}][0]`), ...problems(`${at}[${k}][1]`)];
        return (
          <div key={k} className={rowProblems.length > 0 ? 'skeleton-pair invalid' : 'skeleton-pair'} data-testid="config-skeleton-pair">
            {([0, 1] as const).map((end) => (
              <select
                key={end}
                value={pair[end]}
                aria-label={end === 0 ? t('config.skeletonFrom') : t('config.skeletonTo')}
                onChange={(e) => onChange(ops.updateSkeletonPair(config, index, k, end, e.target.value))}
              >
                {values.includes(pair[end]) ? null : <option value={pair[end]}>{pair[end] || '—'}</option>}
                {values.map((v) => (
                  <option key={v} value={v}>
                    {titleOf(v)}
                  </option>
                ))}
              </select>
            ))}
            <button type="button" className="icon-btn" onClick={() => onChange(ops.removeSkeletonPair(config, index, k))} aria-label={t('common.remove')} title={t('common.remove')}>
              ×
            </button>
            {rowProblems.length > 0 ? <span className="field-error">{rowProblems.join('; ')}</span> : null}
          </div>
        );
      })}
      <button type="button" className="btn btn-small btn-ghost" disabled={values.length < 2} onClick={() => onChange(ops.addSkeletonPair(config, index))} data-testid="config-add-skeleton-pair">
        + {t('config.addSkeletonPair')}
      </button>
    </div>
  );
}
