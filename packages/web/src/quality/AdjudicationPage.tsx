import { useCallback, useEffect, useEffectEvent, useReducer, useState } from 'react';
import type { AdjudicationItemDto, ValidationIssue } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { useT } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { annotationReducer, initialHistory, resultFromJson } from '../workbench/annotation-state.ts';
import { AnnotationEditor } from '../workbench/AnnotationEditor.tsx';
import { resultIssues } from '../workbench/result-check.ts';
import { ResultIssues } from '../workbench/ResultIssues.tsx';
import { ResultSummaryView } from '../workbench/ResultSummaryView.tsx';
import { ResultView } from '../workbench/ResultView.tsx';
import { formatPct } from './quality-format.ts';
import { useQueueItem } from './use-queue-item.ts';

/**
 * Tasks whose annotators disagreed: every annotation side by side with the agreement figure; the
 * adjudicator picks one as the final result, may adjust it in the editor, and saves it.
 */
export function AdjudicationPage({ projectId }: { projectId: string }) {
  const t = useT();
  const api = useApi();
  const loadProject = useCallback(() => api.getProject(projectId), [api, projectId]);
  const project = useLoad(loadProject);
  const [chosen, setChosen] = useState<string | null>(null);
  const [history, dispatch] = useReducer(annotationReducer, undefined, () => initialHistory());
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [last, setLast] = useState<string | null>(null);
  const [done, setDone] = useState(0);

  const check = project.data ? checkLabelConfig(project.data.labelConfig) : null;
  const config = check?.ok ? check.config : null;

  const fetchNext = useCallback(() => api.nextAdjudication(projectId), [api, projectId]);
  const { phase, item, loadNext } = useQueueItem<AdjudicationItemDto>(fetchNext, () => {
    setChosen(null);
    setIssues([]);
    dispatch({ type: 'reset', result: [] });
  });

  const choose = (annotationId: string) => {
    const a = item?.task.annotations.find((x) => x.id === annotationId);
    if (!a) return;
    setChosen(a.id);
    setIssues([]);
    dispatch({ type: 'reset', result: resultFromJson(a.result) });
  };

  const save = async () => {
    if (!item || !config || !chosen || busy) return;
    setActionError(null);
    const found = resultIssues(config, item.task.data, history.present, (name) => t('workbench.required', { name }));
    setIssues(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await api.adjudicate(item.task.id, history.present);
      setLast(item.task.id);
      setDone((n) => n + 1);
      await loadNext();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      void save();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  return (
    <div className="workbench adjudication-page" data-testid="adjudication-page">
      <div className="workbench-head">
        <div className="workbench-title">
          <Link to={`/projects/${projectId}`} className="muted">
            {project.data?.name ?? t('common.loading')}
          </Link>
          <span className="sep">/</span>
          <strong>{t('adjudicate.title')}</strong>
          {item ? (
            <>
              <span className="sep">/</span>
              <span>{t('workbench.taskTitle', { id: item.task.id })}</span>
              <span className="badge badge-agreement" data-testid="adjudication-agreement" data-agreement={item.agreement}>
                {t('adjudicate.agreement', { pct: formatPct(item.agreement) })}
              </span>
            </>
          ) : null}
        </div>
        <div className="workbench-meta muted small">
          <span>{t('adjudicate.doneCount', { count: done })}</span>
        </div>
        <div className="workbench-actions">
          <Link to={`/projects/${projectId}`} className="btn">
            {t('review.backToProject')}
          </Link>
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={!item || !config || !chosen || busy} title="Ctrl+Enter" data-testid="adjudication-save">
            {busy ? t('adjudicate.saving') : t('adjudicate.save')} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </div>
      <ErrorMessage error={project.error} />
      {check && !check.ok ? <div className="alert alert-error">{t('workbench.badConfig')}</div> : null}
      {last ? (
        <div className="alert alert-ok" role="status" data-testid="adjudication-saved">
          {t('adjudicate.saved', { id: last })}
        </div>
      ) : null}
      <ErrorMessage error={actionError} />
      <ResultIssues issues={issues} />
      {phase.kind === 'loading' ? <Spinner /> : null}
      {phase.kind === 'error' ? <ErrorMessage error={phase.error} /> : null}
      {phase.kind === 'empty' ? (
        <div className="empty empty-large" data-testid="adjudication-empty">
          <h2>{t('adjudicate.empty')}</h2>
          <p className="muted">{t('adjudicate.emptyHint')}</p>
          <div className="row-gap">
            <Link to={`/projects/${projectId}/quality`} className="btn btn-primary">
              {t('review.backToProject')}
            </Link>
            <button type="button" className="btn" onClick={() => void loadNext()}>
              {t('review.checkAgain')}
            </button>
          </div>
        </div>
      ) : null}
      {item ? (
        <>
          <h3>{t('adjudicate.annotations', { count: item.task.annotations.length })}</h3>
          <div className="adjudication-grid" data-testid="adjudication-annotations">
            {item.task.annotations.map((a) => {
              const result = resultFromJson(a.result);
              const isChosen = chosen === a.id;
              return (
                <div key={a.id} className={isChosen ? 'panel adjudication-card chosen' : 'panel adjudication-card'} data-testid="adjudication-card" data-annotation-id={a.id}>
                  <div className="adjudication-card-head">
                    <strong>{a.userEmail}</strong>
                    <span className="badge">v{a.version}</span>
                    <button type="button" className={isChosen ? 'btn btn-small btn-primary push-right' : 'btn btn-small push-right'} onClick={() => choose(a.id)} aria-pressed={isChosen} data-testid="adjudication-choose">
                      {isChosen ? `✓ ${t('adjudicate.chosen')}` : t('adjudicate.choose')}
                    </button>
                  </div>
                  {config ? <ResultView config={config} data={item.task.data} result={result} compact /> : <ResultSummaryView result={result} />}
                </div>
              );
            })}
          </div>
          <section className="adjudication-final" data-testid="adjudication-final">
            <h3>{t('adjudicate.final')}</h3>
            <p className="muted small">{t('adjudicate.finalHint')}</p>
            {chosen && config ? (
              <AnnotationEditor config={config} data={item.task.data} history={history} dispatch={dispatch} hotkeyScope="window" />
            ) : (
              <div className="empty">{t('adjudicate.pickFirst')}</div>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}
