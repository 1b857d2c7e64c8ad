import type {
  CatalogCardReportDto,
  CatalogOrderDto,
  CatalogOrderResultDto,
  CreateLicenceTierBody,
  LicenceTierDto,
  OrderStatus,
  ReceiptDto,
  UpdateLicenceTierBody,
} from '@yungang/core';
import type { ApiClient } from './client.ts';

/** Licence tiers, orders, receipts and a card's report (docs/catalog.md, "Licences and orders"). */

const id = (value: string) => encodeURIComponent(value);

export const catalogOrdersApi = {
  tiers: (api: ApiClient, cardId: string) => api.call<LicenceTierDto[]>(`/catalog/cards/${id(cardId)}/tiers`),
  createTier: (api: ApiClient, cardId: string, body: CreateLicenceTierBody) => api.call<LicenceTierDto>(`/catalog/cards/${id(cardId)}/tiers`, { method: 'POST', json: body }),
  updateTier: (api: ApiClient, tierId: string, body: UpdateLicenceTierBody) => api.call<LicenceTierDto>(`/catalog/tiers/${id(tierId)}`, { method: 'PATCH', json: body }),
  order: (api: ApiClient, cardId: string, tierId: string, purpose: string) => api.call<CatalogOrderDto>(`/catalog/cards/${id(cardId)}/orders`, { method: 'POST', json: { tierId, purpose } }),
  orders: (api: ApiClient, side: 'buyer' | 'seller', status?: OrderStatus) => api.call<CatalogOrderDto[]>('/catalog/orders', { query: { side, status } }),
  confirm: (api: ApiClient, orderId: string) => api.call<CatalogOrderResultDto>(`/catalog/orders/${id(orderId)}/confirm`, { method: 'POST' }),
  refuse: (api: ApiClient, orderId: string, reason: string) => api.call<CatalogOrderResultDto>(`/catalog/orders/${id(orderId)}/refuse`, { method: 'POST', json: { reason } }),
  pay: (api: ApiClient, orderId: string, paymentReference: string) =>
    api.call<CatalogOrderResultDto>(`/catalog/orders/${id(orderId)}/pay`, { method: 'POST', json: paymentReference ? { paymentReference } : {} }),
  fulfil: (api: ApiClient, orderId: string) => api.call<CatalogOrderResultDto>(`/catalog/orders/${id(orderId)}/fulfil`, { method: 'POST' }),
  cancel: (api: ApiClient, orderId: string) => api.call<CatalogOrderResultDto>(`/catalog/orders/${id(orderId)}/cancel`, { method: 'POST', json: {} }),
  receipt: (api: ApiClient, orderId: string) => api.call<ReceiptDto>(`/catalog/orders/${id(orderId)}/receipt`),
  /** A link the browser opens with the session cookie (a link cannot send the organisation header). */
  receiptUrl: (orderId: string, orgId: string, format: 'html' | 'csv') => `/api/v1/catalog/orders/${id(orderId)}/receipt?format=${format}&org=${id(orgId)}`,
  report: (api: ApiClient, cardId: string) => api.call<CatalogCardReportDto>(`/catalog/cards/${id(cardId)}/report`),
};
