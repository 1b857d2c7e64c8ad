import { useCallback, useState } from 'react';
import type { SettlementDto, WorkPackageDto } from '@yungang/core';
import { workPackagesApi } from '../api/work-packages-api.ts';
import { formatMoney } from '../catalog/order-format.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { formatPercent } from './work-package-format.ts';

/**
 * Settlement: the client's settle button on a delivered package, and, once settled, the stored statement
 * both sides read (accuracy against the floor, each deduction explained, the total) with its CSV.
 */
export function SettlementPanel({ pkg, maySettle, onSettled }: { pkg: WorkPackageDto; maySettle: boolean; onSettled: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const settled = pkg.stage === 'settled';
  const load = useCallback(() => (settled ? workPackagesApi.settlement(api, pkg.id) : Promise.resolve(null)), [api, pkg.id, settled]);
  const statement = useLoad(load);
  if (!settled && !maySettle) return null;

  const settle = async () => {
    if (!window.confirm(t('workPackages.confirmSettle'))) return;
    setError(null);
    setBusy(true);
    try {
      await workPackagesApi.settle(api, pkg.id);
      onSettled();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel wp-statement" data-testid="wp-settlement">
      <h2 className="panel-title">{t('workPackages.settlement')}</h2>
      {!settled ? (
        <>
          <p className="muted small">{t('workPackages.settleHint')}</p>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void settle()} data-testid="wp-settle">
            {t('workPackages.act.settle')}
          </button>
        </>
      ) : null}
      <ErrorMessage error={error ?? statement.error} />
      {statement.data ? <Statement statement={statement.data} packageId={pkg.id} /> : null}
    </section>
  );
}

function Statement({ statement: s, packageId }: { statement: SettlementDto; packageId: string }) {
  const { t, locale } = useI18n();
  const { org } = useSession();
  const money = (minor: number) => formatMoney(minor, s.currency, locale);
  const unreviewed = s.delivered - s.reviewed;
  return (
    <div data-testid="wp-statement">
      <dl className="facts">
        <dt>{t('workPackages.st.delivered')}</dt>
        <dd>{t('workPackages.st.deliveredOf', { delivered: s.delivered, count: s.itemCount })}</dd>
        <dt>{t('workPackages.st.reviewed')}</dt>
        <dd>{t('workPackages.st.reviewedOf', { reviewed: s.reviewed, accepted: s.acceptedInReview, rejected: s.rejectedInReview })}</dd>
        <dt>{t('workPackages.st.accuracy')}</dt>
        <dd data-testid="wp-accuracy">
          {formatPercent(s.accuracy)} {s.meetsFloor ? '≥' : '<'} {formatPercent(s.qualityFloor)}{' '}
          <span className={`badge ${s.meetsFloor ? 'tone-ok' : 'tone-bad'}`}>{s.meetsFloor ? t('workPackages.st.meetsFloor') : t('workPackages.st.belowFloor')}</span>
        </dd>
        <dt>{t('workPackages.st.gross')}</dt>
        <dd>
          {s.delivered} × {money(s.unitPriceMinor)} = {money(s.grossMinor)}
        </dd>
        {s.late ? (
          <>
            <dt>{t('workPackages.st.late')}</dt>
            <dd className="tone-text-bad">{t('workPackages.st.lateYes')}</dd>
          </>
        ) : null}
      </dl>
      {s.deductions.length > 0 ? (
        <>
          <h3 className="small">{t('workPackages.st.deductions')}</h3>
          <ul className="wp-deductions" data-testid="wp-deductions">
            {s.deductions.map((d, i) => (
              <li key={i} data-kind={d.kind} title={d.explanation}>
                −{money(d.amountMinor)} ·{' '}
                {d.kind === 'rejected-in-review'
                  ? t('workPackages.st.dedRejected', { items: d.items, reviewed: s.reviewed })
                  : d.kind === 'below-quality-floor'
                    ? t('workPackages.st.dedFloor', { items: d.items, unreviewed, accuracy: formatPercent(s.accuracy), floor: formatPercent(s.qualityFloor) })
                    : d.explanation}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="wp-total">
        {t('workPackages.labelValue', { label: t('workPackages.st.total'), value: '' })}
        <span data-testid="wp-total">{money(s.totalMinor)}</span>{' '}
        <span className="muted small">({t('workPackages.st.payable', { count: s.payableItems })})</span>
      </p>
      <p className="muted small">
        {t('workPackages.st.settledBy', { who: s.settledBy, when: new Date(s.settledAt).toLocaleString(locale) })}
        {org ? (
          <>
            {' · '}
            <a href={workPackagesApi.settlementCsvUrl(packageId, org.id)} data-testid="wp-csv">
              {t('workPackages.st.csv')}
            </a>
          </>
        ) : null}
      </p>
    </div>
  );
}
