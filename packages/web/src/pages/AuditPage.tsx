import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AccessVolumeDto, AuditAlertsDto, AuditEntryDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { AUDIT_ACTION_SUGGESTIONS, auditQuery, detailsText, NO_AUDIT_FILTERS, type AuditFilters } from './audit-query.ts';

const PAGE = 50;
const WINDOWS = [
  { hours: 24, label: 'audit.hours24' },
  { hours: 24 * 7, label: 'audit.days7' },
  { hours: 24 * 30, label: 'audit.days30' },
] as const;

/**
 * The access audit (audit.read): unusual-volume alerts over a window, then the searchable log of every
 * view, download and export of task data, with a CSV export of exactly what the filters select.
 */
export function AuditPage() {
  const { t, locale } = useI18n();
  const { api, org } = useSession();
  const [hours, setHours] = useState(24);
  const loadAlerts = useCallback(() => api.auditAlerts({ hours }), [api, hours]);
  const alerts = useLoad(loadAlerts);

  const [draft, setDraft] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const [entries, setEntries] = useState<AuditEntryDto[]>([]);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<unknown>(null);

  // The first page whenever the applied filters change; later pages continue from the last id shown.
  useEffect(() => {
    let current = true;
    setBusy(true);
    setError(null);
    api.audit({ ...auditQuery(applied), limit: PAGE }).then(
      (page) => {
        if (!current) return;
        setEntries(page);
        setMore(page.length === PAGE);
        setBusy(false);
      },
      (e: unknown) => {
        if (!current) return;
        setEntries([]);
        setMore(false);
        setError(e);
        setBusy(false);
      },
    );
    return () => {
      current = false;
    };
  }, [api, applied]);

  const loadMore = async () => {
    const last = entries[entries.length - 1];
    if (!last) return;
    setBusy(true);
    try {
      const page = await api.audit({ ...auditQuery(applied), limit: PAGE, before: last.id });
      setEntries((e) => [...e, ...page]);
      setMore(page.length === PAGE);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const search = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...draft });
  };
  const showUser = (who: AccessVolumeDto) => {
    const next = { ...NO_AUDIT_FILTERS, user: who.userEmail ?? who.userId };
    setDraft(next);
    setApplied(next);
  };
  const time = (iso: string) => new Date(iso).toLocaleString(locale);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('audit.title')}</h1>
          <p className="muted">{org ? t('audit.subtitle', { org: org.name }) : null}</p>
        </div>
      </div>

      <section className="panel" data-testid="audit-alerts">
        <div className="form-inline">
          <h2 className="panel-title grow">{t('audit.alertsTitle')}</h2>
          <label className="form-row">
            <span>{t('audit.window')}</span>
            <select value={hours} onChange={(e) => setHours(Number(e.target.value))} data-testid="audit-window">
              {WINDOWS.map((w) => (
                <option key={w.hours} value={w.hours}>
                  {t(w.label)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorMessage error={alerts.error} />
        {alerts.loading && !alerts.data ? <Spinner /> : null}
        {alerts.data ? <AlertsView report={alerts.data} onShowUser={showUser} /> : null}
      </section>

      <section className="panel">
        <h2 className="panel-title">{t('audit.logTitle')}</h2>
        <form className="form-inline" onSubmit={search} data-testid="audit-filters">
          <label className="form-row grow">
            <span>{t('audit.filterUser')}</span>
            <input value={draft.user} onChange={(e) => setDraft({ ...draft, user: e.target.value })} data-testid="audit-filter-user" />
          </label>
          <label className="form-row">
            <span>{t('audit.filterAction')}</span>
            <input list="audit-actions" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} data-testid="audit-filter-action" />
            <datalist id="audit-actions">
              {AUDIT_ACTION_SUGGESTIONS.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          </label>
          <label className="form-row">
            <span>{t('audit.filterObjectType')}</span>
            <input value={draft.objectType} onChange={(e) => setDraft({ ...draft, objectType: e.target.value })} />
          </label>
          <label className="form-row">
            <span>{t('audit.filterObjectId')}</span>
            <input value={draft.objectId} onChange={(e) => setDraft({ ...draft, objectId: e.target.value })} />
          </label>
          <label className="form-row">
            <span>{t('audit.filterFrom')}</span>
            <input type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </label>
          <label className="form-row">
            <span>{t('audit.filterTo')}</span>
            <input type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </label>
          <button type="submit" className="btn btn-primary" data-testid="audit-search">
            {t('audit.search')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDraft(NO_AUDIT_FILTERS);
              setApplied(NO_AUDIT_FILTERS);
            }}
          >
            {t('audit.reset')}
          </button>
          <a className="btn" href={api.auditExportUrl(auditQuery(applied), org?.id)} download data-testid="audit-export">
            {t('audit.export')}
          </a>
        </form>
        <ErrorMessage error={error} />
        <div style={{ overflowX: 'auto' }}>
          <table className="data-table" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('audit.at')}</th>
                <th>{t('audit.user')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.object')}</th>
                <th>{t('audit.address')}</th>
                <th>{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td className="small">{time(e.at)}</td>
                  <td className="mono small">{e.userEmail ?? e.userId ?? '—'}</td>
                  <td className="mono small">{e.action}</td>
                  <td className="mono small" style={{ wordBreak: 'break-all' }}>
                    {e.objectType}
                    {e.objectId ? ` ${e.objectId}` : ''}
                  </td>
                  <td className="mono small">{e.address ?? '—'}</td>
                  <td className="mono small muted" style={{ wordBreak: 'break-all', minWidth: 240 }}>
                    {detailsText(e.details)}
                  </td>
                </tr>
              ))}
              {!busy && entries.length === 0 ? (
                <tr>
                  <td colSpan={6} className="empty-cell">
                    {t('audit.empty')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        {busy ? <Spinner /> : null}
        <div className="form-inline">
          <span className="muted small grow">{t('audit.shown', { count: entries.length })}</span>
          {more ? (
            <button type="button" className="btn" disabled={busy} onClick={() => void loadMore()} data-testid="audit-more">
              {t('audit.more')}
            </button>
          ) : null}
        </div>
      </section>
    </div>
  );
}

function AlertsView({ report, onShowUser }: { report: AuditAlertsDto; onShowUser: (who: AccessVolumeDto) => void }) {
  const { t } = useI18n();
  const { rule } = report;
  return (
    <>
      <p className="muted small">{t('audit.ruleHint', { min: rule.minViews, allowance: rule.allowance, perWork: rule.viewsPerWork, high: rule.highFactor })}</p>
      {report.alerts.length === 0 ? (
        <div className="alert alert-ok">{t('audit.noAlerts')}</div>
      ) : (
        <table className="data-table" data-testid="audit-alert-table">
          <thead>
            <tr>
              <th>{t('audit.user')}</th>
              <th>{t('audit.views')}</th>
              <th>{t('audit.work')}</th>
              <th>{t('audit.expected')}</th>
              <th>{t('audit.factor')}</th>
              <th>{t('audit.addresses')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {report.alerts.map((a) => (
              <tr key={a.userId} data-testid="audit-alert">
                <td>
                  <span className={a.severity === 'high' ? 'alert alert-error' : 'alert alert-warn'} style={{ display: 'inline-block', padding: '0 6px', margin: 0 }}>
                    {t(`audit.severity.${a.severity}`)}
                  </span> {a.userName ?? ''}{' '}
                  <span className="mono small">{a.userEmail ?? a.userId}</span>
                </td>
                <td>{a.views}</td>
                <td>{a.work}</td>
                <td>{a.expected}</td>
                <td>×{a.factor}</td>
                <td className="mono small">{a.addresses.join(', ')}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => onShowUser(a)}>
                    {t('audit.showUser')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.volumes.length > 0 ? (
        <details>
          <summary>{t('audit.volumesTitle')}</summary>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('audit.user')}</th>
                <th>{t('audit.views')}</th>
                <th>{t('audit.work')}</th>
                <th>{t('audit.exports')}</th>
                <th>{t('audit.addresses')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {report.volumes.map((v) => (
                <tr key={v.userId}>
                  <td>
                    {v.userName ?? ''} <span className="mono small">{v.userEmail ?? v.userId}</span>
                  </td>
                  <td>{v.views}</td>
                  <td>{v.work}</td>
                  <td>{v.exports}</td>
                  <td className="mono small">{v.addresses.join(', ')}</td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => onShowUser(v)}>
                      {t('audit.showUser')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </>
  );
}
