import { useCallback, useState, type FormEvent } from 'react';
import { can, canAssignRole, ROLES, type Role } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';

/** Members of the current organisation; admins add people (new accounts get an initial password). */
export function MembersPage() {
  const { t, locale } = useI18n();
  const { api, org } = useSession();
  const orgId = org?.id ?? '';
  const load = useCallback(() => (orgId ? api.listMembers(orgId) : Promise.resolve([])), [api, orgId]);
  const { data, error, loading, reload } = useLoad(load);
  const manage = org ? can(org.role, 'org.manage_members') : false;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('members.title')}</h1>
          <p className="muted">{org ? t('members.subtitle', { org: org.name }) : null}</p>
        </div>
      </div>
      {manage && org ? <AddMemberForm orgId={orgId} actor={org.role} onAdded={reload} /> : null}
      <ErrorMessage error={error} />
      {loading && !data ? <Spinner /> : null}
      {data ? (
        <table className="data-table" data-testid="members-table">
          <thead>
            <tr>
              <th>{t('members.name')}</th>
              <th>{t('login.email')}</th>
              <th>{t('members.role')}</th>
              <th>{t('members.joined')}</th>
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
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
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
