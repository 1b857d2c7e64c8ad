import { useCallback, useState } from 'react';
import type { WorkPackageItemDto } from '@yungang/core';
import { workPackagesApi, type WorkPackageItemFilter } from '../api/work-packages-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { itemPreview, resultSummary } from './work-package-format.ts';

const FILTERS: readonly WorkPackageItemFilter[] = ['all', 'delivered', 'sampled', 'reviewed'];
const PAGE = 100;

/**
 * A package's items: the shared fields, the vendor's delivered label and the client's verdict. The client,
 * once the package is delivered, draws a reproducible sample and accepts or rejects items (a rejection
 * needs a reason: it is printed on the statement). The vendor sees the same table read-only.
 */
export function PackageItems({ packageId, mayReview }: { packageId: string; mayReview: boolean }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [filter, setFilter] = useState<WorkPackageItemFilter>('all');
  const [offset, setOffset] = useState(0);
  const [size, setSize] = useState('5');
  const [drawn, setDrawn] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => workPackagesApi.items(api, packageId, { filter, offset, limit: PAGE }), [api, packageId, filter, offset]);
  const items = useLoad(load);

  const sample = async () => {
    setError(null);
    const n = Number(size);
    if (!Number.isInteger(n) || n < 1) {
      setError(new Error(t('workPackages.sampleSizeInvalid')));
      return;
    }
    try {
      const out = await workPackagesApi.sample(api, packageId, n);
      setDrawn(out.sampled.length);
      setOffset(0);
      setFilter('sampled');
      items.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="panel" data-testid="wp-items">
      <h2 className="panel-title">{t('workPackages.itemsTitle')}</h2>
      <div className="wp-toolbar">
        <label className="row-gap">
          <span className="small">{t('workPackages.filter')}</span>
          <select
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as WorkPackageItemFilter);
              setOffset(0);
            }}
            data-testid="wp-filter"
          >
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`workPackages.filter.${f}`)}
              </option>
            ))}
          </select>
        </label>
        {mayReview ? (
          <>
            <span className="push-right small">{t('workPackages.sampleSize')}</span>
            <input type="number" min={1} max={100000} value={size} onChange={(e) => setSize(e.target.value)} data-testid="wp-sample-size" />
            <button type="button" className="btn" onClick={() => void sample()} data-testid="wp-sample">
              {t('workPackages.sample')}
            </button>
          </>
        ) : null}
      </div>
      {drawn !== null ? (
        <div className="alert alert-ok" data-testid="wp-sampled">
          {t('workPackages.sampled', { count: drawn })}
        </div>
      ) : null}
      <ErrorMessage error={items.error ?? error} />
      {items.data ? (
        items.data.length === 0 ? (
          <p className="muted">{t('workPackages.noItems')}</p>
        ) : (
          <table className="data-table wp-items">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('workPackages.itemData')}</th>
                <th>{t('workPackages.itemResult')}</th>
                <th>{t('workPackages.itemVerdict')}</th>
                {mayReview ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {items.data.map((item) => (
                <ItemRow key={item.sourceTaskId} packageId={packageId} item={item} mayReview={mayReview} onReviewed={items.reload} />
              ))}
            </tbody>
          </table>
        )
      ) : items.error ? null : (
        <Spinner />
      )}
      <div className="pager">
        <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t('workPackages.prev')}
        </button>
        <button type="button" className="btn btn-small" disabled={(items.data?.length ?? 0) < PAGE} onClick={() => setOffset(offset + PAGE)}>
          {t('workPackages.next')}
        </button>
      </div>
    </section>
  );
}

function ItemRow({ packageId, item, mayReview, onReviewed }: { packageId: string; item: WorkPackageItemDto; mayReview: boolean; onReviewed: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const review = async (verdict: 'accepted' | 'rejected') => {
    setError(null);
    try {
      await workPackagesApi.review(api, packageId, item.sourceTaskId, verdict, verdict === 'rejected' ? reason.trim() : undefined);
      setReason('');
      onReviewed();
    } catch (e) {
      setError(e);
    }
  };
  const summary = resultSummary(item.result);
  return (
    <tr data-testid="wp-item" data-task-id={item.sourceTaskId} data-verdict={item.verdict ?? ''} data-sampled={item.sampled}>
      {/* Positions are 1-based (the order the tasks were chosen in). */}
      <td className="muted">{item.position}</td>
      <td className="cell-text">
        {itemPreview(item.data)}
        {item.sampled ? (
          <>
            {' '}
            <span className="badge tone-pending">{t('workPackages.sampledBadge')}</span>
          </>
        ) : null}
      </td>
      <td className="wp-result">{item.delivered ? summary || '—' : <span className="muted">{t('workPackages.notDelivered')}</span>}</td>
      <td>
        {item.verdict ? (
          <>
            <span className={`badge ${item.verdict === 'accepted' ? 'tone-ok' : 'tone-bad'}`}>{t(`workPackages.verdict.${item.verdict}`)}</span>
            {item.reason ? <div className="small">{item.reason}</div> : null}
            {item.reviewedBy ? <div className="muted small">{item.reviewedBy}</div> : null}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      {mayReview ? (
        <td>
          {item.delivered ? (
            <div className="wp-review">
              <button type="button" className="btn btn-small" onClick={() => void review('accepted')} data-testid="wp-item-accept">
                {t('workPackages.verdictAccept')}
              </button>
              <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('workPackages.rejectReason')} maxLength={2000} data-testid="wp-item-reason" />
              <button type="button" className="btn btn-small btn-danger" disabled={!reason.trim()} onClick={() => void review('rejected')} data-testid="wp-item-reject">
                {t('workPackages.verdictReject')}
              </button>
            </div>
          ) : null}
          <ErrorMessage error={error} />
        </td>
      ) : null}
    </tr>
  );
}
