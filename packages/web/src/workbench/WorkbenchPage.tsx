import { useCallback, useEffect, useEffectEvent, useMemo, useReducer, useRef, useState } from 'react';
import type { AnnotationResult, NextTaskDto, PredictionDto, SuggestionDto, ValidationIssue } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { useT } from '../i18n/i18n.tsx';
import { Link, navigate } from '../router/router.tsx';
import { GoldFeedback, type GoldFeedbackDto } from '../quality/GoldFeedback.tsx';
import { useApi } from '../session/session.tsx';
import { annotationReducer, initialHistory, newResultId, resultFromJson } from './annotation-state.ts';
import { copyableShapes, hasImageShapes } from './copy-previous.ts';
import { AnnotationEditor } from './AnnotationEditor.tsx';
import { isTypingTarget } from './hotkey-target.ts';
import { RecentSubmissions, useRecentSubmissions } from './RecentSubmissions.tsx';
import { consistencyWarnings, resultIssues, submittableResult } from './result-check.ts';
import { startingPrediction } from './prediction-start.ts';
import { PredictionMetaContext } from './word-confidence.tsx';
import { ResultIssues } from './ResultIssues.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { modelsApi } from '../api/models-api.ts';
import { SuggestionBanner } from './SuggestionBanner.tsx';
import { acceptSuggestion } from './suggestion-merge.ts';
import { describeContext, SuggestContextReport, type SuggestContext } from './suggest-context.ts';

type Phase =
  | { kind: 'loading' }
  | { kind: 'task'; next: NextTaskDto }
  /** A gold task was just submitted and the project gives immediate feedback: show it before moving on. */
  | { kind: 'feedback'; feedback: GoldFeedbackDto; mine: AnnotationResult; data: Record<string, unknown> }
  | { kind: 'empty' }
  | { kind: 'error'; error: unknown };

/** The annotator's workbench: take the next task, annotate, submit (Ctrl+Enter) or skip, repeat. */
export function WorkbenchPage({ projectId }: { projectId: string }) {
  const t = useT();
  const api = useApi();
  const loadProject = useCallback(() => api.getProject(projectId), [api, projectId]);
  const project = useLoad(loadProject);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [history, dispatch] = useReducer(annotationReducer, undefined, () => initialHistory());
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  // Consistency problems shown for this exact result: a second submit of the same result sends it as is.
  const [warned, setWarned] = useState<{ result: string; problems: string[] } | null>(null);
  const [done, setDone] = useState(0);
  const shownAt = useRef(0);
  const [elapsed, setElapsed] = useState(0);
  const { recent, remember } = useRecentSubmissions();

  // AI assistance (docs/models.md): shown only when the project has a model backend; a failing backend
  // answers an error next to the button and the annotator carries on by hand.
  const loadModel = useCallback(() => modelsApi.settings(api, projectId), [api, projectId]);
  const model = useLoad(loadModel);
  const [suggestion, setSuggestion] = useState<{ dto: SuggestionDto; result: AnnotationResult } | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const [suggestError, setSuggestError] = useState<unknown>(null);
  // What the editor points at (a selected box, span or segment, a text selection, an Alt+click point):
  // Alt+M asks about it; nothing selected asks about the whole task.
  const pointedAt = useRef<SuggestContext | undefined>(undefined);
  const [about, setAbout] = useState<string | null>(null);
  const reportContext = useCallback((context: SuggestContext | undefined) => {
    pointedAt.current = context;
    setAbout(describeContext(context));
  }, []);
  const check = project.data ? checkLabelConfig(project.data.labelConfig) : null;
  const config = check?.ok ? check.config : null;

  const loadNext = useCallback(async () => {
    setPhase({ kind: 'loading' });
    setIssues([]);
    setWarned(null);
    setSuggestion(null);
    setSuggestError(null);
    try {
      const next = await api.nextTask(projectId);
      if (!next.assignment || !next.task) {
        setPhase({ kind: 'empty' });
        return;
      }
      // Without an annotation of one's own, start from the model's best prediction (to be corrected).
      const prediction = next.annotation ? null : startingPrediction(next.predictions);
      dispatch({ type: 'reset', result: next.annotation ? resultFromJson(next.annotation.result) : prediction ? resultFromJson(prediction.result) : [] });
      shownAt.current = performance.now();
      setElapsed(0);
      setPhase({ kind: 'task', next });
    } catch (error) {
      setPhase({ kind: 'error', error });
    }
  }, [api, projectId]);

  useEffect(() => {
    void loadNext();
  }, [loadNext]);

  useEffect(() => {
    if (phase.kind !== 'task') return;
    const timer = window.setInterval(() => setElapsed(performance.now() - shownAt.current), 1000);
    return () => window.clearInterval(timer);
  }, [phase]);

  const current = phase.kind === 'task' ? phase.next : null;

  const submit = async () => {
    if (!current?.assignment || !current.task || !config || busy) return;
    setActionError(null);
    const result = submittableResult(history.present);
    const found = resultIssues(config, current.task.data, result, (name) => t('workbench.required', { name }));
    if (found.length > 0) {
      setIssues(found);
      return;
    }
    setIssues([]);
    const problems = consistencyWarnings(project.data?.qualityPolicy.consistencyRules ?? [], result);
    const key = JSON.stringify(result);
    if (problems.length > 0 && warned?.result !== key) {
      setWarned({ result: key, problems });
      return;
    }
    setBusy(true);
    try {
      const saved = await api.submitAnnotation(current.assignment.id, {
        result,
        leadTimeMs: Math.max(0, Math.round(performance.now() - shownAt.current)),
        ...(current.annotation ? { baseVersion: current.annotation.version } : {}),
      });
      // Keep it at hand so a mistake can be fixed right away (annotators cannot browse the task table).
      remember({ projectId, taskId: saved.taskId, annotationId: saved.id, version: saved.version, savedAt: saved.updatedAt });
      setDone((n) => n + 1);
      if (saved.goldFeedback) setPhase({ kind: 'feedback', feedback: saved.goldFeedback, mine: result, data: current.task.data });
      else await loadNext();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const skip = async () => {
    if (!current?.assignment || busy) return;
    setBusy(true);
    setActionError(null);
    try {
      await api.skipAssignment(current.assignment.id);
      await loadNext();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  // The last task this person submitted here in this session (not the one on screen, when reopened).
  const previous = current?.task && config && hasImageShapes(config) ? recent.find((r) => r.projectId === projectId && r.taskId !== current.task?.id) : undefined;
  /** Adds the shapes of the previous submission (its latest version) to this result: a video-like series of images starts from the last frame's objects. */
  const copyPrevious = async () => {
    if (!previous || !current?.task || !config || busy) return;
    setActionError(null);
    try {
      const versions = await api.annotationVersions(previous.annotationId);
      const latest = versions[versions.length - 1];
      if (latest) dispatch({ type: 'addItems', items: copyableShapes(resultFromJson(latest.result), history.present, config, current.task.data, newResultId) });
    } catch (error) {
      setActionError(error);
    }
  };

  const askSuggestion = async () => {
    const taskId = current?.task?.id;
    if (!taskId || suggesting || !model.data?.backendId) return;
    setSuggesting(true);
    setSuggestError(null);
    try {
      const context = pointedAt.current;
      const dto = await modelsApi.suggest(api, projectId, taskId, context ? { context } : {});
      setSuggestion({ dto, result: resultFromJson(dto.result) });
    } catch (error) {
      setSuggestError(error);
    } finally {
      setSuggesting(false);
    }
  };
  const takeSuggestion = () => {
    if (!suggestion) return;
    dispatch({ type: 'edit', result: acceptSuggestion(history.present, suggestion.result, newResultId) });
    setSuggestion(null);
  };

  const exit = async () => {
    if (current?.assignment) await api.releaseAssignment(current.assignment.id).catch(() => undefined);
    navigate(`/projects/${projectId}`);
  };

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      if (phase.kind === 'feedback') void loadNext();
      else void submit();
    } else if (event.altKey && event.code === 'KeyS' && !isTypingTarget(event.target)) {
      event.preventDefault();
      void skip();
    } else if (event.altKey && event.code === 'KeyM' && !isTypingTarget(event.target)) {
      event.preventDefault();
      void askSuggestion();
    } else if (suggestion && event.key === 'Tab' && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && !isTypingTarget(event.target)) {
      // Tab takes a pending suggestion, as in code completion; without one it moves focus as usual.
      event.preventDefault();
      takeSuggestion();
    } else if (suggestion && event.key === 'Escape') {
      setSuggestion(null);
    } else if (event.altKey && event.code === 'KeyC' && !isTypingTarget(event.target)) {
      // By key position, as Alt+S: Alt changes the character on macOS.
      event.preventDefault();
      void copyPrevious();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  // The prediction this task started from, whose untouched shapes the editor draws as predictions.
  const starting = current && !current.annotation ? startingPrediction(current.predictions) : null;
  const editorPrediction = useMemo(() => (starting ? { result: starting.result, score: starting.score } : null), [starting]);

  const seconds = Math.floor(elapsed / 1000);
  return (
    <div className="workbench">
      <div className="workbench-head">
        <div className="workbench-title">
          <Link to={`/projects/${projectId}`} className="muted">
            {project.data?.name ?? t('common.loading')}
          </Link>
          <span className="sep">/</span>
          <strong>{current?.task ? t('workbench.taskTitle', { id: current.task.id }) : t('workbench.title')}</strong>
          {current?.annotation ? <span className="badge">{t('workbench.continuing', { version: current.annotation.version })}</span> : null}
        </div>
        <div className="workbench-meta muted small">
          {current ? <span>{t('workbench.elapsed', { time: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` })}</span> : null}
          <span>{t('workbench.doneCount', { count: done })}</span>
        </div>
        <div className="workbench-actions">
          <button type="button" className="btn" onClick={() => void exit()} data-testid="exit-workbench">
            {t('workbench.exit')}
          </button>
          {config && hasImageShapes(config) ? (
            <button type="button" className="btn" onClick={() => void copyPrevious()} disabled={!previous || busy} data-testid="copy-previous" title="Alt+C">
              {t('workbench.copyPrevious')} <kbd>Alt+C</kbd>
            </button>
          ) : null}
          {model.data?.backendId ? (
            <button type="button" className="btn" onClick={() => void askSuggestion()} disabled={!current?.task || suggesting} data-testid="suggest" title="Alt+M">
              {suggesting ? t('workbench.suggesting') : t('workbench.suggest')} <kbd>Alt+M</kbd>
              {about ? (
                <span className="muted small" data-testid="suggest-about">
                  {' '}
                  {t('workbench.suggestAbout', { what: about })}
                </span>
              ) : null}
            </button>
          ) : null}
          <button type="button" className="btn" onClick={() => void skip()} disabled={!current || busy} data-testid="skip-task" title="Alt+S">
            {t('workbench.skip')} <kbd>Alt+S</kbd>
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={!current || !config || busy} data-testid="submit-annotation" title="Ctrl+Enter">
            {t('workbench.submit')} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </div>
      <ErrorMessage error={project.error} />
      {check && !check.ok ? <div className="alert alert-error">{t('workbench.badConfig')}</div> : null}
      <ErrorMessage error={actionError} />
      <ErrorMessage error={suggestError} />
      {suggestion ? <SuggestionBanner suggestion={suggestion.dto} result={suggestion.result} onAccept={takeSuggestion} onDismiss={() => setSuggestion(null)} /> : null}
      <ResultIssues issues={issues} />
      {warned ? (
        <div className="alert alert-warn" role="alert" data-testid="consistency-warning">
          <strong>{t('workbench.consistencyWarning')}</strong>
          <ul className="issue-list">
            {warned.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {phase.kind === 'loading' || (phase.kind === 'task' && !config && !check) ? <Spinner /> : null}
      {phase.kind === 'error' ? <ErrorMessage error={phase.error} /> : null}
      {phase.kind === 'empty' ? (
        <div className="empty empty-large" data-testid="no-more-tasks">
          <h2>{t('workbench.noMoreTasks')}</h2>
          <p className="muted">{t('workbench.noMoreTasksHint', { count: done })}</p>
          <div className="row-gap">
            <Link to={`/projects/${projectId}`} className="btn btn-primary">
              {t('workbench.backToProject')}
            </Link>
            <button type="button" className="btn" onClick={() => void loadNext()}>
              {t('workbench.checkAgain')}
            </button>
          </div>
        </div>
      ) : null}
      {phase.kind === 'feedback' ? (
        <GoldFeedback feedback={phase.feedback} mine={phase.mine} config={config} data={phase.data} onContinue={() => void loadNext()} />
      ) : null}
      {current && !current.annotation && startingPrediction(current.predictions) ? (
        <PredictionBanner prediction={startingPrediction(current.predictions)!} onReject={() => dispatch({ type: 'reset', result: [] })} onRestore={() => dispatch({ type: 'reset', result: resultFromJson(startingPrediction(current.predictions)!.result) })} />
      ) : null}
      {current?.task && config ? (
        <SuggestContextReport.Provider value={model.data?.backendId ? reportContext : null}>
          <PredictionMetaContext value={current.annotation ? null : (startingPrediction(current.predictions)?.meta ?? null)}>
            <AnnotationEditor config={config} data={current.task.data} history={history} dispatch={dispatch} hotkeyScope="window" prediction={editorPrediction} />
          </PredictionMetaContext>
        </SuggestContextReport.Provider>
      ) : null}
      <RecentSubmissions projectId={projectId} recent={recent} />
      <ShortcutHelp mode="annotate" />
    </div>
  );
}

/**
 * The task started from a model's prediction: say so, with its model and score. Its items are edited or
 * deleted one by one like any other; submitting accepts what is left, "reject all" empties the result and
 * "start from the prediction again" brings it back.
 */
function PredictionBanner({ prediction, onReject, onRestore }: { prediction: PredictionDto; onReject: () => void; onRestore: () => void }) {
  const t = useT();
  return (
    <div className="alert alert-info row-gap" data-testid="prediction-banner" data-prediction={prediction.id}>
      <span>
        {t('workbench.fromPrediction', { model: prediction.modelVersion ?? '—', count: prediction.result.length })}
        {prediction.score !== null ? <span className="muted"> · {t('workbench.predictionScore', { score: Math.round(prediction.score * 100) / 100 })}</span> : null}
      </span>
      <button type="button" className="btn btn-small" onClick={onReject} data-testid="prediction-reject">
        {t('workbench.rejectPrediction')}
      </button>
      <button type="button" className="btn btn-small" onClick={onRestore} data-testid="prediction-restore">
        {t('workbench.restorePrediction')}
      </button>
    </div>
  );
}
