import { useCallback, useEffect, useEffectEvent, useReducer, useState } from 'react';
import type { AnswerDto, AttemptDto, LabelConfig } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useT } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { annotationReducer, initialHistory, resultFromJson } from '../workbench/annotation-state.ts';
import { AnnotationEditor } from '../workbench/AnnotationEditor.tsx';
import { submittableResult } from '../workbench/result-check.ts';
import { ResultView } from '../workbench/ResultView.tsx';
import { formatCountdown, percent, remainingMs } from './countdown.ts';
import { ScoreDetail } from './ScoreDetail.tsx';

/**
 * Taking an exam with the workbench's own annotation editor, one item at a time. A real attempt shows a
 * countdown on the server's clock and nothing about the answers until it ends; practice shows each item's
 * feedback against gold as soon as it is answered. A finished attempt shows its results.
 */
export function AttemptPage({ attemptId }: { attemptId: string }) {
  const t = useT();
  const api = useApi();
  const [attempt, setAttempt] = useState<{ dto: AttemptDto; loadedAt: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [index, setIndex] = useState(0);
  const [feedback, setFeedback] = useState<AnswerDto['feedback']>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [history, dispatch] = useReducer(annotationReducer, undefined, () => initialHistory());

  // The clock reading that goes with the server's `serverNow`; the countdown ticks from the same reading.
  const show = useCallback((dto: AttemptDto) => {
    const at = Date.now();
    setNow(at);
    setAttempt({ dto, loadedAt: at });
  }, []);
  useEffect(() => {
    api.attempt(attemptId).then(show, setError);
  }, [api, attemptId, show]);

  const dto = attempt?.dto ?? null;
  const item = dto?.items[index] ?? null;
  // Each item opens with the answer saved for it, if any (saving the same item again keeps the editor and the feedback).
  const openItem = useEffectEvent(() => {
    dispatch({ type: 'reset', result: item?.answer ? resultFromJson(item.answer) : [] });
    setFeedback(null);
  });
  const itemId = item?.id;
  useEffect(() => openItem(), [itemId]);

  const timed = dto !== null && dto.status === 'in_progress' && dto.deadlineAt !== null;
  useEffect(() => {
    if (!timed) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [timed]);
  const left = timed && attempt ? remainingMs(dto.deadlineAt!, dto.serverNow, attempt.loadedAt, now) : null;

  const finish = useCallback(async () => {
    setBusy(true);
    try {
      show(await api.finishAttempt(attemptId));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, [api, attemptId, show]);

  // Time is up on screen: the server has closed it (or will on this request) as it stood at the deadline. Once only.
  const [timeUp, setTimeUp] = useState(false);
  useEffect(() => {
    if (left === 0 && !timeUp) {
      setTimeUp(true);
      void finish();
    }
  }, [left, timeUp, finish]);

  if (error && !dto) return <ErrorMessage error={error} />;
  if (!dto) return <Spinner />;
  const config = dto.labelConfig as unknown as LabelConfig;

  const save = async (thenNext: boolean) => {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.answer(dto.id, item.id, submittableResult(history.present));
      if (answer.feedback) setFeedback(answer.feedback);
      const fresh = await api.attempt(dto.id);
      show(fresh);
      if (thenNext && !answer.feedback && index < dto.items.length - 1) setIndex(index + 1);
    } catch (e) {
      setError(e);
      // A refusal after the deadline comes with the attempt closed: show its results.
      api.attempt(dto.id).then(show, () => undefined);
    } finally {
      setBusy(false);
    }
  };

  if (dto.status === 'finished') return <AttemptResults dto={dto} config={config} />;

  return (
    <div className="page page-wide" data-testid="attempt-page" data-mode={dto.mode}>
      <div className="page-head">
        <div>
          <h1>
            {dto.examTitle} · {dto.mode === 'practice' ? t('training.practice') : t('training.realAttempt')}
          </h1>
          <p className="muted">{t('training.itemOf', { n: index + 1, total: dto.items.length })}</p>
        </div>
        {left !== null ? (
          <div className={left < 60_000 ? 'countdown countdown-low' : 'countdown'} data-testid="countdown" role="timer">
            {formatCountdown(left)}
          </div>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      {item ? <AnnotationEditor key={item.id} config={config} data={item.data} history={history} dispatch={dispatch} hotkeyScope="window" /> : null}
      {feedback ? (
        <section className="panel" data-testid="practice-feedback">
          <h2 className="panel-title">
            {t('training.itemScore')}: {percent(feedback.score)}
          </h2>
          <ScoreDetail controls={feedback.controls} />
          <h3>{t('training.expected')}</h3>
          <ResultView config={config} data={item?.data ?? {}} result={resultFromJson(feedback.expected)} compact testId="practice-expected" />
        </section>
      ) : null}
      <div className="training-actions">
        <button type="button" className="btn" disabled={busy || index === 0} onClick={() => setIndex(index - 1)}>
          {t('training.previous')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save(true)} data-testid="save-answer">
          {dto.mode === 'practice' ? t('training.check') : t('training.saveAnswer')}
        </button>
        <button type="button" className="btn" disabled={busy || index >= dto.items.length - 1} onClick={() => setIndex(index + 1)} data-testid="next-item">
          {t('training.next')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void finish()} data-testid="finish-attempt">
          {t('training.finish')}
        </button>
      </div>
      <p className="muted">{t('training.answered', { n: dto.items.filter((i) => i.answer !== null).length, total: dto.items.length })}</p>
    </div>
  );
}

/** A finished attempt: the score against the pass mark, the certification it granted, per-item scores and (when allowed) the answers. */
function AttemptResults({ dto, config }: { dto: AttemptDto; config: LabelConfig }) {
  const t = useT();
  return (
    <div className="page page-wide" data-testid="attempt-results">
      <div className="crumbs">
        <Link to="/training">{t('training.title')}</Link> · <Link to={`/training/exams/${dto.examId}`}>{dto.examTitle}</Link>
      </div>
      <h1>{t('training.results')}</h1>
      <div className={dto.passed === false ? 'alert alert-error' : 'alert alert-ok'} role="status" data-testid="attempt-outcome" data-passed={String(dto.passed)}>
        <strong>
          {t('training.score')}: {percent(dto.score)} · {t('training.passMark')}: {percent(dto.passScore)}
        </strong>{' '}
        {dto.passed === null ? t('training.practiceNotCounted') : dto.passed ? t('training.passed') : t('training.notPassed')}
      </div>
      {dto.granted ? (
        <p className="alert alert-ok" data-testid="granted">
          {t('training.granted', { name: dto.granted.name })}
          {dto.granted.expiresAt ? ` ${t('training.validUntil', { date: dto.granted.expiresAt.slice(0, 10) })}` : ''}
        </p>
      ) : null}
      {dto.items.map((item, i) => (
        <section className="panel" key={item.id} data-testid="result-item">
          <h2 className="panel-title">
            {t('training.itemOf', { n: i + 1, total: dto.items.length })} · {percent(item.score)}
          </h2>
          {item.controls ? <ScoreDetail controls={item.controls} /> : null}
          <div className="form-grid">
            <div>
              <h3>{t('training.yourAnswer')}</h3>
              <ResultView config={config} data={item.data} result={resultFromJson(item.answer ?? [])} compact />
            </div>
            {item.expected ? (
              <div>
                <h3>{t('training.expected')}</h3>
                <ResultView config={config} data={item.data} result={resultFromJson(item.expected)} compact />
              </div>
            ) : null}
          </div>
        </section>
      ))}
    </div>
  );
}
