import { useState, type FormEvent } from 'react';
import type { DatasetVersionDto, InspectionDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { defaultSampleSize, inspectionFigures, inspectionPath, MAX_SAMPLE_SIZE, parseSampleSize } from './inspection-format.ts';

/** An inspection's accuracy with its 95% interval and how much of the sample is judged: "98% (95%: 93%–99.4%) · 50/50 inspected". */
export function InspectionFigures({ inspection, testId = 'inspection-figures' }: { inspection: InspectionDto; testId?: string }) {
  const { t } = useI18n();
  const f = inspectionFigures(inspection);
  return (
    <span className="inspection-figures" data-testid={testId} data-inspected={f.inspected} data-sample-size={f.sampleSize} data-correct={inspection.correct} data-complete={f.complete}>
      <span className="inspection-accuracy" data-testid="inspection-accuracy">
        {f.interval ? t('inspection.accuracy', { estimate: f.estimate, interval: f.interval }) : f.estimate}
      </span>
      <span className="muted small" data-testid="inspection-progress">
        {t('inspection.progress', { inspected: f.inspected, sampleSize: f.sampleSize })}
      </span>
      {f.complete ? <span className="badge tone-ok">{t('inspection.completeBadge')}</span> : null}
    </span>
  );
}

/** The "Inspection" cell of a dataset version row: the latest inspection's figures and a link to go on judging it. */
export function InspectionCell({ version, latest, canInspect }: { version: DatasetVersionDto; latest: InspectionDto | null; canInspect: boolean }) {
  const { t } = useI18n();
  if (!latest) return <span className="muted small">{t('inspection.none')}</span>;
  const complete = inspectionFigures(latest).complete;
  return (
    <div className="inspection-cell">
      <InspectionFigures inspection={latest} testId="inspection-latest" />
      {canInspect && !complete ? (
        <Link to={inspectionPath(version.projectId, version.id, latest.id)} className="btn btn-small btn-primary" data-testid="inspection-start-link">
          {t('inspection.inspectNow')}
        </Link>
      ) : null}
    </div>
  );
}

/**
 * The inspections of one dataset version, below its row: a form to start one (sample size, default 50;
 * project.write) and every inspection so far with its figures and a link to judge it.
 */
export function VersionInspectionPanel(props: { version: DatasetVersionDto; inspections: InspectionDto[] | null; error: unknown; canWrite: boolean; canInspect: boolean; onStarted: () => void }) {
  const { version, inspections, error, canWrite, canInspect, onStarted } = props;
  const { t, locale } = useI18n();
  const newestFirst = [...(inspections ?? [])].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return (
    <div className="inspection-panel" data-testid="inspection-panel">
      <p className="muted small">{t('inspection.startIntro')}</p>
      {canWrite ? <StartInspectionForm version={version} onStarted={onStarted} /> : <p className="muted small">{t('inspection.noWrite')}</p>}
      <h3 className="inspection-list-title">{t('inspection.listTitle')}</h3>
      <ErrorMessage error={error} />
      {inspections && inspections.length === 0 ? <p className="muted small">{t('inspection.noInspections')}</p> : null}
      {newestFirst.length > 0 ? (
        <table className="data-table inspection-list" data-testid="inspection-list">
          <thead>
            <tr>
              <th className="col-date">{t('inspection.colStarted')}</th>
              <th>{t('inspection.colProgress')}</th>
              <th>{t('inspection.colAccuracy')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((i) => {
              const f = inspectionFigures(i);
              return (
                <tr key={i.id} data-testid="inspection-row" data-inspection-id={i.id}>
                  <td className="muted small">{new Date(i.createdAt).toLocaleString(locale)}</td>
                  <td>{t('inspection.progress', { inspected: f.inspected, sampleSize: f.sampleSize })}</td>
                  <td>{f.interval ? t('inspection.accuracy', { estimate: f.estimate, interval: f.interval }) : f.estimate}</td>
                  <td className="col-row-actions">
                    {canInspect && !f.complete ? (
                      <Link to={inspectionPath(version.projectId, version.id, i.id)} className="btn btn-small">
                        {t('inspection.inspectNow')}
                      </Link>
                    ) : f.complete ? (
                      <span className="badge tone-ok">{t('inspection.completeBadge')}</span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function StartInspectionForm({ version, onStarted }: { version: DatasetVersionDto; onStarted: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [size, setSize] = useState(() => String(defaultSampleSize(version.itemCount)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [started, setStarted] = useState<InspectionDto | null>(null);
  const max = Math.min(version.itemCount, MAX_SAMPLE_SIZE);
  const sampleSize = parseSampleSize(size, version.itemCount);

  if (version.itemCount === 0) return <p className="muted small">{t('inspection.noItems')}</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sampleSize === null) return;
    setBusy(true);
    setError(null);
    setStarted(null);
    try {
      setStarted(await api.createInspection(version.id, { sampleSize }));
      onStarted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inspection-form" onSubmit={(e) => void submit(e)} data-testid="inspection-form">
      <label className="inspection-size">
        <span>{t('inspection.sampleSize')}</span>
        <input
          type="number"
          min={1}
          max={max}
          step={1}
          required
          value={size}
          onChange={(e) => setSize(e.target.value)}
          aria-invalid={sampleSize === null}
          data-testid="inspection-sample-size"
        />
        <span className="muted small">{t('inspection.sampleSizeHint', { max })}</span>
      </label>
      <button type="submit" className="btn btn-small btn-primary" disabled={busy || sampleSize === null} data-testid="inspection-create">
        {busy ? t('inspection.starting') : t('inspection.start')}
      </button>
      {started ? (
        <span className="ok-text" data-testid="inspection-created">
          {t('inspection.started', { count: started.sampleSize })}
        </span>
      ) : null}
      <ErrorMessage error={error} />
    </form>
  );
}
