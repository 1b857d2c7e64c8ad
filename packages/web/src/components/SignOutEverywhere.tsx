import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

/** Sign-out everywhere (POST /auth/logout-all): this session ends too, so the app goes back to the sign-in page. */
export function SignOutEverywhere() {
  const { t } = useI18n();
  const { api, logout } = useSession();
  const [revokeTokens, setRevokeTokens] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async () => {
    if (!window.confirm(t('account.confirmSignOutEverywhere'))) return;
    setError(null);
    try {
      await api.logoutAll({ revokeTokens });
      await logout();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="panel" data-testid="sign-out-everywhere">
      <h2 className="panel-title">{t('account.signOutEverywhere')}</h2>
      <p className="muted small">{t('account.signOutEverywhereHelp')}</p>
      <div className="form-inline">
        <label className="form-row">
          <span>
            <input type="checkbox" checked={revokeTokens} onChange={(e) => setRevokeTokens(e.target.checked)} /> {t('account.alsoRevokeTokens')}
          </span>
        </label>
        <button type="button" className="btn btn-danger" onClick={() => void run()}>
          {t('account.signOutEverywhere')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
