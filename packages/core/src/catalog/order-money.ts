/**
 * Money of catalog orders (docs/catalog.md): amounts are integers in minor units (fen for CNY), never
 * floats, so totals and reports add up to the fen; receipt numbers count per seller organisation.
 */

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** The largest amount one order may carry: far above any price, far below where integers lose precision. */
export const MAX_PRICE_MINOR = 1_000_000_000_00;

/** "1234.50" for 123450 minor units; integer arithmetic only (every listed currency has 2 decimals). */
export function formatMinor(amountMinor: number, currency: Currency | string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`an amount must be a whole number of minor units, not ${amountMinor}`);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  const units = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${units}.${String(cents).padStart(2, '0')} ${currency}`;
}

export interface ReceiptLine {
  description: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface ReceiptTotals {
  lines: (ReceiptLine & { amountMinor: number })[];
  totalMinor: number;
}

/** Line amounts and the total, refusing anything that is not a safe whole number of minor units. */
export function receiptTotals(lines: readonly ReceiptLine[]): ReceiptTotals {
  let totalMinor = 0;
  const out = lines.map((l) => {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1) throw new RangeError(`a quantity must be a positive whole number, not ${l.quantity}`);
    if (!Number.isSafeInteger(l.unitPriceMinor) || l.unitPriceMinor < 0) throw new RangeError(`a price must be a whole number of minor units ≥ 0, not ${l.unitPriceMinor}`);
    const amountMinor = l.quantity * l.unitPriceMinor;
    totalMinor += amountMinor;
    if (!Number.isSafeInteger(totalMinor)) throw new RangeError('the total is too large to be exact');
    return { ...l, amountMinor };
  });
  return { lines: out, totalMinor };
}

/**
 * The receipt number of the seller's `sequence`-th paid order: "2026-000042". The sequence never
 * restarts (so numbers stay unique per seller across years); the year only helps people read it.
 */
export function receiptNumber(sequence: number, paidAt: Date): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`a receipt sequence starts at 1, not ${sequence}`);
  return `${paidAt.getUTCFullYear()}-${String(sequence).padStart(6, '0')}`;
}

export interface RevenueOrder {
  cardId: string;
  tierId: string;
  tierName: string;
  currency: string;
  priceMinor: number;
  /** When it was paid; orders never paid earn nothing. */
  paidAt: Date | null;
}

export interface RevenueRow {
  cardId: string;
  tierId: string;
  tierName: string;
  /** "2026-11" (UTC). */
  month: string;
  currency: string;
  orders: number;
  revenueMinor: number;
}

/** Revenue of paid (and fulfilled) orders by card, tier, month and currency, sorted by month then card then tier. */
export function aggregateRevenue(orders: readonly RevenueOrder[]): RevenueRow[] {
  const rows = new Map<string, RevenueRow>();
  for (const o of orders) {
    if (o.paidAt === null) continue;
    if (!Number.isSafeInteger(o.priceMinor)) throw new RangeError(`a price must be a whole number of minor units, not ${o.priceMinor}`);
    const month = `${o.paidAt.getUTCFullYear()}-${String(o.paidAt.getUTCMonth() + 1).padStart(2, '0')}`;
    const key = JSON.stringify([month, o.cardId, o.tierId, o.currency]);
    const row = rows.get(key) ?? { cardId: o.cardId, tierId: o.tierId, tierName: o.tierName, month, currency: o.currency, orders: 0, revenueMinor: 0 };
    row.orders += 1;
    row.revenueMinor += o.priceMinor;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || a.cardId.localeCompare(b.cardId) || a.tierName.localeCompare(b.tierName) || a.tierId.localeCompare(b.tierId));
}

/** When an entitlement bought for `durationDays` ends, counted from fulfilment; null for no end. */
export function entitlementExpiry(fulfilledAt: Date, durationDays: number | null): Date | null {
  if (durationDays === null) return null;
  return new Date(fulfilledAt.getTime() + durationDays * 86_400_000);
}
