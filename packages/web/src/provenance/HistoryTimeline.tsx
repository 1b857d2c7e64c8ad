import { useCallback, useState } from 'react';
import type { HistorySubject, LogEntryDto } from '@yungang/core';
import { ApiError } from '../api/api-error.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useReloadWhile } from '../components/use-reload-while.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';
import { FactList } from './FactList.tsx';
import { InclusionProofView } from './InclusionProofView.tsx';
import { anyPending, kindMessageKey, logPosition, summarizeData } from './provenance-format.ts';

/**
 * What the transparency log holds about a task, annotation, project or dataset version, oldest first:
 * kind, who, when, content hashes, and the log position with its inclusion proof. Entries still waiting
 * for the sequencer are asked for again until they have a position.
 */
export function HistoryTimeline({ subject, id }: { subject: HistorySubject; id: string }) {
  const { t } = useI18n();
  const api = useApi();
  const load = useCallback(async (): Promise<LogEntryDto[]> => {
    try {
      return (await api.history(subject, id)).items;
    } catch (e) {
      // The log answers 404 for a subject it holds nothing about yet (a task nobody annotated).
      if (e instanceof ApiError && e.status === 404) return [];
      throw e;
    }
  }, [api, subject, id]);
  const { data, error, reload } = useLoad(load);
  useReloadWhile(data !== null && anyPending(data), reload, data);
  if (error && !data) return <ErrorMessage error={error} />;
  if (!data) return <Spinner />;
  if (data.length === 0) {
    return (
      <div className="timeline-empty muted small" data-testid="history-empty">
        {t('history.empty')}
      </div>
    );
  }
  return (
    <ol className="timeline" data-testid="history-timeline" data-subject={subject}>
      {data.map((entry, n) => (
        <TimelineEntry key={entry.index ?? `pending-${n}`} entry={entry} />
      ))}
    </ol>
  );
}

function TimelineEntry({ entry }: { entry: LogEntryDto }) {
  const { t, locale } = useI18n();
  const [showProof, setShowProof] = useState(false);
  const kindKey = kindMessageKey(entry.kind);
  const facts = summarizeData(entry.data);
  const index = entry.index;
  return (
    <li className={index === null ? 'timeline-item timeline-pending' : 'timeline-item'} data-testid="history-entry" data-kind={entry.kind} data-index={index ?? ''}>
      <div className="timeline-head">
        <strong className="timeline-kind">{kindKey ? t(kindKey) : entry.kind}</strong>
        {index !== null ? (
          <span className="badge badge-log" title={t('history.positionTitle', { index })} data-testid="history-position">
            {logPosition(index)}
          </span>
        ) : (
          <span className="badge badge-pending" title={t('history.pendingTitle')} data-testid="history-pending">
            {t('history.pending')}
          </span>
        )}
        <span className="timeline-actor">{entry.actorEmail ?? t('history.system')}</span>
        <time className="muted" dateTime={entry.at}>
          {new Date(entry.at).toLocaleString(locale)}
        </time>
        {index !== null ? (
          <button type="button" className="btn btn-small btn-ghost push-right" aria-expanded={showProof} onClick={() => setShowProof((s) => !s)} data-testid="history-proof-toggle">
            {showProof ? t('history.hideProof') : t('history.proof')}
          </button>
        ) : null}
      </div>
      {facts.length > 0 ? <FactList facts={facts} /> : null}
      {showProof && index !== null ? <InclusionProofView index={index} entry={entry.entry} /> : null}
    </li>
  );
}
