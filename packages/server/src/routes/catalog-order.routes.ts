import Type from 'typebox';
import {
  CancelOrderBody,
  CatalogCardReportDto,
  CatalogOrderDto,
  CatalogOrderListQuery,
  CatalogOrderResultDto,
  CreateLicenceTierBody,
  CreateOrderBody,
  LicenceTierDto,
  PayOrderBody,
  ReceiptDto,
  RefuseOrderBody,
  UpdateLicenceTierBody,
} from '@yungang/core';
import type { Services } from '../services/services.js';
import { receiptCsv, receiptHtml } from '../services/catalog-receipt.js';
import { tenantOf } from '../http/auth-hooks.js';
import { errors, IdParams, type Api } from './route-types.js';

const tags = ['catalog'];

/** Licence tiers, orders, receipts and the seller's report of a card (docs/catalog.md, "Licences and orders"). */
export function catalogOrderRoutes(app: Api, s: Services): void {
  app.get(
    '/catalog/cards/:id/tiers',
    { schema: { tags, summary: 'Licence tiers of a card: all of them for its organisation, the active ones for others who can see it', params: IdParams, response: { 200: Type.Array(LicenceTierDto), ...errors } } },
    async (request) => s.catalogOrders.tiers(await tenantOf(s.database, request), request.params.id),
  );
  app.post(
    '/catalog/cards/:id/tiers',
    { schema: { tags, summary: "Offer a card under a new licence tier (price, duration, download limit, permitted use)", params: IdParams, body: CreateLicenceTierBody, response: { 201: LicenceTierDto, ...errors } } },
    async (request, reply) => reply.status(201).send(await s.catalogOrders.createTier(await tenantOf(s.database, request), request.params.id, request.body)),
  );
  app.patch(
    '/catalog/tiers/:id',
    { schema: { tags, summary: 'Change or withdraw a licence tier; orders already placed keep their terms', params: IdParams, body: UpdateLicenceTierBody, response: { 200: LicenceTierDto, ...errors } } },
    async (request) => s.catalogOrders.updateTier(await tenantOf(s.database, request), request.params.id, request.body),
  );
  app.post(
    '/catalog/cards/:id/orders',
    { schema: { tags, summary: "Order a licence tier of another organisation's card, with a purpose", params: IdParams, body: CreateOrderBody, response: { 201: CatalogOrderDto, ...errors } } },
    async (request, reply) => reply.status(201).send(await s.catalogOrders.place(await tenantOf(s.database, request), request.params.id, request.body.tierId, request.body.purpose)),
  );
  app.get(
    '/catalog/orders',
    { schema: { tags, summary: 'Orders placed by your organisation (side=buyer) or for its cards (side=seller)', querystring: CatalogOrderListQuery, response: { 200: Type.Array(CatalogOrderDto), ...errors } } },
    async (request) => s.catalogOrders.list(await tenantOf(s.database, request), request.query.side ?? 'buyer', request.query.status),
  );
  app.get('/catalog/orders/:id', { schema: { tags, summary: 'One order of your organisation, as buyer or seller', params: IdParams, response: { 200: CatalogOrderDto, ...errors } } }, async (request) =>
    s.catalogOrders.get(await tenantOf(s.database, request), request.params.id),
  );
  app.post(
    '/catalog/orders/:id/confirm',
    { schema: { tags, summary: 'The seller accepts a requested order', params: IdParams, response: { 200: CatalogOrderResultDto, ...errors } } },
    async (request) => s.catalogOrders.confirm(await tenantOf(s.database, request), request.params.id),
  );
  app.post(
    '/catalog/orders/:id/refuse',
    { schema: { tags, summary: 'The seller refuses an order before payment, with a reason', params: IdParams, body: RefuseOrderBody, response: { 200: CatalogOrderResultDto, ...errors } } },
    async (request) => s.catalogOrders.refuse(await tenantOf(s.database, request), request.params.id, request.body.reason),
  );
  app.post(
    '/catalog/orders/:id/pay',
    {
      schema: {
        tags,
        summary: "An owner or admin of the seller marks a confirmed order paid: the receipt is issued and the grant proposed (fulfilled at once unless the two-person rule holds it)",
        params: IdParams,
        body: PayOrderBody,
        response: { 200: CatalogOrderResultDto, ...errors },
      },
    },
    async (request) => s.catalogOrders.pay(await tenantOf(s.database, request), request.params.id, request.body.paymentReference),
  );
  app.post(
    '/catalog/orders/:id/fulfil',
    { schema: { tags, summary: 'Propose the grant of a paid order again (after its grant change was rejected)', params: IdParams, response: { 200: CatalogOrderResultDto, ...errors } } },
    async (request) => s.catalogOrders.fulfil(await tenantOf(s.database, request), request.params.id),
  );
  app.post(
    '/catalog/orders/:id/cancel',
    { schema: { tags, summary: 'Buyer or seller withdraws an order before it is paid', params: IdParams, body: CancelOrderBody, response: { 200: CatalogOrderResultDto, ...errors } } },
    async (request) => s.catalogOrders.cancel(await tenantOf(s.database, request), request.params.id, request.body.reason),
  );
  app.get(
    '/catalog/orders/:id/receipt',
    {
      schema: {
        tags,
        summary: 'The receipt of a paid order: JSON, printable HTML (format=html) or CSV (format=csv)',
        params: IdParams,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html'), Type.Literal('csv')], { description: 'json (default), printable html, or csv' })),
          org: Type.Optional(Type.String({ description: 'organisation id, like X-Org-Id (for browser links)' })),
        }),
        response: { 200: Type.Union([ReceiptDto, Type.String({ description: 'text/html or text/csv' })]), ...errors },
      },
    },
    async (request, reply) => {
      const receipt = await s.catalogOrders.receipt(await tenantOf(s.database, request, request.query.org), request.params.id);
      const format = request.query.format ?? 'json';
      if (format === 'json') return receipt;
      const name = `receipt-${receipt.receiptNumber}.${format}`;
      void reply.header('content-type', format === 'html' ? 'text/html; charset=utf-8' : 'text/csv; charset=utf-8');
      // The receipt page runs no script of ours but its print button; nothing else may load or run.
      if (format === 'html') void reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'");
      else void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
      return reply.send(format === 'html' ? receiptHtml(receipt) : receiptCsv(receipt));
    },
  );
  app.get(
    '/catalog/cards/:id/report',
    { schema: { tags, summary: "The seller's report of a card: revenue by tier and month, orders by status, downloads per entitlement", params: IdParams, response: { 200: CatalogCardReportDto, ...errors } } },
    async (request) => s.catalogOrders.report(await tenantOf(s.database, request), request.params.id),
  );
}
