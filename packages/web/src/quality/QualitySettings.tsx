import { useMemo, useState } from 'react';
import { DEFAULT_QUALITY_POLICY, type ProjectDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { ConsistencyRules } from './ConsistencyRules.tsx';
import { aqlOptions, formToPolicy, INSPECTION_LEVELS, policyChanges, policyToForm, REVIEW_MODES, type QualityPolicyForm } from './quality-policy.ts';

/** The "Quality" section of the settings tab: gold, review, lots and adjudication; saves only what changed. */
export function QualitySettings({ project, onSaved }: { project: ProjectDto; onSaved: () => void }) {
  const t = useT();
  const api = useApi();
  const current = useMemo(() => ({ ...DEFAULT_QUALITY_POLICY, ...project.qualityPolicy }), [project.qualityPolicy]);
  const [form, setForm] = useState<QualityPolicyForm>(() => policyToForm(current));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const changes = policyChanges(current, formToPolicy(form, current));
  const check = checkLabelConfig(project.labelConfig);
  const changed = Object.keys(changes).length > 0;
  const set = (patch: Partial<QualityPolicyForm>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.updateQualityPolicy(project.id, changes);
      setForm(policyToForm(updated.qualityPolicy));
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const pctInput = (value: number, onChange: (n: number) => void, testId: string, disabled = false) => (
    <input type="number" min={0} max={100} step="any" value={Number.isFinite(value) ? value : ''} disabled={disabled} onChange={(e) => onChange(e.target.valueAsNumber)} data-testid={testId} />
  );

  return (
    <section className="panel quality-settings" data-testid="quality-settings">
      <h2 className="panel-title">{t('quality.settingsTitle')}</h2>
      <p className="muted small">{t('quality.settingsIntro')}</p>
      <div className="quality-settings-grid">
        <fieldset className="quality-group">
          <legend>{t('quality.goldSection')}</legend>
          <label className="form-row">
            <span>{t('quality.goldRate')}</span>
            {pctInput(form.goldRatePct, (n) => set({ goldRatePct: n }), 'quality-gold-rate')}
            <small className="muted">{t('quality.goldRateHint')}</small>
          </label>
          <label className="form-row">
            <span>{t('quality.goldFeedback')}</span>
            <select value={form.goldFeedback} onChange={(e) => set({ goldFeedback: e.target.value === 'deferred' ? 'deferred' : 'immediate' })} data-testid="quality-gold-feedback">
              <option value="immediate">{t('quality.feedback.immediate')}</option>
              <option value="deferred">{t('quality.feedback.deferred')}</option>
            </select>
          </label>
          <label className="form-row">
            <span>{t('quality.goldPassScore')}</span>
            {pctInput(form.goldPassScorePct, (n) => set({ goldPassScorePct: n }), 'quality-gold-pass')}
            <small className="muted">{t('quality.goldPassScoreHint')}</small>
          </label>
        </fieldset>
        <fieldset className="quality-group">
          <legend>{t('quality.reviewSection')}</legend>
          <div className="form-row">
            <span>{t('quality.reviewMode')}</span>
            <div className="segmented" role="radiogroup" aria-label={t('quality.reviewMode')}>
              {REVIEW_MODES.map((mode) => (
                <button
                  type="button"
                  key={mode}
                  role="radio"
                  aria-checked={form.review === mode}
                  className={form.review === mode ? 'active' : undefined}
                  onClick={() => set({ review: mode })}
                  data-testid={`quality-review-${mode}`}
                >
                  {t(`quality.review.${mode}`)}
                </button>
              ))}
            </div>
          </div>
          <label className="form-row">
            <span>{t('quality.reviewSampleRate')}</span>
            {pctInput(form.reviewSampleRatePct, (n) => set({ reviewSampleRatePct: n }), 'quality-review-rate', form.review !== 'sample')}
          </label>
        </fieldset>
        <fieldset className="quality-group">
          <legend>{t('quality.lotSection')}</legend>
          <label className="form-row">
            <span>{t('quality.aql')}</span>
            <select value={form.aql} onChange={(e) => set({ aql: e.target.value })} data-testid="quality-aql">
              <option value="">{t('quality.aqlOff')}</option>
              {aqlOptions(current.aql).map((o) => (
                <option key={o.value} value={String(o.value)}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <label className="form-row">
            <span>{t('quality.inspectionLevel')}</span>
            <select
              value={form.inspectionLevel}
              disabled={form.aql === ''}
              onChange={(e) => set({ inspectionLevel: INSPECTION_LEVELS.find((l) => l === e.target.value) ?? 'II' })}
              data-testid="quality-inspection-level"
            >
              {INSPECTION_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </select>
            <small className="muted">{t('quality.inspectionLevelHint')}</small>
          </label>
        </fieldset>
        <fieldset className="quality-group">
          <legend>{t('quality.adjudicationSection')}</legend>
          <label className="inline-check">
            <input type="checkbox" checked={form.adjudication} onChange={(e) => set({ adjudication: e.target.checked })} data-testid="quality-adjudication-on" />
            {t('quality.adjudicationOn')}
          </label>
          <label className="form-row">
            <span>{t('quality.adjudicationThreshold')}</span>
            {pctInput(form.adjudicationThresholdPct, (n) => set({ adjudicationThresholdPct: n }), 'quality-adjudication-threshold', !form.adjudication)}
            <small className="muted">{t('quality.adjudicationHint')}</small>
          </label>
        </fieldset>
        <fieldset className="quality-group quality-group-wide">
          <legend>{t('quality.consistencySection')}</legend>
          <p className="muted small">{t('quality.consistencyIntro')}</p>
          <ConsistencyRules config={check.ok ? check.config : null} rules={form.consistencyRules} onChange={(consistencyRules) => set({ consistencyRules })} />
          <label className="form-row">
            <span>{t('quality.consistencyTarget')}</span>
            {pctInput(form.consistencyTargetPct, (n) => set({ consistencyTargetPct: n }), 'quality-consistency-target')}
          </label>
        </fieldset>
      </div>
      <div className="row-gap quality-settings-actions">
        <button type="button" className="btn btn-primary" disabled={busy || !changed} onClick={() => void save()} data-testid="quality-save">
          {t('quality.save')}
        </button>
        {saved && !changed ? (
          <span className="ok-text" data-testid="quality-saved">
            {t('quality.saved')}
          </span>
        ) : null}
        <ErrorMessage error={error} />
      </div>
    </section>
  );
}
