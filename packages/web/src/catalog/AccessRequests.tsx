import { useCallback, useState } from 'react';
import type { AccessRequestDto } from '@yungang/core';
import { catalogApi } from '../api/catalog-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { localToIso } from './catalog-format.ts';

/** The owner's inbox of access requests (approve with terms, or refuse with a reason) and the caller's own requests. */
export function AccessRequests() {
  const { t } = useI18n();
  const { api } = useSession();
  const loadIncoming = useCallback(() => catalogApi.requests(api, 'incoming'), [api]);
  const loadOutgoing = useCallback(() => catalogApi.requests(api, 'outgoing'), [api]);
  const incoming = useLoad(loadIncoming);
  const outgoing = useLoad(loadOutgoing);
  return (
    <div data-testid="catalog-requests">
      <section className="panel">
        <h2 className="panel-title">{t('catalog.incoming')}</h2>
        <ErrorMessage error={incoming.error} />
        {incoming.data ? incoming.data.length === 0 ? <p className="muted">{t('catalog.none')}</p> : incoming.data.map((r) => <IncomingRequest key={r.id} request={r} onDone={incoming.reload} />) : <Spinner />}
      </section>
      <section className="panel">
        <h2 className="panel-title">{t('catalog.outgoing')}</h2>
        <ErrorMessage error={outgoing.error} />
        {outgoing.data ? (
          <table className="table">
            <tbody>
              {outgoing.data.map((r) => (
                <tr key={r.id} data-testid="outgoing-request">
                  <td>
                    <Link to={`/catalog/cards/${r.cardId}`}>{r.cardTitle}</Link> · {r.ownerOrgName}
                  </td>
                  <td>{t(`catalog.status.${r.status}`)}</td>
                  <td className="muted">{r.reason ?? r.conditions ?? ''}</td>
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

function IncomingRequest({ request, onDone }: { request: AccessRequestDto; onDone: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [conditions, setConditions] = useState('');
  const [expires, setExpires] = useState('');
  const [limit, setLimit] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const expiresAt = localToIso(expires);
  return (
    <div className="request-row" data-testid="incoming-request">
      <p>
        <strong>{request.consumerOrgName}</strong> → <Link to={`/catalog/cards/${request.cardId}`}>{request.cardTitle}</Link> · {t(`catalog.status.${request.status}`)}
      </p>
      <p className="muted">
        {t('catalog.purpose')}: {request.purpose}
      </p>
      {request.status === 'pending' ? (
        <div className="form">
          <input value={conditions} onChange={(e) => setConditions(e.target.value)} placeholder={t('catalog.conditions')} maxLength={2000} data-testid="approve-conditions" />
          <label className="form-row">
            <span>{t('catalog.expiresAt')}</span>
            <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
          <input type="number" min={1} value={limit} onChange={(e) => setLimit(e.target.value)} placeholder={t('catalog.downloadLimit')} data-testid="approve-limit" />
          <button
            type="button"
            className="btn btn-primary"
            data-testid="approve-request"
            onClick={() =>
              void act(() =>
                catalogApi.approveRequest(api, request.id, {
                  ...(conditions.trim() ? { conditions: conditions.trim() } : {}),
                  ...(expiresAt ? { expiresAt } : {}),
                  ...(limit ? { downloadLimit: Number(limit) } : {}),
                }),
              )
            }
          >
            {t('catalog.approve')}
          </button>
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('catalog.reason')} maxLength={2000} data-testid="refuse-reason" />
          <button type="button" className="btn btn-danger" disabled={!reason.trim()} onClick={() => void act(() => catalogApi.refuseRequest(api, request.id, reason.trim()))} data-testid="refuse-request">
            {t('catalog.refuse')}
          </button>
        </div>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
}
