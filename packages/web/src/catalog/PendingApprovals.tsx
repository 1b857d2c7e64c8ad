import { useCallback, useState } from 'react';
import { can, type CatalogChangeDto } from '@yungang/core';
import { catalogApi } from '../api/catalog-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { valueMessageKey } from './catalog-format.ts';

/** Changes that would let other organisations see this organisation's data, waiting for an owner or admin; the two-person rule. */
export function PendingApprovals() {
  const { t } = useI18n();
  const { api, org } = useSession();
  const isAdmin = org ? can(org.role, 'org.manage_members') : false;
  const loadChanges = useCallback(() => catalogApi.changes(api), [api]);
  const loadSettings = useCallback(() => catalogApi.settings(api), [api]);
  const changes = useLoad(loadChanges);
  const settings = useLoad(loadSettings);
  const [error, setError] = useState<unknown>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      changes.reload();
      settings.reload();
    } catch (e) {
      setError(e);
    }
  };
  const visibilityLabel = (value: string) => {
    const key = valueMessageKey('visibility', value);
    return key ? t(key) : value;
  };
  const describe = (c: CatalogChangeDto) => (c.kind === 'grant' ? t('catalog.change.grant') : t('catalog.change.audience', { visibility: visibilityLabel(String(c.payload.visibility)) }));
  return (
    <div data-testid="catalog-approvals">
      <ErrorMessage error={error} />
      {settings.data ? (
        <label className="inline-check">
          <input type="checkbox" disabled={!isAdmin} checked={settings.data.twoPersonRule} onChange={(e) => void act(() => catalogApi.saveSettings(api, { twoPersonRule: e.target.checked }))} data-testid="two-person-rule" />
          {t('catalog.twoPersonRule')}
        </label>
      ) : null}
      <section className="panel">
        <h2 className="panel-title">{t('catalog.changes')}</h2>
        <ErrorMessage error={changes.error} />
        {changes.data ? (
          <table className="table">
            <tbody>
              {changes.data.map((c) => (
                <tr key={c.id} data-testid="catalog-change">
                  <td>{c.cardTitle}</td>
                  <td>{describe(c)}</td>
                  <td className="muted">
                    {c.requestedByEmail} · {new Date(c.requestedAt).toLocaleString()}
                  </td>
                  <td>
                    {t(`catalog.changeStatus.${c.status}`)}
                    {c.decidedByEmail ? ` · ${c.decidedByEmail} · ${c.decidedAt ? new Date(c.decidedAt).toLocaleString() : ''}` : ''}
                    {c.reason ? ` · ${c.reason}` : ''}
                  </td>
                  <td>
                    {c.status === 'pending' && isAdmin ? (
                      <>
                        <button type="button" className="btn btn-primary" onClick={() => void act(() => catalogApi.approveChange(api, c.id))} data-testid="approve-change">
                          {t('catalog.approve')}
                        </button>{' '}
                        <button
                          type="button"
                          className="btn"
                          onClick={() => {
                            const reason = window.prompt(t('catalog.reason'));
                            if (reason?.trim()) void act(() => catalogApi.rejectChange(api, c.id, reason.trim()));
                          }}
                        >
                          {t('catalog.reject')}
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Spinner />
        )}
      </section>
    </div>
  );
}
