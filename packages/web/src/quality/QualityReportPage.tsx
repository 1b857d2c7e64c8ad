import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { QualityReportDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { logPosition, shortHash } from '../provenance/provenance-format.ts';
import { Link } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { formatPct, rateView, type RateLike } from './quality-format.ts';
import { LotTable } from './QualityTab.tsx';
import {
  alphaReading,
  alphaTone,
  classBars,
  DASH,
  formatCount,
  formatNumber,
  formatRatio,
  labelMethodKey,
  labelMethodRows,
  processCheckKey,
  processTone,
  reportFileName,
  reportJson,
} from './report-format.ts';

type Report = QualityReportDto;

/**
 * The dataset quality report of a project, for a buyer or an auditor to read and print: who and what it
 * covers, the GB/T 36344-2018 indicators, label accuracy with its 95% interval, Krippendorff's α, ML
 * indicators, how labels were decided, process checks and the lots. "Download JSON" saves the report as
 * fetched; "Print" prints the page without the app's chrome.
 */
export function QualityReportPage({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.qualityReport(projectId), [api, projectId]);
  const { data: report, error } = useLoad(load);

  if (!report) {
    return (
      <div className="page">
        <ErrorMessage error={error} />
        {error ? null : <Spinner />}
      </div>
    );
  }
  const { identity } = report;
  return (
    <div className="page quality-report" data-testid="quality-report">
      <div className="page-head">
        <div>
          <div className="crumbs no-print">
            <Link to="/projects">{t('projects.title')}</Link> / <Link to={`/projects/${projectId}`}>{identity.projectName}</Link> /{' '}
            <Link to={`/projects/${projectId}/quality`}>{t('project.tab.quality')}</Link> /
          </div>
          <h1>{t('report.title')}</h1>
          <p className="report-subject">
            <strong data-testid="report-project-name">{identity.projectName}</strong> · {identity.organisation}
          </p>
        </div>
        <div className="row-gap no-print">
          <DownloadJson report={report} />
          <button type="button" className="btn btn-primary" onClick={() => window.print()} data-testid="report-print">
            {t('report.print')}
          </button>
        </div>
      </div>
      <p className="muted report-intro">{t('report.intro')}</p>
      <Identity report={report} />
      <Indicators report={report} />
      <Accuracy report={report} />
      <Agreement report={report} />
      <CrossModal report={report} />
      <MlIndicators report={report} />
      <LabelMethods report={report} />
      <ProcessChecks report={report} />
      <Section title={t('report.lots')} testId="report-lots">
        <LotTable lots={report.lots} />
      </Section>
      <GeneratedAt at={identity.generatedAt} />
    </div>
  );
}

function Section({ title, intro, testId, children }: { title: string; intro?: string; testId: string; children: ReactNode }) {
  return (
    <section className="panel report-section" data-testid={testId}>
      <h2 className="panel-title">{title}</h2>
      {intro ? <p className="muted small report-section-intro">{intro}</p> : null}
      {children}
    </section>
  );
}

/** A link to the report as a JSON file, made in the browser from what was fetched. */
function DownloadJson({ report }: { report: Report }) {
  const { t } = useI18n();
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([reportJson(report)], { type: 'application/json' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [report]);
  if (!href) return null;
  return (
    <a className="btn" href={href} download={reportFileName(report.identity)} data-testid="report-download">
      {t('report.download')}
    </a>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="report-fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function Hash({ value }: { value: string }) {
  return (
    <code className="hash" title={value}>
      {shortHash(value)}
    </code>
  );
}

function Identity({ report }: { report: Report }) {
  const { t, locale } = useI18n();
  const { identity } = report;
  const version = identity.datasetVersion;
  return (
    <Section title={t('report.identity')} intro={t('report.scope')} testId="report-identity">
      <dl className="report-facts">
        <Fact label={t('report.project')}>{identity.projectName}</Fact>
        <Fact label={t('report.organisation')}>{identity.organisation}</Fact>
        <Fact label={t('report.generatedAt')} testId="report-generated-at">
          {new Date(identity.generatedAt).toLocaleString(locale)}
        </Fact>
        <Fact label={t('report.projectId')}>
          <code className="hash">{identity.projectId}</code>
        </Fact>
        <Fact label={t('report.tasks')} testId="report-tasks">
          {identity.tasks}
        </Fact>
        <Fact label={t('report.annotations')} testId="report-annotations">
          {identity.annotations}
        </Fact>
        <Fact label={t('report.labelConfig')}>
          <Hash value={identity.labelConfigSha256} />
        </Fact>
        <Fact label={t('report.datasetVersion')} testId="report-dataset-version">
          {version ? t('report.datasetVersionValue', { version: version.version, name: version.name }) : <span className="muted">{t('report.noDatasetVersion')}</span>}
        </Fact>
        {version ? (
          <>
            <Fact label={t('report.itemsRoot')}>
              <Hash value={version.itemsRoot} />
            </Fact>
            <Fact label={t('report.logIndex')} testId="report-log-index">
              {logPosition(version.logIndex) ?? <span className="muted">{t('report.notLogged')}</span>}
            </Fact>
          </>
        ) : null}
      </dl>
    </Section>
  );
}

function Indicators({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <Section title={t('report.gbt')} intro={t('report.basisNote')} testId="report-gbt">
      <table className="data-table report-table">
        <thead>
          <tr>
            <th>{t('report.colIndicator')}</th>
            <th className="col-num">{t('report.colConforming')}</th>
            <th className="col-num">{t('report.colRate')}</th>
            <th>{t('report.colBasis')}</th>
          </tr>
        </thead>
        <tbody>
          {report.gbt36344.map((i) => (
            <tr key={i.name} data-testid="report-indicator" data-name={i.name}>
              <td className="report-name">{t(`report.indicator.${i.name}`)}</td>
              <td className="col-num">{formatCount(i.conforming, i.evaluated)}</td>
              <td className="col-num report-rate" data-testid="report-indicator-rate">
                {formatPct(i.rate)}
              </td>
              <td className="muted small">{i.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function AccuracyRow({ source, rate }: { source: 'review' | 'gold' | 'inspection'; rate: RateLike }) {
  const { t } = useI18n();
  const view = rateView(rate);
  return (
    <tr data-testid="report-accuracy-row" data-source={source}>
      <td className="report-name">{t(`report.source.${source}`)}</td>
      <td className="col-num" data-testid="report-accuracy-counts">
        {formatCount(rate.correct, rate.total)}
      </td>
      <td className="col-num report-rate" data-testid="report-accuracy-estimate">
        {view.value}
      </td>
      <td className="col-num" data-testid="report-accuracy-interval">
        {view.interval ?? DASH}
      </td>
    </tr>
  );
}

function Accuracy({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <Section title={t('report.accuracy')} intro={t('report.accuracyIntro')} testId="report-accuracy">
      <table className="data-table report-table">
        <thead>
          <tr>
            <th>{t('report.colSource')}</th>
            <th className="col-num">{t('report.colCorrect')}</th>
            <th className="col-num">{t('report.colEstimate')}</th>
            <th className="col-num">{t('report.colInterval')}</th>
          </tr>
        </thead>
        <tbody>
          <AccuracyRow source="review" rate={report.labelAccuracy.review} />
          <AccuracyRow source="gold" rate={report.labelAccuracy.gold} />
          <AccuracyRow source="inspection" rate={report.labelAccuracy.inspection} />
        </tbody>
      </table>
    </Section>
  );
}

function Agreement({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <Section title={t('report.agreement')} intro={t('report.agreementIntro')} testId="report-agreement">
      <table className="data-table report-table">
        <thead>
          <tr>
            <th>{t('report.colControl')}</th>
            <th className="col-num">{t('report.colAlpha')}</th>
            <th className="col-num">{t('report.colUnits')}</th>
            <th className="col-num">{t('report.colAnnotators')}</th>
            <th>{t('report.colReading')}</th>
            <th>{t('report.colPerLabel')}</th>
          </tr>
        </thead>
        <tbody>
          {report.agreement.length === 0 ? (
            <tr>
              <td colSpan={6} className="empty-cell">
                {t('report.noChoiceControls')}
              </td>
            </tr>
          ) : null}
          {report.agreement.map((a) => {
            const reading = alphaReading(a.krippendorffAlpha);
            return (
              <tr key={a.control} data-testid="report-agreement-row" data-control={a.control} data-reading={reading}>
                <td>
                  <code>{a.control}</code>
                </td>
                <td className="col-num report-rate">{formatNumber(a.krippendorffAlpha)}</td>
                <td className="col-num">{a.units}</td>
                <td className="col-num">{a.annotators}</td>
                <td>
                  <span className={`badge tone-${alphaTone(reading)}`}>{t(`report.reading.${reading}`)}</span>
                </td>
                <td className="small" data-testid="report-alpha-per-label">
                  {Object.entries(a.perLabel).map(([label, alpha]) => (
                    <span key={label} className="report-per-label" data-label={label} data-alpha={alpha ?? ''}>
                      <code>{label}</code> {formatNumber(alpha)}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

/** Cross-modal consistency of the delivered labels against the project's target (the plan's floor is 90 %). */
function CrossModal({ report }: { report: Report }) {
  const { t } = useI18n();
  const c = report.crossModal;
  const tone = c.meetsTarget === null ? 'neutral' : c.meetsTarget ? 'ok' : 'bad';
  return (
    <Section title={t('report.crossModal')} intro={t('report.crossModalIntro')} testId="report-cross-modal">
      {c.rules === 0 ? (
        <p className="muted">{t('report.crossModalNoRules')}</p>
      ) : (
        <>
          <p data-testid="report-cross-modal-rate" data-rate={c.rate ?? ''} data-meets={String(c.meetsTarget)}>
            <span className={`badge tone-${tone}`}>{c.rate === null ? '—' : formatPct(c.rate)}</span>{' '}
            {t('report.crossModalRate', { consistent: c.consistent, evaluated: c.evaluated, target: formatPct(c.target), rules: c.rules })}
          </p>
          {c.inconsistent.length > 0 ? (
            <table className="data-table report-table">
              <thead>
                <tr>
                  <th>{t('report.colTask')}</th>
                  <th>{t('report.colProblems')}</th>
                </tr>
              </thead>
              <tbody>
                {c.inconsistent.map((item) => (
                  <tr key={item.taskId} data-testid="report-inconsistent" data-task={item.taskId}>
                    <td>
                      <code>#{item.taskId}</code>
                    </td>
                    <td className="small">{item.problems.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </Section>
  );
}

function ClassBalance({ balance }: { balance: Report['ml']['classBalance'][number] }) {
  const { t } = useI18n();
  const bars = classBars(balance.counts);
  return (
    <div className="report-card" data-testid="report-class-balance" data-control={balance.control}>
      <h3>{t('report.control', { control: balance.control })}</h3>
      {bars.length === 0 ? <p className="muted small">{t('report.noClasses')}</p> : null}
      <ul className="report-bars">
        {bars.map((b) => (
          <li key={b.label} data-testid="report-class" data-label={b.label} data-count={b.count}>
            <span className="report-bar-label" title={b.label}>
              {b.label}
            </span>
            <span className="report-bar">
              <span className="report-bar-fill" style={{ width: `${Math.max(b.width * 100, b.count > 0 ? 1 : 0)}%` }} />
            </span>
            <span className="report-bar-count">
              {b.count} <span className="muted">({formatPct(b.share)})</span>
            </span>
          </li>
        ))}
      </ul>
      <dl className="report-facts report-facts-tight">
        <Fact label={t('report.imbalance')}>{formatRatio(balance.imbalanceRatio)}</Fact>
        <Fact label={t('report.entropy')}>{formatNumber(balance.normalizedEntropy)}</Fact>
        <Fact label={t('report.gini')}>{formatNumber(balance.giniImpurity)}</Fact>
      </dl>
    </div>
  );
}

function MlIndicators({ report }: { report: Report }) {
  const { t } = useI18n();
  const { classBalance, labelDiversity, duplicates, nearDuplicates } = report.ml;
  return (
    <Section title={t('report.ml')} testId="report-ml">
      <h3 className="report-subtitle">{t('report.classBalance')}</h3>
      {classBalance.length === 0 ? <p className="muted small">{t('report.noChoiceControls')}</p> : null}
      <div className="report-cards">
        {classBalance.map((b) => (
          <ClassBalance key={b.control} balance={b} />
        ))}
      </div>
      <h3 className="report-subtitle">{t('report.diversity')}</h3>
      <dl className="report-facts report-facts-block">
        <Fact label={t('report.diversityItems')}>{labelDiversity ? labelDiversity.items : DASH}</Fact>
        <Fact label={t('report.distinctLabels')}>{labelDiversity ? labelDiversity.distinctLabels : DASH}</Fact>
        <Fact label={t('report.meanLabels')}>{formatNumber(labelDiversity?.meanLabelsPerItem, 2)}</Fact>
        <Fact label={t('report.entropy')}>{formatNumber(labelDiversity?.normalizedEntropy)}</Fact>
      </dl>
      <h3 className="report-subtitle">{t('report.duplication')}</h3>
      <dl className="report-facts">
        <Fact label={t('report.duplicates')} testId="report-duplicates">
          <span className="report-rate">{formatPct(duplicates.rate)}</span>{' '}
          <span className="muted small">{t('report.duplicatesHint', { duplicates: duplicates.duplicates, total: duplicates.total })}</span>
        </Fact>
        <Fact label={t('report.nearDuplicates')} testId="report-near-duplicates">
          <span className="report-rate">{formatPct(nearDuplicates.rate)}</span>{' '}
          <span className="muted small">
            {t('report.nearDuplicatesHint', { duplicates: nearDuplicates.duplicates, evaluated: nearDuplicates.evaluated, threshold: nearDuplicates.threshold })}
          </span>
        </Fact>
      </dl>
    </Section>
  );
}

function LabelMethods({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <Section title={t('report.methods')} intro={t('report.methodsIntro')} testId="report-methods">
      <table className="data-table report-table report-table-narrow">
        <thead>
          <tr>
            <th>{t('report.colMethod')}</th>
            <th className="col-num">{t('report.colTasks')}</th>
            <th className="col-num">{t('report.colShare')}</th>
          </tr>
        </thead>
        <tbody>
          {labelMethodRows(report.labelMethods).map((row) => {
            const key = labelMethodKey(row.method);
            return (
              <tr key={row.method} data-testid="report-method" data-method={row.method} data-count={row.count}>
                <td>{key ? t(key) : row.method}</td>
                <td className="col-num">{row.count}</td>
                <td className="col-num">{formatPct(row.share)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

function ProcessChecks({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <Section title={t('report.process')} testId="report-process">
      <table className="data-table report-table">
        <thead>
          <tr>
            <th>{t('report.colCheck')}</th>
            <th>{t('report.colResult')}</th>
            <th>{t('report.colDetail')}</th>
          </tr>
        </thead>
        <tbody>
          {report.process.map((c) => {
            const key = processCheckKey(c.check);
            return (
              <tr key={c.check} data-testid="report-check" data-check={c.check} data-status={c.status}>
                <td className="report-name" title={c.check}>
                  {key ? t(key) : c.check}
                </td>
                <td>
                  <span className={`badge tone-${processTone(c.status)}`} data-testid="report-check-status">
                    {t(`report.status.${c.status}`)}
                  </span>
                </td>
                <td className="muted small">{c.detail}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

function GeneratedAt({ at }: { at: string }) {
  const { t, locale } = useI18n();
  return <p className="muted small report-footer">{t('report.footer', { time: new Date(at).toLocaleString(locale) })}</p>;
}
