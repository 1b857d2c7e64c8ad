import { useCallback } from 'react';
import type { WorkPackageDto } from '@yungang/core';
import { workPackagesApi } from '../api/work-packages-api.ts';
import { formatMoney } from '../catalog/order-format.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad, type Loaded } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { PackageActions } from './PackageActions.tsx';
import { StageBadge } from './StageBadge.tsx';
import { formatPercent } from './work-package-format.ts';
import './work-packages.css';

/** Vendor work packages (docs/work-packages.md): those my organisation offers, and those offered to it. */
export function WorkPackagesPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const loadClient = useCallback(() => workPackagesApi.list(api, 'client'), [api]);
  const loadVendor = useCallback(() => workPackagesApi.list(api, 'vendor'), [api]);
  const client = useLoad(loadClient);
  const vendor = useLoad(loadVendor);
  return (
    <div className="page page-wide" data-testid="work-packages-page">
      <div className="page-head">
        <div>
          <h1>{t('workPackages.title')}</h1>
          <p className="muted">{t('workPackages.subtitle')}</p>
        </div>
      </div>
      <PackageSection title={t('workPackages.mine')} hint={t('workPackages.mineHint')} state={client} testId="wp-client-row" />
      <PackageSection title={t('workPackages.offeredToUs')} hint={t('workPackages.offeredHint')} state={vendor} testId="wp-vendor-row" />
    </div>
  );
}

function PackageSection({ title, hint, state, testId }: { title: string; hint: string; state: Loaded<WorkPackageDto[]>; testId: string }) {
  const { t } = useI18n();
  return (
    <section className="panel">
      <h2 className="panel-title">{title}</h2>
      <p className="muted small">{hint}</p>
      <ErrorMessage error={state.error} />
      {state.data ? (
        state.data.length === 0 ? (
          <p className="muted">{t('workPackages.none')}</p>
        ) : (
          state.data.map((p) => <PackageRow key={p.id} pkg={p} onChanged={state.reload} testId={testId} />)
        )
      ) : state.error ? null : (
        <Spinner />
      )}
    </section>
  );
}

/** One package in a list: its terms in a line, and the acts its stage allows. */
export function PackageRow({ pkg, onChanged, testId }: { pkg: WorkPackageDto; onChanged: () => void; testId: string }) {
  const { t, locale } = useI18n();
  const counterpart = pkg.side === 'client' ? pkg.vendor?.name ?? pkg.vendors.map((v) => v.name).join('、') : pkg.client.name;
  return (
    <div className="request-row wp-row" data-testid={testId} data-stage={pkg.stage} data-package-id={pkg.id}>
      <p className="wp-row-head">
        <Link to={`/work-packages/${pkg.id}`} className="wp-title" data-testid="wp-open">
          {pkg.title}
        </Link>
        <StageBadge stage={pkg.stage} />
      </p>
      <p className="muted small wp-terms">
        <span>{t('workPackages.labelValue', { label: pkg.side === 'client' ? t('workPackages.vendors') : t('workPackages.client'), value: counterpart })}</span>
        <span>{t('workPackages.items', { count: pkg.itemCount })}</span>
        <span>{t('workPackages.labelValue', { label: t('workPackages.unitPrice'), value: formatMoney(pkg.unitPriceMinor, pkg.currency, locale) })}</span>
        <span>{t('workPackages.labelValue', { label: t('workPackages.deadline'), value: new Date(pkg.deadline).toLocaleString(locale) })}</span>
        <span>{t('workPackages.labelValue', { label: t('workPackages.qualityFloor'), value: formatPercent(pkg.qualityFloor) })}</span>
        {pkg.vendor?.deliveredCount !== null && pkg.vendor?.deliveredCount !== undefined ? <span>{t('workPackages.deliveredCount', { count: pkg.vendor.deliveredCount })}</span> : null}
      </p>
      {pkg.offer.rejectionReason && pkg.stage === 'draft' ? (
        <p className="small tone-text-bad">{t('workPackages.labelValue', { label: t('workPackages.offerRejected'), value: pkg.offer.rejectionReason })}</p>
      ) : null}
      {pkg.cancelReason ? (
        <p className="small tone-text-bad">{t('workPackages.labelValue', { label: t('workPackages.cancelReason'), value: pkg.cancelReason })}</p>
      ) : null}
      {pkg.side === 'vendor' && pkg.vendorProjectId ? (
        <p className="row-gap small">
          <Link to={`/projects/${pkg.vendorProjectId}`} data-testid="wp-vendor-project">
            {t('workPackages.vendorProject')}
          </Link>
          {pkg.stage === 'accepted' ? (
            <Link to={`/work-packages/${pkg.id}`} data-testid="wp-assign-link">
              {t('workPackages.assignStaff')}
            </Link>
          ) : null}
        </p>
      ) : null}
      <PackageActions pkg={pkg} onChanged={onChanged} />
    </div>
  );
}
