import { useCallback, useState, type FormEvent } from 'react';
import { can, canAssignRole, ROLES, type MemberAccessDto, type Role } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { OrgSecurityPanel } from './OrgSecurityPanel.tsx';

/** Members of the current organisation; admins add people (new accounts get an initial password). */
export function MembersPage() {
  const { t, locale } = useI18n();
  const { api, org, me } = useSession();
  const orgId = org?.id ?? '';
  const load = useCallback(() => (orgId ? api.listMembers(orgId) : Promise.resolve([])), [api, orgId]);
  const { data, error, loading, reload } = useLoad(load);
  const manage = org ? can(org.role, 'org.manage_members') : false;
  // Access states (disabled members) are for owners and admins only; others see the plain list.
  const loadAccess = useCallback(() => (orgId && manage ? api.memberAccess(orgId) : Promise.resolve([])), [api, orgId, manage]);
  const access = useLoad(loadAccess);
  const accessOf = new Map((access.data ?? []).map((a) => [a.userId, a]));
  const [actionError, setActionError] = useState<unknown>(null);

  const setDisabled = async (userId: string, email: string, disable: boolean) => {
    setActionError(null);
    try {
      if (disable) {
        const reason = window.prompt(t('members.disableReason', { email }))?.trim();
        if (!reason) return;
        await api.disableMember(orgId, userId, reason);
      } else {
        if (!window.confirm(t('members.confirmEnable', { email }))) return;
        await api.enableMember(orgId, userId);
      }
      access.reload();
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('members.title')}</h1>
          <p className="muted">{org ? t('members.subtitle', { org: org.name }) : null}</p>
        </div>
      </div>
      {manage && org ? <AddMemberForm orgId={orgId} actor={org.role} onAdded={reload} /> : null}
      {manage && org ? <OrgSecurityPanel key={orgId} orgId={orgId} orgName={org.name} /> : null}
      <ErrorMessage error={error ?? access.error ?? actionError} />
      {loading && !data ? <Spinner /> : null}
      {data ? (
        <table className="data-table" data-testid="members-table">
          <thead>
            <tr>
              <th>{t('members.name')}</th>
              <th>{t('login.email')}</th>
              <th>{t('members.role')}</th>
              <th>{t('members.joined')}</th>
              {manage ? <th>{t('members.status')}</th> : null}
              {manage ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {data.map((m) => (
              <tr key={m.user.id}>
                <td>{m.user.name}</td>
                <td className="mono">{m.user.email}</td>
                <td>
                  <span className={`role role-${m.role}`}>{t(`role.${m.role}`)}</span>
                </td>
                <td className="muted small">{new Date(m.createdAt).toLocaleDateString(locale)}</td>
                {manage && org ? (
                  <AccessCells
                    access={accessOf.get(m.user.id)}
                    canChange={m.user.id !== me?.user.id && canAssignRole(org.role, m.role)}
                    onChange={(disable) => void setDisabled(m.user.id, m.user.email, disable)}
                  />
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** A member's access state and the disable/enable button (owners and admins; never on yourself or on someone you could not appoint). */
function AccessCells({ access, canChange, onChange }: { access: MemberAccessDto | undefined; canChange: boolean; onChange: (disable: boolean) => void }) {
  const { t, locale } = useI18n();
  if (!access) return <><td /><td /></>;
  return (
    <>
      <td className="small">
        {access.disabled ? (
          <span className="badge tone-bad" title={t('members.disabledDetail', { date: access.disabledAt ? new Date(access.disabledAt).toLocaleString(locale) : '', by: access.disabledByEmail ?? '', reason: access.reason ?? '' })}>
            {t('members.disabled')}
          </span>
        ) : (
          <span className="muted">{t('members.active')}</span>
        )}
        {access.disabled && access.reason ? <div className="muted small">{access.reason}</div> : null}
      </td>
      <td className="col-actions">
        {canChange ? (
          <button type="button" className={access.disabled ? 'btn btn-small' : 'btn btn-small btn-danger'} onClick={() => onChange(!access.disabled)} data-testid="member-access-toggle">
            {access.disabled ? t('members.enable') : t('members.disable')}
          </button>
        ) : null}
      </td>
    </>
  );
}

function AddMemberForm({ orgId, actor, onAdded }: { orgId: string; actor: Role; onAdded: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const roles = ROLES.filter((r) => canAssignRole(actor, r));
  const [form, setForm] = useState({ email: '', role: 'annotator' as Role, name: '', password: '' });
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      const member = await api.addMember(orgId, {
        email: form.email.trim(),
        role: form.role,
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
        ...(form.password ? { password: form.password } : {}),
      });
      setAdded(member.user.email);
      setForm((f) => ({ ...f, email: '', name: '', password: '' }));
      onAdded();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} data-testid="add-member">
      <h2 className="panel-title">{t('members.add')}</h2>
      <div className="form-inline">
        <label className="form-row grow">
          <span>{t('login.email')}</span>
          <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <label className="form-row">
          <span>{t('members.role')}</span>
          <select value={form.role} onChange={(e) => setForm({ ...form, role: roles.find((r) => r === e.target.value) ?? 'annotator' })}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-row">
          <span>{t('members.name')}</span>
          <input value={form.name} placeholder={t('config.optional')} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label className="form-row">
          <span>{t('members.initialPassword')}</span>
          <input type="password" minLength={8} autoComplete="new-password" value={form.password} placeholder={t('config.optional')} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('members.addButton')}
        </button>
      </div>
      <p className="muted small">{t('members.addHelp')}</p>
      <ErrorMessage error={error} />
      {added ? <div className="alert alert-ok">{t('members.added', { email: added })}</div> : null}
    </form>
  );
}
