import type { ConsistencyRule, LabelConfig } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { labelledControls, suggestRule } from './quality-policy.ts';

/**
 * Editing the project's cross-modal consistency rules: one row per rule with its kind and the controls it
 * links. A rule's label list and label map (API only) are kept as they are when a row is edited.
 */
export function ConsistencyRules({ config, rules, onChange }: { config: LabelConfig | null; rules: ConsistencyRule[]; onChange: (rules: ConsistencyRule[]) => void }) {
  const t = useT();
  const all = config?.controls.map((c) => c.name) ?? [];
  const labelled = config ? labelledControls(config) : [];
  const suggestion = config ? suggestRule(config) : null;
  const replace = (i: number, rule: ConsistencyRule) => onChange(rules.map((r, k) => (k === i ? rule : r)));
  const select = (value: string, options: string[], set: (v: string) => void, testId: string) => (
    <select value={value} onChange={(e) => set(e.target.value)} data-testid={testId}>
      {options.includes(value) ? null : <option value={value}>{value}</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );

  return (
    <div className="consistency-rules" data-testid="consistency-rules">
      {rules.length === 0 ? <p className="muted small">{t('quality.consistencyNone')}</p> : null}
      {rules.map((rule, i) => (
        <div className="consistency-rule row-gap" key={i} data-testid="consistency-rule">
          <select
            value={rule.kind}
            onChange={(e) =>
              replace(i, e.target.value === 'requires' ? { kind: 'requires', when: all[0] ?? '', then: all[1] ?? '' } : { kind: 'labels-covered', from: labelled[0] ?? '', to: labelled[1] ?? '' })
            }
            data-testid="consistency-kind"
          >
            <option value="labels-covered">{t('quality.rule.labelsCovered')}</option>
            <option value="requires">{t('quality.rule.requires')}</option>
          </select>
          {rule.kind === 'labels-covered' ? (
            <>
              {select(rule.from, labelled, (from) => replace(i, { ...rule, from }), 'consistency-from')}
              <span className="muted">{t('quality.rule.coveredBy')}</span>
              {select(rule.to, labelled, (to) => replace(i, { ...rule, to }), 'consistency-to')}
              <select value={rule.match ?? 'presence'} onChange={(e) => replace(i, { ...rule, match: e.target.value === 'count' ? 'count' : 'presence' })} data-testid="consistency-match">
                <option value="presence">{t('quality.rule.presence')}</option>
                <option value="count">{t('quality.rule.count')}</option>
              </select>
            </>
          ) : (
            <>
              {select(rule.when, all, (when) => replace(i, { ...rule, when }), 'consistency-when')}
              <span className="muted">{t('quality.rule.needs')}</span>
              {select(rule.then, all, (then) => replace(i, { ...rule, then }), 'consistency-then')}
            </>
          )}
          <button type="button" className="btn btn-small" onClick={() => onChange(rules.filter((_, k) => k !== i))} aria-label={t('quality.rule.remove')} data-testid="consistency-remove">
            ×
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" disabled={suggestion === null} onClick={() => suggestion && onChange([...rules, suggestion])} data-testid="consistency-add">
        + {t('quality.rule.add')}
      </button>
    </div>
  );
}
