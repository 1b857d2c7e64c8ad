import { can } from '@yungang/core';
import { useI18n } from '../i18n/i18n.tsx';
import { isLocale } from '../i18n/translate.ts';
import { Link, usePathname } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';

/** Brand, main navigation, organisation and language switchers, the user and logout. */
export function TopBar() {
  const { t, locale, setLocale } = useI18n();
  const { me, org, switchOrg, logout } = useSession();
  const path = usePathname();
  const navClass = (prefix: string) => (path.startsWith(prefix) ? 'nav-link active' : 'nav-link');
  return (
    <header className="topbar">
      <Link to="/projects" className="brand">
        <span className="brand-mark">云</span>
        <span className="brand-name">{t('app.name')}</span>
      </Link>
      <nav className="topbar-nav">
        <Link to="/projects" className={navClass('/projects')} data-testid="nav-projects">
          {t('nav.projects')}
        </Link>
        <Link to="/catalog" className={navClass('/catalog')} data-testid="nav-catalog">
          {t('nav.catalog')}
        </Link>
        <Link to="/work-packages" className={navClass('/work-packages')} data-testid="nav-work-packages">
          {t('nav.workPackages')}
        </Link>
        <Link to="/training" className={navClass('/training')} data-testid="nav-training">
          {t('nav.training')}
        </Link>
        <Link to="/org/members" className={navClass('/org')}>
          {t('nav.members')}
        </Link>
        <Link to="/account/tokens" className={navClass('/account')}>
          {t('nav.tokens')}
        </Link>
        {org && can(org.role, 'audit.read') ? (
          <Link to="/audit" className={navClass('/audit')} data-testid="nav-audit">
            {t('nav.audit')}
          </Link>
        ) : null}
      </nav>
      <div className="topbar-right">
        {me && me.orgs.length > 0 ? (
          <label className="topbar-field">
            <span className="sr-only">{t('nav.org')}</span>
            <select value={org?.id ?? ''} onChange={(e) => switchOrg(e.target.value)} data-testid="org-switch" title={t('nav.org')}>
              {me.orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} · {t(`role.${o.role}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="topbar-field">
          <span className="sr-only">{t('nav.language')}</span>
          <select
            value={locale}
            onChange={(e) => {
              if (isLocale(e.target.value)) setLocale(e.target.value);
            }}
            data-testid="lang-switch"
            title={t('nav.language')}
          >
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        {me ? (
          <span className="topbar-user" title={me.user.email}>
            {me.user.name}
          </span>
        ) : null}
        {me ? (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void logout()} data-testid="logout">
            {t('nav.logout')}
          </button>
        ) : null}
      </div>
    </header>
  );
}
