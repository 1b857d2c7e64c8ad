import { useCallback, useState } from 'react';
import { can, type CatalogOrderDto, type CatalogOrderResultDto, type ReceiptDto } from '@yungang/core';
import { catalogOrdersApi } from '../api/catalog-orders-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { formatMoney } from './order-format.ts';

/** The seller's inbox of orders for its cards (confirm, refuse, mark paid) and the buyer's own orders with receipts. */
export function Orders() {
  const { t } = useI18n();
  const { api } = useSession();
  const loadSeller = useCallback(() => catalogOrdersApi.orders(api, 'seller'), [api]);
  const loadBuyer = useCallback(() => catalogOrdersApi.orders(api, 'buyer'), [api]);
  const seller = useLoad(loadSeller);
  const buyer = useLoad(loadBuyer);
  const list = (state: typeof seller, testId: string) =>
    state.data ? (
      state.data.length === 0 ? (
        <p className="muted">{t('catalog.none')}</p>
      ) : (
        state.data.map((o) => <OrderRow key={o.id} order={o} onDone={state.reload} testId={testId} />)
      )
    ) : (
      <Spinner />
    );
  return (
    <div data-testid="catalog-orders">
      <section className="panel">
        <h2 className="panel-title">{t('catalog.ordersIncoming')}</h2>
        <ErrorMessage error={seller.error} />
        {list(seller, 'seller-order')}
      </section>
      <section className="panel">
        <h2 className="panel-title">{t('catalog.ordersMine')}</h2>
        <ErrorMessage error={buyer.error} />
        {list(buyer, 'buyer-order')}
      </section>
    </div>
  );
}

function OrderRow({ order, onDone, testId }: { order: CatalogOrderDto; onDone: () => void; testId: string }) {
  const { t, locale } = useI18n();
  const { api, org } = useSession();
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<ReceiptDto | null>(null);
  const act = async (work: () => Promise<CatalogOrderResultDto>) => {
    setError(null);
    setNotice(null);
    try {
      const result = await work();
      if (result.change?.status === 'pending') setNotice(t('catalog.orderAwaitsApproval'));
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const showReceipt = async () => {
    setError(null);
    try {
      setReceipt(await catalogOrdersApi.receipt(api, order.id));
    } catch (e) {
      setError(e);
    }
  };
  const seller = order.side === 'seller';
  const open = order.status === 'requested' || order.status === 'confirmed';
  const mayPay = org ? can(org.role, 'org.manage_members') : false;
  return (
    <div className="request-row" data-testid={testId} data-status={order.status}>
      <p>
        <strong>{seller ? order.buyerOrgName : order.sellerOrgName}</strong> · <Link to={`/catalog/cards/${order.cardId}`}>{order.cardTitle}</Link> · {order.terms.name} ·{' '}
        {formatMoney(order.terms.priceMinor, order.terms.currency, locale)} · <span data-testid="order-status">{t(`catalog.orderStatus.${order.status}`)}</span>
        {order.receiptNumber ? <span className="muted"> · {t('catalog.receiptNumber', { number: order.receiptNumber })}</span> : null}
      </p>
      <p className="muted">
        {t('catalog.purpose')}: {order.purpose}
        {order.refusalReason ? ` · ${t('catalog.reason')}: ${order.refusalReason}` : ''}
      </p>
      <div className="order-actions">
        {seller && order.status === 'requested' ? (
          <button type="button" className="btn btn-primary" onClick={() => void act(() => catalogOrdersApi.confirm(api, order.id))} data-testid="order-confirm">
            {t('catalog.orderConfirm')}
          </button>
        ) : null}
        {seller && order.status === 'confirmed' ? (
          mayPay ? (
            <>
              <input value={reference} onChange={(e) => setReference(e.target.value)} placeholder={t('catalog.paymentReference')} maxLength={200} data-testid="order-reference" />
              <button type="button" className="btn btn-primary" onClick={() => void act(() => catalogOrdersApi.pay(api, order.id, reference.trim()))} data-testid="order-pay">
                {t('catalog.orderPay')}
              </button>
            </>
          ) : (
            <span className="muted">{t('catalog.orderPayNeedsAdmin')}</span>
          )
        ) : null}
        {seller && order.status === 'paid' ? (
          <button type="button" className="btn" onClick={() => void act(() => catalogOrdersApi.fulfil(api, order.id))} data-testid="order-fulfil">
            {t('catalog.orderFulfil')}
          </button>
        ) : null}
        {seller && open ? (
          <>
            <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('catalog.reason')} maxLength={2000} data-testid="order-reason" />
            <button type="button" className="btn btn-danger" disabled={!reason.trim()} onClick={() => void act(() => catalogOrdersApi.refuse(api, order.id, reason.trim()))} data-testid="order-refuse">
              {t('catalog.refuse')}
            </button>
          </>
        ) : null}
        {open ? (
          <button type="button" className="btn" onClick={() => void act(() => catalogOrdersApi.cancel(api, order.id))} data-testid="order-cancel">
            {t('catalog.orderCancel')}
          </button>
        ) : null}
        {order.receiptNumber ? (
          <button type="button" className="btn" onClick={() => void showReceipt()} data-testid="order-receipt">
            {t('catalog.receipt')}
          </button>
        ) : null}
      </div>
      {notice ? <div className="alert alert-ok">{notice}</div> : null}
      <ErrorMessage error={error} />
      {receipt && org ? <ReceiptView receipt={receipt} orgId={org.id} /> : null}
    </div>
  );
}

function ReceiptView({ receipt, orgId }: { receipt: ReceiptDto; orgId: string }) {
  const { t, locale } = useI18n();
  return (
    <div className="receipt" data-testid="receipt">
      <h3>{t('catalog.receiptNumber', { number: receipt.receiptNumber })}</h3>
      <dl className="facts">
        <dt>{t('catalog.receiptSeller')}</dt>
        <dd>{receipt.seller.name}</dd>
        <dt>{t('catalog.receiptBuyer')}</dt>
        <dd>{receipt.buyer.name}</dd>
        <dt>{t('catalog.receiptDate')}</dt>
        <dd>{new Date(receipt.issuedAt).toLocaleString()}</dd>
        {receipt.lines.map((l, i) => (
          <span key={i} style={{ display: 'contents' }}>
            <dt>{l.description}</dt>
            <dd>
              {l.quantity} × {formatMoney(l.unitPriceMinor, receipt.currency, locale)}
            </dd>
          </span>
        ))}
        <dt>{t('catalog.receiptTotal')}</dt>
        <dd data-testid="receipt-total">{formatMoney(receipt.totalMinor, receipt.currency, locale)}</dd>
        <dt>{t('catalog.paymentReference')}</dt>
        <dd>{receipt.paymentReference ?? '—'}</dd>
      </dl>
      <a href={catalogOrdersApi.receiptUrl(receipt.orderId, orgId, 'html')} target="_blank" rel="noopener" data-testid="receipt-print">
        {t('catalog.receiptPrint')}
      </a>{' '}
      · <a href={catalogOrdersApi.receiptUrl(receipt.orderId, orgId, 'csv')}>CSV</a>
    </div>
  );
}
