import { can } from '@yungang/core';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { AccessRequests } from './AccessRequests.tsx';
import { CatalogSearch } from './CatalogSearch.tsx';
import { Entitlements } from './Entitlements.tsx';
import { Orders } from './Orders.tsx';
import { PendingApprovals } from './PendingApprovals.tsx';
import './catalog.css';

export const CATALOG_TABS = ['search', 'requests', 'orders', 'entitlements', 'approvals'] as const;
export type CatalogTab = (typeof CATALOG_TABS)[number];
export const isCatalogTab = (value: string | undefined): value is CatalogTab => (CATALOG_TABS as readonly string[]).includes(value ?? '');

/** The dataset catalog: search other organisations' datasets, requests, entitlements and pending approvals. */
export function CatalogPage({ tab }: { tab: CatalogTab }) {
  const { t } = useI18n();
  const { org } = useSession();
  const canTrade = org ? can(org.role, 'project.export') : false;
  const tabs = CATALOG_TABS.filter((name) => name === 'search' || canTrade);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('catalog.title')}</h1>
          <p className="muted">{t('catalog.subtitle')}</p>
        </div>
      </div>
      <nav className="tabs" role="tablist">
        {tabs.map((name) => (
          <Link key={name} to={name === 'search' ? '/catalog' : `/catalog/${name}`} className={name === tab ? 'tab active' : 'tab'} role="tab" aria-selected={name === tab} data-testid={`catalog-tab-${name}`}>
            {t(`catalog.tab.${name}`)}
          </Link>
        ))}
      </nav>
      <div className="tab-body">
        {tab === 'search' ? <CatalogSearch /> : null}
        {tab === 'requests' && canTrade ? <AccessRequests /> : null}
        {tab === 'orders' && canTrade ? <Orders /> : null}
        {tab === 'entitlements' && canTrade ? <Entitlements /> : null}
        {tab === 'approvals' && canTrade ? <PendingApprovals /> : null}
      </div>
    </div>
  );
}
