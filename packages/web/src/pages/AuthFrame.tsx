import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { isLocale } from '../i18n/translate.ts';

/** The centred card of the login and first-run pages, with its own language switch. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="auth-head">
          <div className="brand">
            <span className="brand-mark">云</span>
            <span className="brand-name">{t('app.name')}</span>
          </div>
          <select
            value={locale}
            onChange={(e) => {
              if (isLocale(e.target.value)) setLocale(e.target.value);
            }}
            data-testid="lang-switch"
            aria-label={t('nav.language')}
          >
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </div>
        <h1>{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
        {children}
      </div>
      <p className="auth-foot muted">{t('app.tagline')}</p>
    </div>
  );
}
