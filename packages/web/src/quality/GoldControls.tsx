import { useCallback, useState } from 'react';
import type { AnnotationDto } from '@yungang/core';
import type { ApiClient } from '../api/client.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/i18n.tsx';
import { resultFromJson } from '../workbench/annotation-state.ts';

type GoldStatus = { kind: 'idle' } | { kind: 'set'; annotationId: string; email: string } | { kind: 'removed' };

export interface GoldState {
  status: GoldStatus;
  busy: boolean;
  error: unknown;
  makeGold: (annotation: AnnotationDto) => void;
  remove: () => void;
}

/** Gold actions on one task: make it a gold task with an annotation's result, or stop it being one. */
export function useGold(api: ApiClient, taskId: string): GoldState {
  const [status, setStatus] = useState<GoldStatus>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (work: () => Promise<GoldStatus>) => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await work());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  const makeGold = useCallback(
    (a: AnnotationDto) =>
      void run(async () => {
        await api.setGold(taskId, resultFromJson(a.result));
        return { kind: 'set', annotationId: a.id, email: a.userEmail };
      }),
    [api, taskId, run],
  );
  const remove = useCallback(
    () =>
      void run(async () => {
        await api.removeGold(taskId);
        return { kind: 'removed' };
      }),
    [api, taskId, run],
  );
  return { status, busy, error, makeGold, remove };
}

/** The task's gold line: what was just done and "Remove gold". */
export function GoldBar({ gold }: { gold: GoldState }) {
  const t = useT();
  return (
    <div className="gold-bar small" data-testid="gold-bar">
      <span className="badge badge-gold">{t('gold.title')}</span>
      {gold.status.kind === 'set' ? (
        <span className="ok-text" data-testid="gold-set">
          {t('gold.set', { email: gold.status.email })}
        </span>
      ) : null}
      {gold.status.kind === 'removed' ? (
        <span className="ok-text" data-testid="gold-removed">
          {t('gold.removed')}
        </span>
      ) : null}
      <button type="button" className="btn btn-small btn-ghost push-right" disabled={gold.busy} onClick={gold.remove} title={t('gold.removeTitle')} data-testid="gold-remove">
        {t('gold.remove')}
      </button>
      <ErrorMessage error={gold.error} />
    </div>
  );
}

/** Per annotation: make its result the task's expected (gold) answer. */
export function UseAsGoldButton({ gold, annotation }: { gold: GoldState; annotation: AnnotationDto }) {
  const t = useT();
  const isGold = gold.status.kind === 'set' && gold.status.annotationId === annotation.id;
  return (
    <button
      type="button"
      className={isGold ? 'btn btn-small btn-gold active' : 'btn btn-small btn-gold'}
      disabled={gold.busy}
      onClick={() => gold.makeGold(annotation)}
      title={t('gold.useTitle')}
      aria-pressed={isGold}
      data-testid="gold-use"
    >
      {isGold ? `★ ${t('gold.title')}` : t('gold.use')}
    </button>
  );
}
