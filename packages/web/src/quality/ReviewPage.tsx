import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { evaluateConsistency, type ReviewDto, type ReviewItemDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { resultFromJson } from '../workbench/annotation-state.ts';
import { ResultSummaryView } from '../workbench/ResultSummaryView.tsx';
import { ResultView } from '../workbench/ResultView.tsx';
import { decisionBody, decisionProblem, reviewHotkey, statusTone, type ReviewDecision } from './quality-format.ts';
import { useQueueItem } from './use-queue-item.ts';
import { JudgementComment } from './JudgementComment.tsx';
import { JudgePanel } from '../models/JudgePanel.tsx';
import { TranscriptAlignment } from './TranscriptAlignment.tsx';
import type { TranscriptReference } from './transcript-references.ts';

interface Decided {
  decision: ReviewDecision;
  taskId: string;
  lot: ReviewDto['lot'];
}

/**
 * The reviewer's queue: one submission at a time, read-only, with why it is in review and earlier
 * decisions on it; accept (A) or reject with a comment (R), then the next one.
 */
export function ReviewPage({ projectId }: { projectId: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const loadProject = useCallback(() => api.getProject(projectId), [api, projectId]);
  const project = useLoad(loadProject);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<'commentRequired' | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [last, setLast] = useState<Decided | null>(null);
  const [done, setDone] = useState(0);
  const commentRef = useRef<HTMLTextAreaElement>(null);

  const check = project.data ? checkLabelConfig(project.data.labelConfig) : null;
  const config = check?.ok ? check.config : null;

  const fetchNext = useCallback(() => api.nextReview(projectId), [api, projectId]);
  const { phase, item, loadNext } = useQueueItem<ReviewItemDto>(fetchNext, () => {
    setComment('');
    setProblem(null);
  });

  const decide = async (decision: ReviewDecision) => {
    if (!item || busy) return;
    setActionError(null);
    const found = decisionProblem(decision, comment);
    setProblem(found);
    if (found) {
      commentRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const review = await api.decideReview(item.id, decisionBody(decision, comment));
      setLast({ decision, taskId: item.task.id, lot: review.lot });
      setDone((n) => n + 1);
      await loadNext();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const decision = reviewHotkey(event);
    if (!decision || !item) return;
    event.preventDefault();
    void decide(decision);
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const annotation = item?.annotation;
  return (
    <div className="workbench review-page" data-testid="review-page">
      <div className="workbench-head">
        <div className="workbench-title">
          <Link to={`/projects/${projectId}`} className="muted">
            {project.data?.name ?? t('common.loading')}
          </Link>
          <span className="sep">/</span>
          <strong>{t('review.title')}</strong>
          {item ? (
            <>
              <span className="sep">/</span>
              <span>{t('workbench.taskTitle', { id: item.task.id })}</span>
              <span className={`badge badge-reason reason-${item.reason}`} title={t('review.reasonTitle')} data-testid="review-reason" data-reason={item.reason}>
                {t(`review.reason.${item.reason}`)}
              </span>
              {annotation ? <span className="badge">{t('review.version', { version: annotation.version })}</span> : null}
            </>
          ) : null}
        </div>
        <div className="workbench-meta muted small">
          {annotation ? <span data-testid="review-annotator">{t('review.annotator', { email: annotation.userEmail })}</span> : null}
          <span data-testid="review-done-count">{t('review.doneCount', { count: done })}</span>
        </div>
        <div className="workbench-actions">
          <Link to={`/projects/${projectId}`} className="btn" data-testid="review-back">
            {t('review.backToProject')}
          </Link>
          <button type="button" className="btn btn-danger" onClick={() => void decide('reject')} disabled={!item || busy} title="R" data-testid="review-reject">
            {t('review.reject')} <kbd>R</kbd>
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void decide('accept')} disabled={!item || busy} title="A" data-testid="review-accept">
            {t('review.accept')} <kbd>A</kbd>
          </button>
        </div>
      </div>
      <ErrorMessage error={project.error} />
      {check && !check.ok ? <div className="alert alert-error">{t('workbench.badConfig')}</div> : null}
      {last ? (
        <div className={last.decision === 'accept' ? 'alert alert-ok' : 'alert alert-warn'} role="status" data-testid="review-last" data-decision={last.decision}>
          {last.decision === 'accept' ? t('review.accepted', { id: last.taskId }) : t('review.rejected', { id: last.taskId })}
          {last.lot ? (
            <span className={`badge tone-${statusTone(last.lot.status)}`} data-testid="review-lot-status">
              {t('review.lotDecided', { status: t(`lot.status.${last.lot.status}`) })}
            </span>
          ) : null}
        </div>
      ) : null}
      <ErrorMessage error={actionError} />
      {phase.kind === 'loading' ? <Spinner /> : null}
      {phase.kind === 'error' ? <ErrorMessage error={phase.error} /> : null}
      {phase.kind === 'empty' ? (
        <div className="empty empty-large" data-testid="review-empty">
          <h2>{t('review.empty')}</h2>
          <p className="muted">{t('review.emptyHint', { count: done })}</p>
          <div className="row-gap">
            <Link to={`/projects/${projectId}/quality`} className="btn btn-primary">
              {t('review.backToProject')}
            </Link>
            <button type="button" className="btn" onClick={() => void loadNext()} data-testid="review-check-again">
              {t('review.checkAgain')}
            </button>
          </div>
        </div>
      ) : null}
      {item && annotation ? (
        <div className="annotator review-body" data-testid="review-item" data-review-id={item.id} data-task-id={item.task.id} data-annotation-id={annotation.id}>
          <div className="annotator-main">
            <h3 className="muted small">{t('review.result')}</h3>
            {config ? (
              <ResultView config={config} data={item.task.data} result={resultFromJson(annotation.result)} />
            ) : (
              <ResultSummaryView result={resultFromJson(annotation.result)} testId="result-view" />
            )}
            {config ? <TranscriptAlignment config={config} result={resultFromJson(annotation.result)} references={transcriptReferences(item)} /> : null}
          </div>
          <aside className="annotator-side review-side">
            <div className="small muted">{t('review.expires', { time: new Date(item.expiresAt).toLocaleTimeString(locale) })}</div>
            <ConsistencyProblems rules={project.data?.qualityPolicy.consistencyRules ?? []} result={annotation.result} />
            <h3>{t('review.earlier')}</h3>
            {item.earlier.length === 0 ? <p className="muted small">{t('review.noEarlier')}</p> : null}
            <ol className="review-earlier" data-testid="review-earlier">
              {item.earlier.map((c, n) => (
                <li key={n} data-decision={c.decision}>
                  <div className="small">
                    <span className={`badge tone-${c.decision === 'accept' ? 'ok' : 'bad'}`}>{t(`review.decision.${c.decision}`)}</span> <span className="badge">v{c.version}</span>{' '}
                    <strong>{c.reviewerEmail}</strong> <span className="muted">{new Date(c.at).toLocaleString(locale)}</span>
                  </div>
                  {c.comment ? <blockquote className="review-comment">{c.comment}</blockquote> : null}
                </li>
              ))}
            </ol>
            <JudgePanel key={annotation.id} projectId={projectId} taskId={item.task.id} annotationId={annotation.id} />
            <JudgementComment
              label={t('review.comment')}
              placeholder={t('review.commentPlaceholder')}
              requiredMessage={t('review.commentRequired')}
              value={comment}
              missing={problem !== null}
              onChange={(value) => {
                setComment(value);
                if (value.trim()) setProblem(null);
              }}
              inputRef={commentRef}
              testId="review"
            />
            <p className="muted small">{t('review.hotkeys')}</p>
          </aside>
        </div>
      ) : null}
    </div>
  );
}

/** What the project's consistency rules find missing in the work under review (the same check the server made). */
function ConsistencyProblems({ rules, result }: { rules: Parameters<typeof evaluateConsistency>[0]; result: ReviewItemDto['annotation']['result'] }) {
  const { t } = useI18n();
  if (rules.length === 0) return null;
  const problems = evaluateConsistency(rules, resultFromJson(result)).rules.flatMap((r) => r.problems);
  if (problems.length === 0) return null;
  return (
    <div className="alert alert-warn small" data-testid="review-consistency">
      <strong>{t('review.consistencyProblems')}</strong>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

/** What the transcript under review can be compared with: the other annotators' work on the task, then the model's predictions. */
function transcriptReferences(item: ReviewItemDto): TranscriptReference[] {
  const others = item.task.annotations.filter((a) => a.id !== item.annotation.id).map((a): TranscriptReference => ({ key: `annotation:${a.id}`, kind: 'annotation', name: a.userEmail, result: resultFromJson(a.result) }));
  const predictions = (item.task.predictions ?? []).map((p): TranscriptReference => ({ key: `prediction:${p.id}`, kind: 'prediction', name: p.modelVersion ?? '?', result: resultFromJson(p.result) }));
  return [...others, ...predictions];
}
