import { useCallback, useState, type FormEvent } from 'react';
import type { CreatedTokenDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SignOutEverywhere } from '../components/SignOutEverywhere.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

/** Personal API tokens for the CLI and scripts: create (secret shown once), list, revoke. */
export function TokensPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.listTokens(), [api]);
  const { data, error, loading, reload } = useLoad(load);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedTokenDto | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setActionError(null);
    setCopied(false);
    try {
      setCreated(await api.createToken(name.trim()));
      setName('');
      reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const revoke = async (id: string, tokenName: string) => {
    if (!window.confirm(t('tokens.confirmRevoke', { name: tokenName }))) return;
    setActionError(null);
    try {
      await api.revokeToken(id);
      if (created?.id === id) setCreated(null);
      reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const copy = async (secret: string) => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t('tokens.title')}</h1>
          <p className="muted">{t('tokens.subtitle')}</p>
        </div>
      </div>
      <form className="panel form-inline" onSubmit={(e) => void create(e)}>
        <label className="form-row grow">
          <span>{t('tokens.name')}</span>
          <input required maxLength={200} value={name} placeholder={t('tokens.namePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="token-name" />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="token-create">
          {t('tokens.create')}
        </button>
      </form>
      {created ? (
        <div className="alert alert-ok token-once" data-testid="token-created">
          <strong>{t('tokens.createdOnce', { name: created.name })}</strong>
          <div className="token-secret">
            <code>{created.token}</code>
            <button type="button" className="btn btn-small" onClick={() => void copy(created.token)}>
              {copied ? t('tokens.copied') : t('tokens.copy')}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorMessage error={actionError ?? error} />
      {loading && !data ? <Spinner /> : null}
      {data ? (
        <table className="data-table" data-testid="tokens-table">
          <thead>
            <tr>
              <th>{t('tokens.name')}</th>
              <th>{t('tokens.created')}</th>
              <th>{t('tokens.lastUsed')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.length === 0 ? (
              <tr>
                <td colSpan={4} className="empty-cell">
                  {t('tokens.empty')}
                </td>
              </tr>
            ) : null}
            {data.map((tok) => (
              <tr key={tok.id}>
                <td>{tok.name}</td>
                <td className="muted small">{new Date(tok.createdAt).toLocaleString(locale)}</td>
                <td className="muted small">{tok.lastUsedAt ? new Date(tok.lastUsedAt).toLocaleString(locale) : t('tokens.never')}</td>
                <td className="col-actions">
                  <button type="button" className="btn btn-small btn-danger" onClick={() => void revoke(tok.id, tok.name)}>
                    {t('tokens.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <SignOutEverywhere />
    </div>
  );
}
