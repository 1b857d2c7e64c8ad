import { useCallback, useState } from 'react';
import type { AttemptMode } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { percent } from './countdown.ts';

/** An exam's rules and where the caller stands; starts a real attempt or a practice run. Managers also see the items. */
export function ExamPage({ examId }: { examId: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.exam(examId), [api, examId]);
  const { data: exam, error } = useLoad(load);
  const [startError, setStartError] = useState<unknown>(null);
  const start = async (mode: AttemptMode) => {
    setStartError(null);
    try {
      const attempt = await api.startAttempt(examId, mode);
      navigate(`/training/attempts/${attempt.id}`);
    } catch (e) {
      setStartError(e);
    }
  };
  return (
    <div className="page">
      <div className="crumbs">
        <Link to="/training">{t('training.title')}</Link>
      </div>
      <ErrorMessage error={error ?? startError} />
      {!exam && !error ? <Spinner /> : null}
      {exam ? (
        <section className="panel" data-testid="exam-page">
          <h1>{exam.title}</h1>
          {exam.description ? <p>{exam.description}</p> : null}
          <dl className="fact-list">
            <dt className="fact-label">{t('training.grants')}</dt>
            <dd>{exam.certification?.name ?? '–'}</dd>
            <dt className="fact-label">{t('training.items')}</dt>
            <dd>{exam.itemCount}</dd>
            <dt className="fact-label">{t('training.passMark')}</dt>
            <dd>{percent(exam.passScore)}</dd>
            <dt className="fact-label">{t('training.timeLimit')}</dt>
            <dd>{exam.timeLimitSeconds === null ? t('training.noLimit') : t('training.minutes', { n: Math.round(exam.timeLimitSeconds / 60) })}</dd>
            <dt className="fact-label">{t('training.attemptsLeft')}</dt>
            <dd>{exam.me.remainingAttempts === null ? t('training.unlimited') : exam.me.remainingAttempts}</dd>
            <dt className="fact-label">{t('training.best')}</dt>
            <dd>{percent(exam.me.best)}</dd>
          </dl>
          {exam.me.reason ? (
            <p className="alert alert-error" data-testid="exam-blocked">
              {exam.me.nextAttemptAt ? t('training.coolDownUntil', { at: new Date(exam.me.nextAttemptAt).toLocaleString(locale) }) : t('training.noAttemptsLeft')}
            </p>
          ) : null}
          <div className="training-actions">
            <button type="button" className="btn btn-primary" disabled={!exam.me.canStart} onClick={() => void start('exam')} data-testid="start-exam">
              {exam.me.inProgressAttemptId ? t('training.resume') : t('training.start')}
            </button>
            <button type="button" className="btn" onClick={() => void start('practice')} data-testid="start-practice">
              {t('training.practice')}
            </button>
          </div>
          <p className="muted">{t('training.practiceNote')}</p>
          {exam.items ? (
            <details>
              <summary>{t('training.itemsJson')}</summary>
              <pre className="preview-json">{JSON.stringify(exam.items, null, 2)}</pre>
            </details>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
