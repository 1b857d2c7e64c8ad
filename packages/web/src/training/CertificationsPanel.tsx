import { useCallback, useState, type FormEvent } from 'react';
import type { CertificationHolderDto, HoldingStatus } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';
import { ProjectRequirements } from './ProjectRequirements.tsx';

/** For training managers: define certifications, see who holds them, suspend, reinstate or revoke with a reason. */
export function CertificationsPanel() {
  const { t } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.certifications(), [api]);
  const { data, error, reload } = useLoad(load);
  const [open, setOpen] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [formError, setFormError] = useState<unknown>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    try {
      await api.createCertification({ name: name.trim(), ...(days ? { validityDays: Number(days) } : {}) });
      setName('');
      setDays('');
      reload();
    } catch (err) {
      setFormError(err);
    }
  };
  return (
    <section className="panel" data-testid="certifications-panel">
      <h2 className="panel-title">{t('training.certifications')}</h2>
      <ErrorMessage error={error ?? formError} />
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('training.certification')}</th>
            <th>{t('training.validity')}</th>
            <th>{t('training.grantedBy')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{c.validityDays === null ? t('training.noExpiry') : t('training.days', { n: c.validityDays })}</td>
              <td>{c.exams.map((e) => e.title).join(', ') || '–'}</td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => setOpen(open === c.id ? null : c.id)} data-testid="show-holders">
                  {t('training.holders')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? <Holders key={open} certificationId={open} /> : null}
      <form className="form-inline" onSubmit={(e) => void create(e)}>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('training.certificationName')} required maxLength={200} data-testid="cert-name" />
        <input value={days} onChange={(e) => setDays(e.target.value)} placeholder={t('training.validityDays')} type="number" min={1} max={3650} />
        <button type="submit" className="btn btn-primary" data-testid="cert-create">
          {t('training.addCertification')}
        </button>
      </form>
      <ProjectRequirements certifications={data ?? []} />
    </section>
  );
}

function Holders({ certificationId }: { certificationId: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.certificationHolders(certificationId), [api, certificationId]);
  const { data, error, reload } = useLoad(load);
  const [actionError, setActionError] = useState<unknown>(null);
  const change = async (h: CertificationHolderDto, status: HoldingStatus) => {
    const reason = window.prompt(t('training.reasonFor', { email: h.email }))?.trim();
    if (!reason) return;
    setActionError(null);
    try {
      await api.setHolderStatus(certificationId, h.userId, { status, reason });
      reload();
    } catch (e) {
      setActionError(e);
    }
  };
  return (
    <div data-testid="holders">
      <ErrorMessage error={error ?? actionError} />
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('login.email')}</th>
            <th>{t('training.status')}</th>
            <th>{t('training.expires')}</th>
            <th>{t('training.reason')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((h) => (
            <tr key={h.userId}>
              <td>{h.email}</td>
              <td>{t(`training.state.${h.state}`)}</td>
              <td>{h.expiresAt ? new Date(h.expiresAt).toLocaleDateString(locale) : '–'}</td>
              <td>{h.reason ?? ''}</td>
              <td>
                {h.status === 'active' ? (
                  <button type="button" className="btn btn-small" onClick={() => void change(h, 'suspended')}>
                    {t('training.suspend')}
                  </button>
                ) : null}
                {h.status === 'suspended' ? (
                  <button type="button" className="btn btn-small" onClick={() => void change(h, 'active')}>
                    {t('training.reinstate')}
                  </button>
                ) : null}
                {h.status !== 'revoked' ? (
                  <button type="button" className="btn btn-small btn-danger" onClick={() => void change(h, 'revoked')}>
                    {t('training.revoke')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
