import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/i18n.tsx';
import { navigate } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { AuthFrame } from './AuthFrame.tsx';

/** First run: creates the owner account and the first organisation, then signs in. */
export function SetupPage() {
  const t = useT();
  const { api, signedIn } = useSession();
  const [form, setForm] = useState({ name: '', email: '', password: '', orgName: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api.setup({ name: form.name.trim(), email: form.email.trim(), password: form.password, orgName: form.orgName.trim() });
      signedIn(me);
      navigate('/projects', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('setup.title')} subtitle={t('setup.subtitle')}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="form-row">
          <span>{t('setup.orgName')}</span>
          <input required maxLength={200} value={form.orgName} onChange={set('orgName')} data-testid="setup-org" autoFocus />
        </label>
        <label className="form-row">
          <span>{t('setup.name')}</span>
          <input required maxLength={200} value={form.name} onChange={set('name')} data-testid="setup-name" />
        </label>
        <label className="form-row">
          <span>{t('login.email')}</span>
          <input type="email" required autoComplete="username" value={form.email} onChange={set('email')} data-testid="setup-email" />
        </label>
        <label className="form-row">
          <span>{t('login.password')}</span>
          <input type="password" required minLength={8} autoComplete="new-password" value={form.password} onChange={set('password')} data-testid="setup-password" />
          <small className="muted">{t('setup.passwordHint')}</small>
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="setup-submit">
          {t('setup.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}
