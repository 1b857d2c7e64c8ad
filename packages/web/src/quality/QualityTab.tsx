import { TrendCell } from './TrendCell.tsx';
import { useCallback, useState, type FormEvent } from 'react';
import { can, type AnnotatorScoreDto, type LotDto, type LotsDto, type ProjectDto, type QualitySummaryDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { formatDuration, formatPct, rateView, severityKey, statusTone, type RateLike } from './quality-format.ts';
import { qualityReportPath } from './report-format.ts';

/** The project's quality at a glance: review and adjudication counts, the accuracy estimate, annotator scores and lots. */
export function QualityTab({ project }: { project: ProjectDto }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  const load = useCallback(() => api.qualitySummary(project.id), [api, project.id]);
  const { data, error, reload } = useLoad(load);
  const mayReview = org ? can(org.role, 'task.review') : false;
  const mayWrite = org ? can(org.role, 'project.write') : false;
  if (!data) return error ? <ErrorMessage error={error} /> : <Spinner />;
  return (
    <div className="quality-tab" data-testid="quality-tab">
      <div className="row-gap quality-tab-actions">
        <Link to={qualityReportPath(project.id)} className="btn" data-testid="quality-report-link">
          {t('quality.reportLink')}
        </Link>
      </div>
      <ErrorMessage error={error} />
      <Overview summary={data} projectId={project.id} mayReview={mayReview} />
      <section className="panel">
        <h2 className="panel-title">{t('quality.annotators')}</h2>
        <ScoreTable annotators={data.annotators} />
      </section>
      <section className="panel" data-testid="quality-lots">
        <h2 className="panel-title">{t('quality.lots')}</h2>
        <p className="muted small">{t('quality.lotsIntro')}</p>
        <LotsHeader lots={data.lots} />
        {mayWrite ? <NewLotForm projectId={project.id} hasAql={data.policy.aql !== null} onCreated={reload} /> : null}
        <LotTable lots={data.lots.items} />
      </section>
    </div>
  );
}

function Overview({ summary, projectId, mayReview }: { summary: QualitySummaryDto; projectId: string; mayReview: boolean }) {
  const { t } = useI18n();
  const accuracy = rateView(summary.accuracy);
  const { review, adjudication } = summary;
  return (
    <div className="quality-overview">
      <div className="panel quality-card" data-testid="quality-review">
        <h3>{t('quality.reviewCounts')}</h3>
        <div className="quality-numbers">
          <Figure label={t('quality.pending')} value={review.pending} testId="quality-review-pending" />
          <Figure label={t('quality.accepted')} value={review.accepted} testId="quality-review-accepted" tone="ok" />
          <Figure label={t('quality.rejected')} value={review.rejected} testId="quality-review-rejected" tone="bad" />
        </div>
        {mayReview && review.pending > 0 ? (
          <Link to={`/projects/${projectId}/review`} className="btn btn-small">
            {t('project.review')}
          </Link>
        ) : null}
      </div>
      <div className="panel quality-card" data-testid="quality-adjudication">
        <h3>{t('quality.adjudication')}</h3>
        <div className="quality-numbers">
          <Figure label={t('quality.adjPending')} value={adjudication.pending} testId="quality-adjudication-pending" />
          <Figure label={t('quality.adjDone')} value={adjudication.done} testId="quality-adjudication-done" tone="ok" />
        </div>
        {mayReview && adjudication.pending > 0 ? (
          <Link to={`/projects/${projectId}/adjudicate`} className="btn btn-small">
            {t('project.adjudicate')}
          </Link>
        ) : null}
      </div>
      <div className="panel quality-card" data-testid="quality-accuracy">
        <h3>{t('quality.accuracy')}</h3>
        <div className="quality-big" data-testid="quality-accuracy-value">
          {accuracy.value}
        </div>
        <div className="muted small">{accuracy.empty ? t('quality.accuracyNone') : t('quality.accuracyHint', { counts: accuracy.counts, interval: accuracy.interval ?? '—' })}</div>
        <div className="muted small">
          {t('quality.policyLine', {
            review: t(`quality.review.${summary.policy.review}`),
            aql: summary.policy.aql === null ? t('quality.aqlOff') : String(summary.policy.aql),
            gold: formatPct(summary.policy.goldRate),
          })}
        </div>
      </div>
    </div>
  );
}

function Figure({ label, value, testId, tone }: { label: string; value: number; testId: string; tone?: 'ok' | 'bad' }) {
  return (
    <div className="quality-figure" data-testid={testId} data-value={value}>
      <div className={tone ? `quality-figure-value tone-text-${tone}` : 'quality-figure-value'}>{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

function RateCell({ rate, testId }: { rate: RateLike; testId: string }) {
  const view = rateView(rate);
  return (
    <td className="col-num" data-testid={testId} title={view.interval ? `95%: ${view.interval}` : undefined}>
      {view.value} <span className="muted small">{view.counts}</span>
    </td>
  );
}

function ScoreTable({ annotators }: { annotators: AnnotatorScoreDto[] }) {
  const { t } = useI18n();
  return (
    <table className="data-table" data-testid="quality-scores">
      <thead>
        <tr>
          <th>{t('quality.colAnnotator')}</th>
          <th className="col-num">{t('quality.colSubmitted')}</th>
          <th className="col-num">{t('quality.colGold')}</th>
          <th className="col-num">{t('quality.colGoldLower')}</th>
          <th className="col-num">{t('quality.colReview')}</th>
          <th className="col-num">{t('quality.colConsensus')}</th>
          <th className="col-num">{t('quality.colMedian')}</th>
          <th>{t('quality.colTrend')}</th>
        </tr>
      </thead>
      <tbody>
        {annotators.length === 0 ? (
          <tr>
            <td colSpan={8} className="empty-cell">
              {t('quality.noAnnotators')}
            </td>
          </tr>
        ) : null}
        {annotators.map((a) => (
          <tr key={a.userId} data-testid="quality-score-row" data-email={a.email}>
            <td>{a.email}</td>
            <td className="col-num">{a.submitted}</td>
            <RateCell rate={a.gold} testId="score-gold" />
            <td className="col-num" data-testid="score-gold-lower">
              {rateView(a.gold).lower ?? '—'}
            </td>
            <RateCell rate={a.review} testId="score-review" />
            <RateCell rate={a.consensus} testId="score-consensus" />
            <td className="col-num">{formatDuration(a.medianLeadTimeMs, t('quality.seconds'))}</td>
            <TrendCell trend={a.trend} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LotsHeader({ lots }: { lots: LotsDto }) {
  const { t } = useI18n();
  const key = severityKey(lots.severity);
  return (
    <div className="row-gap quality-lots-head">
      <span className={`badge tone-${statusTone(lots.severity)}`} data-testid="quality-severity" data-severity={lots.severity}>
        {t('quality.severity', { severity: key ? t(key) : lots.severity })}
      </span>
      {lots.discontinued ? (
        <div className="alert alert-error" role="alert" data-testid="quality-discontinued">
          {t('quality.discontinued')}
        </div>
      ) : null}
    </div>
  );
}

function NewLotForm({ projectId, hasAql, onCreated }: { projectId: string; hasAql: boolean; onCreated: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [size, setSize] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<LotDto | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const n = Number.parseInt(size, 10);
      setCreated(await api.createLot(projectId, Number.isFinite(n) && n > 0 ? n : undefined));
      setSize('');
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form-inline new-lot" onSubmit={(e) => void submit(e)} data-testid="new-lot-form">
      <label className="inline-field">
        <span>{t('quality.lotSize')}</span>
        <input type="number" min={1} value={size} placeholder={t('quality.lotSizePlaceholder')} onChange={(e) => setSize(e.target.value)} data-testid="new-lot-size" />
      </label>
      <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="new-lot">
        {busy ? t('quality.creatingLot') : t('quality.newLot')}
      </button>
      {!hasAql ? <span className="muted small">{t('quality.noAql')}</span> : null}
      {created ? (
        <span className="ok-text" data-testid="new-lot-created">
          {t('quality.lotCreated', { number: created.number, size: created.size, n: created.sampleSize })}
        </span>
      ) : null}
      <ErrorMessage error={error} />
    </form>
  );
}

/** The lots with their sampling plans and outcomes (also on the quality report). */
export function LotTable({ lots }: { lots: LotDto[] }) {
  const { t } = useI18n();
  return (
    <table className="data-table" data-testid="quality-lot-table">
      <thead>
        <tr>
          <th className="col-num">{t('quality.colLot')}</th>
          <th className="col-num">{t('quality.colSize')}</th>
          <th className="col-num">{t('quality.colAql')}</th>
          <th>{t('quality.colCode')}</th>
          <th className="col-num">{t('quality.colSample')}</th>
          <th className="col-num">{t('quality.colAcRe')}</th>
          <th className="col-num">{t('quality.colInspected')}</th>
          <th className="col-num">{t('quality.colNonconforming')}</th>
          <th>{t('quality.colStatus')}</th>
          <th>{t('quality.colSeverity')}</th>
        </tr>
      </thead>
      <tbody>
        {lots.length === 0 ? (
          <tr>
            <td colSpan={10} className="empty-cell">
              {t('quality.noLots')}
            </td>
          </tr>
        ) : null}
        {lots.map((lot) => (
          <tr key={lot.id} data-testid="lot-row" data-status={lot.status}>
            <td className="col-num">#{lot.number}</td>
            <td className="col-num">{lot.size}</td>
            <td className="col-num">{lot.aql}</td>
            <td>
              {lot.codeLetter} <span className="muted small">{lot.inspectionLevel}</span>
            </td>
            <td className="col-num">{lot.sampleSize}</td>
            <td className="col-num">
              {lot.accept} / {lot.reject}
            </td>
            <td className="col-num">
              {lot.inspected} / {lot.sampleSize}
            </td>
            <td className="col-num">{lot.nonconforming}</td>
            <td>
              <span className={`badge tone-${statusTone(lot.status)}`} data-testid="lot-status">
                {t(`lot.status.${lot.status}`)}
              </span>
            </td>
            <td>
              <span className={`badge tone-${statusTone(lot.severity)}`}>{t(`lot.severity.${lot.severity}`)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
