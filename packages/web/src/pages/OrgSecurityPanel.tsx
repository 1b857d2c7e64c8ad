import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { SSO_ROLES, type OrgSecurityDto, type OrgSsoDto, type SsoRole, type UpdateOrgSecurityBody, type UpdateOrgSsoBody } from '@yungang/core';
import { getOrgSso, saveOrgSso } from '../api/sso.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi, useSession } from '../session/session.tsx';

interface Draft {
  allowlist: string;
  idleMinutes: string;
  absoluteHours: string;
}

const toDraft = (s: OrgSecurityDto): Draft => ({
  allowlist: s.ipAllowlist.join('\n'),
  idleMinutes: s.sessionIdleMinutes === null ? '' : String(s.sessionIdleMinutes),
  absoluteHours: s.sessionAbsoluteHours === null ? '' : String(s.sessionAbsoluteHours),
});

/** An empty field means "the server's default", so it is left out of the body (docs/security.md). */
function toBody(d: Draft): UpdateOrgSecurityBody {
  const ipAllowlist = d.allowlist
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return {
    ipAllowlist,
    ...(d.idleMinutes.trim() ? { sessionIdleMinutes: Number(d.idleMinutes) } : {}),
    ...(d.absoluteHours.trim() ? { sessionAbsoluteHours: Number(d.absoluteHours) } : {}),
  };
}

/** Owners and admins: the organisation's IP allow-list and session limits. The server refuses a list that would lock the editor out. */
export function OrgSecurityPanel({ orgId, orgName }: { orgId: string; orgName: string }) {
  const { t } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.orgSecurity(orgId), [api, orgId]);
  const { data, error, loading } = useLoad(load);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (data) setDraft(toDraft(data));
  }, [data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setSaveError(null);
    setSaved(false);
    try {
      setDraft(toDraft(await api.updateOrgSecurity(orgId, toBody(draft))));
      setSaved(true);
    } catch (e) {
      setSaveError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form className="panel form" onSubmit={(e) => void save(e)} data-testid="org-security">
        <h2 className="panel-title">{t('security.title')}</h2>
        <p className="muted small">{t('security.subtitle', { org: orgName })}</p>
        <ErrorMessage error={error} />
        {loading && !data ? <Spinner /> : null}
        {data && draft ? (
          <>
            <label className="form-row">
              <span>{t('security.allowlist')}</span>
              <textarea rows={4} className="mono" value={draft.allowlist} placeholder="203.0.113.0/24&#10;2001:db8::/32" onChange={(e) => setDraft({ ...draft, allowlist: e.target.value })} />
            </label>
            <p className="muted small">{t('security.allowlistHelp')}</p>
            <p className="small">{t('security.yourAddress', { address: data.yourAddress })}</p>
            <div className="form-inline">
              <label className="form-row">
                <span>{t('security.idleMinutes')}</span>
                <input
                  type="number"
                  min={1}
                  max={43200}
                  step={1}
                  value={draft.idleMinutes}
                  placeholder={t('security.default', { value: String(data.defaults.sessionIdleMinutes) })}
                  onChange={(e) => setDraft({ ...draft, idleMinutes: e.target.value })}
                />
              </label>
              <label className="form-row">
                <span>{t('security.absoluteHours')}</span>
                <input
                  type="number"
                  min={1}
                  max={8760}
                  step={1}
                  value={draft.absoluteHours}
                  placeholder={t('security.default', { value: String(data.defaults.sessionAbsoluteHours) })}
                  onChange={(e) => setDraft({ ...draft, absoluteHours: e.target.value })}
                />
              </label>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {t('security.save')}
              </button>
            </div>
            <p className="muted small">{t('security.limitsHelp')}</p>
          </>
        ) : null}
        <ErrorMessage error={saveError} />
        {saved ? <div className="alert alert-ok">{t('security.saved')}</div> : null}
      </form>
      <OrgSsoPanel orgId={orgId} />
    </>
  );
}

interface SsoDraft {
  enabled: boolean;
  slug: string;
  issuer: string;
  clientId: string;
  /** Empty = keep the stored secret. */
  clientSecret: string;
  domains: string;
  defaultRole: SsoRole;
  jit: boolean;
}

const toSsoDraft = (s: OrgSsoDto): SsoDraft => ({
  enabled: s.configured ? s.enabled : true,
  slug: s.slug ?? '',
  issuer: s.issuer,
  clientId: s.clientId,
  clientSecret: '',
  domains: s.allowedDomains.join('\n'),
  defaultRole: s.defaultRole,
  jit: s.jitProvisioning,
});

function toSsoBody(d: SsoDraft): UpdateOrgSsoBody {
  return {
    enabled: d.enabled,
    slug: d.slug.trim() === '' ? null : d.slug.trim().toLowerCase(),
    issuer: d.issuer.trim(),
    clientId: d.clientId.trim(),
    ...(d.clientSecret !== '' ? { clientSecret: d.clientSecret } : {}),
    allowedDomains: d.domains
      .split(/[\s,]+/)
      .map((x) => x.trim())
      .filter((x) => x !== ''),
    defaultRole: d.defaultRole,
    jitProvisioning: d.jit,
  };
}

/** Owners and admins: the organisation's OpenID Connect provider. The secret is write-only: the server only says whether one is stored. */
function OrgSsoPanel({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const load = useCallback(() => getOrgSso(orgId), [orgId]);
  const { data, error, loading } = useLoad(load);
  const [draft, setDraft] = useState<SsoDraft | null>(null);
  const [current, setCurrent] = useState<OrgSsoDto | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (data) {
      setDraft(toSsoDraft(data));
      setCurrent(data);
    }
  }, [data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setSaveError(null);
    setSaved(false);
    try {
      const next = await saveOrgSso(orgId, toSsoBody(draft), me?.csrfToken ?? '');
      setDraft(toSsoDraft(next));
      setCurrent(next);
      setSaved(true);
    } catch (e) {
      setSaveError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={(e) => void save(e)} data-testid="org-sso">
      <h2 className="panel-title">{t('sso.title')}</h2>
      <p className="muted small">{t('sso.subtitle')}</p>
      <ErrorMessage error={error} />
      {loading && !data ? <Spinner /> : null}
      {current && draft ? (
        <>
          <p className="small">
            {t('sso.redirectUri')} <code>{current.redirectUri}</code>
          </p>
          <label className="form-row">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} /> <span>{t('sso.enabled')}</span>
          </label>
          <label className="form-row">
            <span>{t('sso.issuer')}</span>
            <input type="url" required value={draft.issuer} placeholder="https://login.example.com/realms/acme" onChange={(e) => setDraft({ ...draft, issuer: e.target.value })} />
          </label>
          <label className="form-row">
            <span>{t('sso.clientId')}</span>
            <input required value={draft.clientId} onChange={(e) => setDraft({ ...draft, clientId: e.target.value })} />
          </label>
          <label className="form-row">
            <span>{t('sso.clientSecret')}</span>
            <input
              type="password"
              autoComplete="off"
              value={draft.clientSecret}
              placeholder={current.hasSecret ? t('sso.secretKept') : ''}
              required={!current.hasSecret}
              onChange={(e) => setDraft({ ...draft, clientSecret: e.target.value })}
            />
          </label>
          <label className="form-row">
            <span>{t('sso.slug')}</span>
            <input value={draft.slug} pattern="[a-z0-9][a-z0-9\-]{1,62}" placeholder="acme" onChange={(e) => setDraft({ ...draft, slug: e.target.value })} />
          </label>
          <p className="muted small">{t('sso.slugHelp', { id: orgId })}</p>
          <label className="form-row">
            <span>{t('sso.domains')}</span>
            <textarea rows={2} className="mono" value={draft.domains} placeholder="example.com" onChange={(e) => setDraft({ ...draft, domains: e.target.value })} />
          </label>
          <p className="muted small">{t('sso.domainsHelp')}</p>
          <div className="form-inline">
            <label className="form-row">
              <span>{t('sso.defaultRole')}</span>
              <select value={draft.defaultRole} onChange={(e) => setDraft({ ...draft, defaultRole: e.target.value as SsoRole })}>
                {SSO_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <label className="form-row">
              <input type="checkbox" checked={draft.jit} onChange={(e) => setDraft({ ...draft, jit: e.target.checked })} /> <span>{t('sso.jit')}</span>
            </label>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('security.save')}
            </button>
          </div>
          <p className="muted small">{t('sso.jitHelp')}</p>
        </>
      ) : null}
      <ErrorMessage error={saveError} />
      {saved ? <div className="alert alert-ok">{t('security.saved')}</div> : null}
    </form>
  );
}
