/**
 * The HTTP contract of licence tiers and orders in the dataset catalog (docs/catalog.md, "Licences and
 * orders"): the tiers a card is offered under, orders and their transitions, receipts, and the seller's
 * revenue and usage report of a card. Money is always an integer of minor units (fen for CNY).
 */
import Type, { type Static, type TSchema } from 'typebox';
import { CURRENCIES, MAX_PRICE_MINOR } from '../catalog/order-money.js';
import { ORDER_STATUSES } from '../catalog/order-state.js';
import { CatalogChangeDto } from './catalog-schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const literals = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v)), { description }));

const Currency = literals(CURRENCIES, 'ISO 4217 currency of the price');
const OrderStatus = literals(
  ORDER_STATUSES,
  'requested → confirmed (by the seller) → paid (marked by an owner or admin of the seller) → fulfilled (the entitlement exists); refused or cancelled end it before payment',
);
const PriceMinor = Type.Integer({ minimum: 0, maximum: MAX_PRICE_MINOR, description: 'price in minor units (fen for CNY); 0 = free' });

const tierFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.String({ maxLength: 2000 }),
  priceMinor: PriceMinor,
  currency: Currency,
  durationDays: Nullable(Type.Integer({ minimum: 1, maximum: 36500, description: 'the entitlement lasts this many days from fulfilment; null = no end' })),
  downloadLimit: Nullable(Type.Integer({ minimum: 1, maximum: 100000, description: 'downloads the entitlement allows; null = no limit' })),
  permittedUse: Type.String({ minLength: 1, maxLength: 2000, description: 'what the buyer may do with the data; becomes the conditions of the entitlement' }),
  active: Type.Boolean({ description: 'offered for new orders; an inactive tier stays on the orders placed under it' }),
  position: Type.Integer({ minimum: 0, maximum: 1000, description: 'display order' }),
};

export const LicenceTierDto = Type.Object({ id: Uuid, cardId: Uuid, ...tierFields, createdAt: Timestamp, updatedAt: Timestamp });
export type LicenceTierDto = Static<typeof LicenceTierDto>;

/** POST /catalog/cards/{id}/tiers. */
export const CreateLicenceTierBody = Type.Object({
  name: tierFields.name,
  description: Type.Optional(tierFields.description),
  priceMinor: tierFields.priceMinor,
  currency: Type.Optional(tierFields.currency),
  durationDays: Type.Optional(tierFields.durationDays),
  downloadLimit: Type.Optional(tierFields.downloadLimit),
  permittedUse: tierFields.permittedUse,
  active: Type.Optional(tierFields.active),
  position: Type.Optional(tierFields.position),
});
export type CreateLicenceTierBody = Static<typeof CreateLicenceTierBody>;

/** PATCH /catalog/tiers/{id}: orders already placed keep the terms they were placed under. */
export const UpdateLicenceTierBody = Type.Partial(Type.Object(tierFields), { minProperties: 1 });
export type UpdateLicenceTierBody = Static<typeof UpdateLicenceTierBody>;

/** The tier's terms as they were when the order was placed. */
export const OrderTermsDto = Type.Object({
  tierId: Uuid,
  name: Type.String(),
  priceMinor: Type.Integer(),
  currency: Type.String(),
  durationDays: Nullable(Type.Integer()),
  downloadLimit: Nullable(Type.Integer()),
  permittedUse: Type.String(),
});

const Step = Type.Object({ by: Uuid, byEmail: Nullable(Type.String()), at: Timestamp });

export const CatalogOrderDto = Type.Object({
  id: Uuid,
  cardId: Uuid,
  cardTitle: Type.String(),
  sellerOrgId: Uuid,
  sellerOrgName: Type.String(),
  buyerOrgId: Uuid,
  buyerOrgName: Type.String(),
  /** Which side of the order the caller's organisation is. */
  side: Type.Union([Type.Literal('buyer'), Type.Literal('seller')]),
  terms: OrderTermsDto,
  purpose: Type.String(),
  status: OrderStatus,
  requested: Step,
  confirmed: Nullable(Step),
  paid: Nullable(Step),
  paymentReference: Nullable(Type.String()),
  fulfilled: Nullable(Step),
  refused: Nullable(Step),
  refusalReason: Nullable(Type.String()),
  cancelled: Nullable(Step),
  cancelReason: Nullable(Type.String()),
  entitlementId: Nullable(Uuid),
  receiptNumber: Nullable(Type.String()),
});
export type CatalogOrderDto = Static<typeof CatalogOrderDto>;

/** An act on an order; for marking paid and fulfilling, the grant change it proposed (approved already, or pending under the two-person rule). */
export const CatalogOrderResultDto = Type.Object({ order: CatalogOrderDto, change: Nullable(CatalogChangeDto) });
export type CatalogOrderResultDto = Static<typeof CatalogOrderResultDto>;

export const CreateOrderBody = Type.Object({ tierId: Uuid, purpose: Type.String({ minLength: 1, maxLength: 2000, description: 'what the data will be used for' }) });
export type CreateOrderBody = Static<typeof CreateOrderBody>;

export const RefuseOrderBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export type RefuseOrderBody = Static<typeof RefuseOrderBody>;

export const CancelOrderBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) });
export type CancelOrderBody = Static<typeof CancelOrderBody>;

export const PayOrderBody = Type.Object({ paymentReference: Type.Optional(Type.String({ maxLength: 200, description: 'e.g. the bank transfer reference' })) });
export type PayOrderBody = Static<typeof PayOrderBody>;

export const CatalogOrderListQuery = Type.Object({
  side: Type.Optional(Type.Union([Type.Literal('buyer'), Type.Literal('seller')], { description: 'buyer: orders placed by your organisation (default); seller: orders for its cards' })),
  status: Type.Optional(OrderStatus),
});
export type CatalogOrderListQuery = Static<typeof CatalogOrderListQuery>;

export const ReceiptDto = Type.Object({
  receiptNumber: Type.String(),
  orderId: Uuid,
  issuedAt: Timestamp,
  seller: Type.Object({ id: Uuid, name: Type.String() }),
  buyer: Type.Object({ id: Uuid, name: Type.String() }),
  card: Type.Object({ id: Uuid, title: Type.String() }),
  lines: Type.Array(Type.Object({ description: Type.String(), quantity: Type.Integer(), unitPriceMinor: Type.Integer(), amountMinor: Type.Integer() })),
  currency: Type.String(),
  totalMinor: Type.Integer(),
  /** The total as text, e.g. "1234.50 CNY". */
  total: Type.String(),
  terms: OrderTermsDto,
  paymentReference: Nullable(Type.String()),
  markedPaidBy: Nullable(Type.String({ description: "e-mail of the seller's owner or admin who marked it paid" })),
  status: OrderStatus,
  entitlementId: Nullable(Uuid),
});
export type ReceiptDto = Static<typeof ReceiptDto>;

export const CatalogCardReportDto = Type.Object({
  cardId: Uuid,
  revenue: Type.Array(Type.Object({ tierId: Uuid, tierName: Type.String(), month: Type.String({ description: 'YYYY-MM (UTC) of payment' }), currency: Type.String(), orders: Type.Integer(), revenueMinor: Type.Integer() })),
  totals: Type.Array(Type.Object({ currency: Type.String(), orders: Type.Integer(), revenueMinor: Type.Integer() })),
  ordersByStatus: Type.Array(Type.Object({ status: OrderStatus, count: Type.Integer() })),
  downloads: Type.Array(
    Type.Object({
      entitlementId: Uuid,
      buyerOrgId: Uuid,
      buyerOrgName: Type.String(),
      orderId: Nullable(Uuid),
      downloads: Type.Integer(),
      downloadLimit: Nullable(Type.Integer()),
      lastDownloadAt: Nullable(Timestamp),
      active: Type.Boolean(),
    }),
  ),
});
export type CatalogCardReportDto = Static<typeof CatalogCardReportDto>;
