import { useState } from 'react';
import type { DatasetVersionDto } from '@yungang/core';
import { useI18n } from '../i18n/i18n.tsx';
import { HistoryTimeline } from '../provenance/HistoryTimeline.tsx';
import { logPosition, shortHash } from '../provenance/provenance-format.ts';
import { useApi } from '../session/session.tsx';

/** One dataset version: its facts, the signed-bundle download, and its history (expands below the row). */
export function DatasetVersionRow({ version: v, orgId, canExport, canReadHistory }: { version: DatasetVersionDto; orgId: string; canExport: boolean; canReadHistory: boolean }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr className={open ? 'row-open' : undefined} data-testid="dataset-version-row" data-version={v.version} data-log-index={v.logIndex ?? ''}>
        <td>
          <span className="badge">v{v.version}</span>
        </td>
        <td>
          <div className="version-name">{v.name}</div>
          {v.description ? <div className="muted small">{v.description}</div> : null}
        </td>
        <td className="col-num">{v.itemCount}</td>
        <td>
          <code className="hash" title={v.itemsRoot}>
            {shortHash(v.itemsRoot)}
          </code>
        </td>
        <td className="muted small">{new Date(v.createdAt).toLocaleString(locale)}</td>
        <td>
          {v.logIndex !== null ? (
            <span className="badge badge-log" title={t('history.positionTitle', { index: v.logIndex })} data-testid="dataset-log-index">
              {logPosition(v.logIndex)}
            </span>
          ) : (
            <span className="badge badge-pending" title={t('history.pendingTitle')} data-testid="dataset-log-pending">
              {t('history.pending')}
            </span>
          )}
        </td>
        <td className="col-row-actions">
          <div className="row-gap">
            {canExport ? (
              // The bundle carries the version's inclusion proof, so it is offered once the version is in the log.
              v.logIndex !== null ? (
                <a className="btn btn-small btn-primary" href={api.datasetBundleUrl(v.id, orgId)} download data-testid="dataset-download">
                  {t('datasets.download')}
                </a>
              ) : (
                <button type="button" className="btn btn-small" disabled>
                  {t('datasets.download')}
                </button>
              )
            ) : null}
            {canReadHistory ? (
              <button type="button" className="btn btn-small btn-ghost" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="dataset-history-toggle">
                {open ? t('datasets.hideHistory') : t('datasets.history')}
              </button>
            ) : null}
          </div>
        </td>
      </tr>
      {open ? (
        <tr className="row-detail">
          <td colSpan={7}>
            <HistoryTimeline subject="dataset-version" id={v.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
