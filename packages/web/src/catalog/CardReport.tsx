import { useCallback } from 'react';
import { catalogOrdersApi } from '../api/catalog-orders-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { formatMoney } from './order-format.ts';

/** The seller's report of a card: revenue by tier and month, orders by status, downloads per entitlement. */
export function CardReport({ cardId }: { cardId: string }) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const load = useCallback(() => catalogOrdersApi.report(api, cardId), [api, cardId]);
  const { data, error } = useLoad(load);
  return (
    <section className="panel" data-testid="card-report">
      <h2 className="panel-title">{t('catalog.report')}</h2>
      <ErrorMessage error={error} />
      {data ? (
        <>
          <p data-testid="report-totals">
            {data.totals.length === 0 ? t('catalog.reportNoRevenue') : data.totals.map((x) => t('catalog.reportTotal', { amount: formatMoney(x.revenueMinor, x.currency, locale), orders: x.orders })).join(' · ')}
          </p>
          <p className="muted">{data.ordersByStatus.map((s) => `${t(`catalog.orderStatus.${s.status}`)}: ${s.count}`).join(' · ')}</p>
          {data.revenue.length > 0 ? (
            <table className="table" data-testid="report-revenue">
              <thead>
                <tr>
                  <th>{t('catalog.reportMonth')}</th>
                  <th>{t('catalog.tier')}</th>
                  <th>{t('catalog.reportOrders')}</th>
                  <th>{t('catalog.reportRevenue')}</th>
                </tr>
              </thead>
              <tbody>
                {data.revenue.map((r) => (
                  <tr key={`${r.month}-${r.tierId}-${r.currency}`}>
                    <td>{r.month}</td>
                    <td>{r.tierName}</td>
                    <td>{r.orders}</td>
                    <td>{formatMoney(r.revenueMinor, r.currency, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <h3>{t('catalog.reportDownloads')}</h3>
          {data.downloads.length === 0 ? (
            <p className="muted">{t('catalog.none')}</p>
          ) : (
            <table className="table" data-testid="report-downloads">
              <tbody>
                {data.downloads.map((d) => (
                  <tr key={d.entitlementId}>
                    <td>{d.buyerOrgName}</td>
                    <td>{d.orderId ? t('catalog.reportByOrder') : t('catalog.reportByRequest')}</td>
                    <td>{t('catalog.downloadsUsed', { used: d.downloads, limit: d.downloadLimit ?? '∞' })}</td>
                    <td className="muted">{d.lastDownloadAt ? new Date(d.lastDownloadAt).toLocaleString() : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : (
        <Spinner />
      )}
    </section>
  );
}
