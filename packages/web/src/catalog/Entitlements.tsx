import { useCallback, useState } from 'react';
import type { EntitlementDto } from '@yungang/core';
import { catalogApi } from '../api/catalog-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';

/** Entitlements the organisation holds (download with a fresh short-lived token) and those it granted (revoke). */
export function Entitlements() {
  const { t } = useI18n();
  const { api } = useSession();
  const loadHeld = useCallback(() => catalogApi.entitlements(api, 'outgoing'), [api]);
  const loadGranted = useCallback(() => catalogApi.entitlements(api, 'incoming'), [api]);
  const held = useLoad(loadHeld);
  const granted = useLoad(loadGranted);
  const [error, setError] = useState<unknown>(null);

  const download = async (e: EntitlementDto) => {
    setError(null);
    try {
      const token = await catalogApi.token(api, e.id);
      // A plain link: the browser downloads the zip with the session cookie; the token works once, for ten minutes.
      const link = document.createElement('a');
      link.href = token.url;
      link.rel = 'noopener';
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(held.reload, 1000);
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (e: EntitlementDto) => {
    const reason = window.prompt(t('catalog.revokeReason'));
    if (!reason?.trim()) return;
    setError(null);
    try {
      await catalogApi.revoke(api, e.id, reason.trim());
      granted.reload();
    } catch (err) {
      setError(err);
    }
  };

  const row = (e: EntitlementDto, action: 'download' | 'revoke') => (
    <tr key={e.id} data-testid={`entitlement-${action}`}>
      <td>{e.cardTitle}</td>
      <td>{action === 'download' ? e.ownerOrgName : e.consumerOrgName}</td>
      <td>{t('catalog.downloadsUsed', { used: e.downloadsUsed, limit: e.downloadLimit ?? '∞' })}</td>
      <td className="muted">{e.revokedAt ? t('catalog.revoked', { reason: e.revokeReason ?? '' }) : e.expiresAt ? t('catalog.until', { date: new Date(e.expiresAt).toLocaleString() }) : ''}</td>
      <td className="muted">{e.conditions ?? ''}</td>
      <td>
        {action === 'download' ? (
          <button type="button" className="btn btn-primary" disabled={!e.active} onClick={() => void download(e)} data-testid="entitlement-download">
            {t('catalog.download')}
          </button>
        ) : (
          <button type="button" className="btn btn-danger" disabled={e.revokedAt !== null} onClick={() => void revoke(e)} data-testid="entitlement-revoke">
            {t('catalog.revoke')}
          </button>
        )}
      </td>
    </tr>
  );

  return (
    <div data-testid="catalog-entitlements">
      <ErrorMessage error={error} />
      <section className="panel">
        <h2 className="panel-title">{t('catalog.held')}</h2>
        <ErrorMessage error={held.error} />
        {held.data ? <table className="table"><tbody>{held.data.map((e) => row(e, 'download'))}</tbody></table> : <Spinner />}
      </section>
      <section className="panel">
        <h2 className="panel-title">{t('catalog.granted')}</h2>
        <ErrorMessage error={granted.error} />
        {granted.data ? <table className="table"><tbody>{granted.data.map((e) => row(e, 'revoke'))}</tbody></table> : <Spinner />}
      </section>
    </div>
  );
}
