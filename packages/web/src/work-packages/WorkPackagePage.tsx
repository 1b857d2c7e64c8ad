import { useCallback } from 'react';
import { workPackagesApi } from '../api/work-packages-api.ts';
import { formatMoney } from '../catalog/order-format.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { PackageActions } from './PackageActions.tsx';
import { PackageItems } from './PackageItems.tsx';
import { SettlementPanel } from './SettlementPanel.tsx';
import { StaffForm } from './StaffForm.tsx';
import { StageBadge } from './StageBadge.tsx';
import { allowedActions, formatPercent } from './work-package-format.ts';
import './work-packages.css';

/**
 * One work package as the caller's organisation sees it. The vendor assigns staff, works in its own project
 * and delivers; the client samples and reviews the delivery and settles it. Items are readable by the
 * client always and by the vendor between acceptance and settlement.
 */
export function WorkPackagePage({ packageId }: { packageId: string }) {
  const { t, locale } = useI18n();
  const { api, org } = useSession();
  const load = useCallback(() => workPackagesApi.get(api, packageId), [api, packageId]);
  const { data: pkg, error, reload } = useLoad(load);

  if (!pkg) {
    return (
      <div className="page">
        <ErrorMessage error={error} />
        {error ? null : <Spinner />}
      </div>
    );
  }
  const allowed = new Set(allowedActions(pkg, org?.role));
  const client = pkg.side === 'client';
  // The vendor reads the items only between acceptance and settlement (the server answers 403 or [] otherwise).
  const itemsVisible = client || pkg.stage === 'accepted' || pkg.stage === 'delivered';
  return (
    <div className="page page-wide" data-testid="work-package-page" data-stage={pkg.stage}>
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to="/work-packages">{t('workPackages.title')}</Link> /
          </div>
          <h1 className="row-gap">
            <span data-testid="wp-page-title">{pkg.title}</span> <StageBadge stage={pkg.stage} />
          </h1>
        </div>
      </div>
      <div className="wp-layout">
        <div>
          <section className="panel">
            <h2 className="panel-title">{t('workPackages.instructions')}</h2>
            {pkg.instructions ? <p className="wp-instructions">{pkg.instructions}</p> : <p className="muted">{t('workPackages.noInstructions')}</p>}
          </section>
          {!client && pkg.vendorProjectId ? (
            <section className="panel">
              <p className="row-gap">
                <Link to={`/projects/${pkg.vendorProjectId}`} className="btn" data-testid="wp-vendor-project">
                  {t('workPackages.vendorProject')}
                </Link>
                <span className="muted small">{t('workPackages.vendorProjectHint')}</span>
              </p>
            </section>
          ) : null}
          {!client && pkg.vendor ? <StaffForm packageId={pkg.id} editable={allowed.has('assign')} /> : null}
          <SettlementPanel pkg={pkg} maySettle={allowed.has('settle')} onSettled={reload} />
          {itemsVisible ? <PackageItems key={pkg.stage} packageId={pkg.id} mayReview={allowed.has('review')} /> : null}
        </div>
        <aside>
          <section className="panel">
            <dl className="facts">
              <dt>{t('workPackages.client')}</dt>
              <dd>{pkg.client.name}</dd>
              <dt>{t('workPackages.vendors')}</dt>
              <dd>{pkg.vendors.map((v) => v.name).join('、') || '—'}</dd>
              {pkg.vendor ? (
                <>
                  <dt>{t('workPackages.acceptedBy')}</dt>
                  <dd>
                    {pkg.vendor.name} · {new Date(pkg.vendor.acceptedAt).toLocaleString(locale)}
                  </dd>
                </>
              ) : null}
              {pkg.vendor?.deliveredAt ? (
                <>
                  <dt>{t('workPackages.deliveredAt')}</dt>
                  <dd>
                    {new Date(pkg.vendor.deliveredAt).toLocaleString(locale)} · {t('workPackages.deliveredCount', { count: pkg.vendor.deliveredCount ?? 0 })}
                  </dd>
                </>
              ) : null}
              <dt>{t('workPackages.itemCount')}</dt>
              <dd>{pkg.itemCount}</dd>
              <dt>{t('workPackages.unitPrice')}</dt>
              <dd>{formatMoney(pkg.unitPriceMinor, pkg.currency, locale)}</dd>
              <dt>{t('workPackages.deadline')}</dt>
              <dd>{new Date(pkg.deadline).toLocaleString(locale)}</dd>
              <dt>{t('workPackages.qualityFloor')}</dt>
              <dd>{formatPercent(pkg.qualityFloor)}</dd>
              <dt>{t('workPackages.sharedFields')}</dt>
              <dd className="mono small">{pkg.sharedFields.join(', ')}</dd>
              {client && pkg.projectId ? (
                <>
                  <dt>{t('workPackages.sourceProject')}</dt>
                  <dd>
                    <Link to={`/projects/${pkg.projectId}/outsource`}>{t('workPackages.open')}</Link>
                  </dd>
                </>
              ) : null}
              {pkg.offer.requestedBy ? (
                <>
                  <dt>{t('workPackages.offeredBy')}</dt>
                  <dd className="small">
                    {pkg.offer.requestedBy}
                    {pkg.offer.decidedBy ? ` · ${t('workPackages.decidedBy', { who: pkg.offer.decidedBy })}` : ''}
                  </dd>
                </>
              ) : null}
              {pkg.offer.rejectionReason && pkg.stage === 'draft' ? (
                <>
                  <dt>{t('workPackages.offerRejected')}</dt>
                  <dd className="tone-text-bad">{pkg.offer.rejectionReason}</dd>
                </>
              ) : null}
              {pkg.cancelReason ? (
                <>
                  <dt>{t('workPackages.cancelReason')}</dt>
                  <dd className="tone-text-bad">{pkg.cancelReason}</dd>
                </>
              ) : null}
            </dl>
            <PackageActions pkg={pkg} onChanged={reload} />
          </section>
        </aside>
      </div>
    </div>
  );
}
