import { useCallback, useState } from 'react';
import type { DatasetVersionDto } from '@yungang/core';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { HistoryTimeline } from '../provenance/HistoryTimeline.tsx';
import { logPosition, shortHash } from '../provenance/provenance-format.ts';
import { latestInspection } from '../quality/inspection-format.ts';
import { InspectionCell, VersionInspectionPanel } from '../quality/VersionInspection.tsx';
import { useApi } from '../session/session.tsx';

/** Columns of the dataset version table (for cells that span it). */
export const VERSION_COLUMNS = 8;

export interface DatasetVersionRowProps {
  version: DatasetVersionDto;
  orgId: string;
  canExport: boolean;
  canReadHistory: boolean;
  /** May start inspections (project.write). */
  canWrite: boolean;
  /** May judge sampled labels (task.review). */
  canInspect: boolean;
}

/**
 * One dataset version: its facts, its latest final inspection, the signed-bundle download, and below the
 * row either its history or its inspections (start one, go on judging).
 */
export function DatasetVersionRow({ version: v, orgId, canExport, canReadHistory, canWrite, canInspect }: DatasetVersionRowProps) {
  const { t, locale } = useI18n();
  const api = useApi();
  const [open, setOpen] = useState<'history' | 'inspect' | null>(null);
  const loadInspections = useCallback(() => api.listInspections(v.id), [api, v.id]);
  const inspections = useLoad(loadInspections);
  const latest = inspections.data ? latestInspection(inspections.data) : null;
  const toggle = (what: 'history' | 'inspect') => setOpen((o) => (o === what ? null : what));
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
        <td className="col-inspection" data-testid="dataset-inspection">
          <InspectionCell version={v} latest={latest} canInspect={canInspect} />
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
            <button type="button" className="btn btn-small btn-ghost" aria-expanded={open === 'inspect'} onClick={() => toggle('inspect')} data-testid="dataset-inspect-toggle">
              {open === 'inspect' ? t('datasets.hideInspect') : t('datasets.inspect')}
            </button>
            {canReadHistory ? (
              <button type="button" className="btn btn-small btn-ghost" aria-expanded={open === 'history'} onClick={() => toggle('history')} data-testid="dataset-history-toggle">
                {open === 'history' ? t('datasets.hideHistory') : t('datasets.history')}
              </button>
            ) : null}
          </div>
        </td>
      </tr>
      {open === 'history' ? (
        <tr className="row-detail">
          <td colSpan={VERSION_COLUMNS}>
            <HistoryTimeline subject="dataset-version" id={v.id} />
          </td>
        </tr>
      ) : null}
      {open === 'inspect' ? (
        <tr className="row-detail">
          <td colSpan={VERSION_COLUMNS}>
            <VersionInspectionPanel version={v} inspections={inspections.data} error={inspections.error} canWrite={canWrite} canInspect={canInspect} onStarted={inspections.reload} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
