import { useCallback } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

/** The inclusion proof of log entry `index` in the newest published tree, with that tree's signed checkpoint. */
export function InclusionProofView({ index, entry }: { index: number; entry: string | null }) {
  const { t } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.inclusionProof(index), [api, index]);
  const { data, error } = useLoad(load);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Spinner />;
  return (
    <div className="proof" data-testid="history-proof" data-tree-size={data.treeSize}>
      <div className="proof-title">{t('history.proofIncluded', { size: data.treeSize, index: data.index })}</div>
      <div className="small">
        <span className="fact-label">{t('history.proofLeaf')}</span> <code title={data.leafHash}>{data.leafHash}</code>
        <span className="muted" title={data.proof.join('\n')}>
          {' · '}
          {t('history.proofPath', { count: data.proof.length })}
        </span>
      </div>
      <div className="fact-label small">{t('history.proofCheckpoint')}</div>
      <pre className="note-text" data-testid="history-checkpoint">
        {data.checkpoint}
      </pre>
      {entry ? (
        <details>
          <summary className="muted small">{t('history.proofEntry')}</summary>
          <pre className="note-text">{entry}</pre>
        </details>
      ) : null}
    </div>
  );
}
