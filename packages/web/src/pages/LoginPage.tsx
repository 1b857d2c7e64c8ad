import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ssoStartUrl } from '../api/sso.ts';
import { useT } from '../i18n/i18n.tsx';
import { navigate } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { AuthFrame } from './AuthFrame.tsx';

export function LoginPage() {
  const t = useT();
  const { api, signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [ssoOrg, setSsoOrg] = useState('');

  // A full-page navigation: the server redirects on to the organisation's identity provider, which sends the browser back signed in.
  const startSso = (event: FormEvent) => {
    event.preventDefault();
    if (ssoOrg.trim() !== '') window.location.assign(ssoStartUrl(ssoOrg));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api.login(email.trim(), password);
      signedIn(me);
      if (window.location.pathname === '/login' || window.location.pathname === '/') navigate('/projects', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('login.title')}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="form-row">
          <span>{t('login.email')}</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" autoFocus />
        </label>
        <label className="form-row">
          <span>{t('login.password')}</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <form className="form" onSubmit={startSso} data-testid="login-sso">
        <h2 className="panel-title">{t('login.sso')}</h2>
        <label className="form-row">
          <span>{t('login.ssoOrg')}</span>
          <input required value={ssoOrg} onChange={(e) => setSsoOrg(e.target.value)} placeholder="acme" data-testid="login-sso-org" />
        </label>
        <button type="submit" className="btn btn-block" data-testid="login-sso-submit">
          {t('login.ssoSubmit')}
        </button>
      </form>
    </AuthFrame>
  );
}
