import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { InspectionDto, InspectionItemDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { resultFromJson } from '../workbench/annotation-state.ts';
import { ResultSummaryView } from '../workbench/ResultSummaryView.tsx';
import { ResultView } from '../workbench/ResultView.tsx';
import { inspectionFigures, inspectionHotkey, itemNumber, judgementBody, judgementProblem, newerInspection, type Judgement } from './inspection-format.ts';
import { formatPct } from './quality-format.ts';
import { labelMethodKey } from './report-format.ts';
import { useQueueItem } from './use-queue-item.ts';
import { JudgementComment } from './JudgementComment.tsx';

interface Judged {
  judgement: Judgement;
  taskId: string;
}

/**
 * Final inspection of a dataset version: one sampled record at a time with the label the version
 * delivers (and how it was decided), read-only; the inspector says correct (C/A) or wrong with a comment
 * (W/R). The running accuracy with its 95% interval and "n of N" stay in view; when every sampled record
 * is judged the page shows the final figure.
 */
export function InspectionPage({ projectId, versionId, inspectionId }: { projectId: string; versionId: string; inspectionId: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const loadProject = useCallback(() => api.getProject(projectId), [api, projectId]);
  const project = useLoad(loadProject);
  const loadVersion = useCallback(() => api.getDatasetVersion(versionId), [api, versionId]);
  const version = useLoad(loadVersion);
  const loadInspections = useCallback(() => api.listInspections(versionId), [api, versionId]);
  const inspections = useLoad(loadInspections);
  const [judgedReading, setJudgedReading] = useState<InspectionDto | null>(null);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<'commentRequired' | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [last, setLast] = useState<Judged | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);

  const listed = inspections.data?.find((i) => i.id === inspectionId) ?? null;
  const inspection = newerInspection(listed, judgedReading);
  const notFound = inspections.data !== null && listed === null;
  const figures = inspection ? inspectionFigures(inspection) : null;

  const check = project.data ? checkLabelConfig(project.data.labelConfig) : null;
  const config = check?.ok ? check.config : null;

  const fetchNext = useCallback(() => api.nextInspectionItem(inspectionId), [api, inspectionId]);
  const { phase, item, loadNext } = useQueueItem<InspectionItemDto>(fetchNext, () => {
    setComment('');
    setProblem(null);
  });

  // Nothing left to hand out: read the figures again (other inspectors may have judged the rest).
  const reloadInspections = inspections.reload;
  useEffect(() => {
    if (phase.kind === 'empty') reloadInspections();
  }, [phase.kind, reloadInspections]);

  const judge = async (judgement: Judgement) => {
    if (!item || busy) return;
    setActionError(null);
    const found = judgementProblem(judgement, comment);
    setProblem(found);
    if (found) {
      commentRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      setJudgedReading(await api.judgeInspectionItem(item.id, judgementBody(judgement, comment)));
      setLast({ judgement, taskId: item.taskId });
      await loadNext();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const judgement = inspectionHotkey(event);
    if (!judgement || !item) return;
    event.preventDefault();
    void judge(judgement);
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const datasetsPath = `/projects/${projectId}/datasets`;
  const methodKey = item ? labelMethodKey(item.label.method) : null;
  const result = item ? resultFromJson(item.label.result) : null;
  return (
    <div className="workbench review-page inspection-page" data-testid="inspection-page">
      <div className="workbench-head">
        <div className="workbench-title">
          <Link to={`/projects/${projectId}`} className="muted">
            {project.data?.name ?? t('common.loading')}
          </Link>
          <span className="sep">/</span>
          <Link to={datasetsPath} className="muted">
            {version.data ? t('report.datasetVersionValue', { version: version.data.version, name: version.data.name }) : t('project.tab.datasets')}
          </Link>
          <span className="sep">/</span>
          <strong>{t('inspection.title')}</strong>
          {item ? (
            <>
              <span className="sep">/</span>
              <span>{t('workbench.taskTitle', { id: item.taskId })}</span>
            </>
          ) : null}
        </div>
        <div className="workbench-meta muted small">
          {item && inspection ? <span data-testid="inspection-counter">{t('inspection.counter', { n: itemNumber(inspection), total: inspection.sampleSize })}</span> : null}
          {figures ? <span data-testid="inspection-page-progress">{t('inspection.progress', { inspected: figures.inspected, sampleSize: figures.sampleSize })}</span> : null}
        </div>
        <div className="workbench-actions">
          <Link to={datasetsPath} className="btn" data-testid="inspection-back">
            {t('inspection.backToDatasets')}
          </Link>
          <button type="button" className="btn btn-danger" onClick={() => void judge('wrong')} disabled={!item || busy} title="W / R" data-testid="inspection-wrong">
            {t('inspection.wrong')} <kbd>W</kbd>
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void judge('correct')} disabled={!item || busy} title="C / A" data-testid="inspection-correct">
            {t('inspection.correct')} <kbd>C</kbd>
          </button>
        </div>
      </div>
      <ErrorMessage error={project.error} />
      <ErrorMessage error={inspections.error} />
      {notFound ? <div className="alert alert-error">{t('inspection.notFound')}</div> : null}
      {check && !check.ok ? <div className="alert alert-error">{t('workbench.badConfig')}</div> : null}
      {last ? (
        <div className={last.judgement === 'correct' ? 'alert alert-ok' : 'alert alert-warn'} role="status" data-testid="inspection-last" data-judgement={last.judgement}>
          {last.judgement === 'correct' ? t('inspection.judgedCorrect', { id: last.taskId }) : t('inspection.judgedWrong', { id: last.taskId })}
        </div>
      ) : null}
      <ErrorMessage error={actionError} />
      {phase.kind === 'loading' ? <Spinner /> : null}
      {phase.kind === 'error' ? <ErrorMessage error={phase.error} /> : null}
      {phase.kind === 'empty' && figures && inspection ? (
        figures.complete ? (
          <div className="empty empty-large inspection-done" data-testid="inspection-complete">
            <h2>{t('inspection.completeTitle')}</h2>
            <p className="inspection-final" data-testid="inspection-final">
              {figures.interval ? t('inspection.finalFigure', { estimate: figures.estimate, interval: figures.interval }) : figures.estimate}
            </p>
            {inspection.lower !== null ? <p className="muted">{t('inspection.promise', { lower: formatPct(inspection.lower) })}</p> : null}
            <p className="muted small">{t('inspection.completeHint', { sampleSize: inspection.sampleSize, correct: inspection.correct })}</p>
            <Link to={datasetsPath} className="btn btn-primary">
              {t('inspection.backToDatasets')}
            </Link>
          </div>
        ) : (
          <div className="empty empty-large" data-testid="inspection-waiting">
            <h2>{t('inspection.waiting')}</h2>
            <p className="muted">{t('inspection.waitingHint', { remaining: figures.remaining })}</p>
            <button type="button" className="btn" onClick={() => void loadNext()} data-testid="inspection-check-again">
              {t('review.checkAgain')}
            </button>
          </div>
        )
      ) : null}
      {phase.kind === 'empty' && !inspection && !notFound ? <Spinner /> : null}
      {item && result ? (
        <div className="annotator review-body" data-testid="inspection-item" data-item-id={item.id} data-task-id={item.taskId} data-method={item.label.method}>
          <div className="annotator-main">
            <h3 className="muted small inspection-label-head">
              {t('inspection.label')}{' '}
              <span className={`badge badge-method method-${item.label.method}`} title={t('inspection.methodTitle')} data-testid="inspection-method">
                {methodKey ? t(methodKey) : item.label.method}
              </span>
            </h3>
            {config ? <ResultView config={config} data={item.data} result={result} /> : <ResultSummaryView result={result} testId="result-view" />}
          </div>
          <aside className="annotator-side review-side inspection-side">
            {inspection && figures ? (
              <section className="inspection-running" data-testid="inspection-running">
                <h3>{t('inspection.running')}</h3>
                <div className="inspection-running-value" data-testid="inspection-estimate">
                  {figures.interval ? t('inspection.accuracy', { estimate: figures.estimate, interval: figures.interval }) : figures.estimate}
                </div>
                <ProgressBar value={figures.inspected} total={figures.sampleSize} />
                <div className="muted small">{t('inspection.progress', { inspected: figures.inspected, sampleSize: figures.sampleSize })}</div>
              </section>
            ) : null}
            <div className="small muted">{t('review.expires', { time: new Date(item.expiresAt).toLocaleTimeString(locale) })}</div>
            <JudgementComment
              label={t('inspection.comment')}
              placeholder={t('inspection.commentPlaceholder')}
              requiredMessage={t('inspection.commentRequired')}
              value={comment}
              missing={problem !== null}
              onChange={(value) => {
                setComment(value);
                if (value.trim()) setProblem(null);
              }}
              inputRef={commentRef}
              testId="inspection"
            />
            <p className="muted small">{t('inspection.hotkeys')}</p>
          </aside>
        </div>
      ) : null}
    </div>
  );
}
