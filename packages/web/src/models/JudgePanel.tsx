import { useCallback, useState } from 'react';
import type { JudgementDto } from '@yungang/core';
import { modelsApi } from '../api/models-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

/**
 * LLM-as-judge beside the work under review (docs/models.md): the verdicts stored for this annotation and
 * a button that asks the project's chat model for a new one. Advice for the reviewer, never a decision.
 */
export function JudgePanel({ projectId, taskId, annotationId }: { projectId: string; taskId: string; annotationId: string }) {
  const { t } = useI18n();
  const api = useApi();
  const load = useCallback(() => modelsApi.judgements(api, projectId, taskId), [api, projectId, taskId]);
  const stored = useLoad(load);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ask = async () => {
    setAsking(true);
    setError(null);
    try {
      await modelsApi.judge(api, projectId, taskId, { annotationId });
      stored.reload();
    } catch (e) {
      setError(e);
    } finally {
      setAsking(false);
    }
  };
  const mine = (stored.data?.items ?? []).filter((j) => j.annotationId === annotationId);
  return (
    <div className="judge-panel" data-testid="judge-panel">
      <button type="button" className="btn btn-small" onClick={() => void ask()} disabled={asking} data-testid="judge-ask">
        {asking ? t('models.judge.asking') : t('models.judge.ask')}
      </button>
      <ErrorMessage error={error ?? stored.error} />
      {mine.map((j) => (
        <Verdict key={j.id} judgement={j} />
      ))}
    </div>
  );
}

function Verdict({ judgement }: { judgement: JudgementDto }) {
  const { t } = useI18n();
  const score = Math.round(judgement.score * 100) / 100;
  return (
    <div className="judge-verdict small" data-testid="judge-verdict" data-score={score}>
      <strong className={judgement.score >= 0.5 ? 'ok' : 'bad'}>{t('models.judge.verdict', { model: judgement.modelVersion, score })}</strong> <span className="badge">v{judgement.annotationVersion}</span>
      <ul>
        {judgement.reasons.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
      {judgement.candidates ? (
        <ul>
          {judgement.candidates.map((c) => (
            <li key={c.index}>
              {t('models.judge.candidate', { index: c.index, score: Math.round(c.score * 100) / 100 })}
              {c.reasons.length > 0 ? `: ${c.reasons.join('; ')}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
