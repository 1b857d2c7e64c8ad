import { formatMinor, receiptTotals, type OrderStatus, type ReceiptDto } from '@yungang/core';
import type { OrderRow } from '../repositories/catalog-order.repository.js';
import { orderTerms } from './catalog-order-dto.js';

/**
 * The receipt of a paid order (docs/catalog.md, "Licences and orders"), as JSON, as a printable
 * bilingual HTML page and as CSV. One line per order (a tier licence, quantity 1); totals in integer
 * minor units from core, never floats.
 */
export function receiptOf(r: OrderRow): ReceiptDto {
  const totals = receiptTotals([{ description: `${r.card_title ?? ''} — ${r.tier_name}`, quantity: 1, unitPriceMinor: Number(r.price_minor) }]);
  return {
    receiptNumber: r.receipt_number ?? '',
    orderId: r.id,
    issuedAt: (r.paid_at ?? r.requested_at).toISOString(),
    seller: { id: r.org_id, name: r.seller_org_name },
    buyer: { id: r.consumer_org_id, name: r.buyer_org_name },
    card: { id: r.card_id, title: r.card_title ?? '' },
    lines: totals.lines,
    currency: r.currency,
    totalMinor: totals.totalMinor,
    total: formatMinor(totals.totalMinor, r.currency),
    terms: orderTerms(r),
    paymentReference: r.payment_reference,
    markedPaidBy: r.paid_by_email,
    status: r.status as OrderStatus,
    entitlementId: r.entitlement_id,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function receiptHtml(r: ReceiptDto): string {
  const e = escapeHtml;
  const row = (zh: string, en: string, value: string) => `<tr><th>${zh} / ${en}</th><td>${e(value)}</td></tr>`;
  const lines = r.lines
    .map((l) => `<tr><td>${e(l.description)}</td><td class="n">${l.quantity}</td><td class="n">${e(formatMinor(l.unitPriceMinor, r.currency))}</td><td class="n">${e(formatMinor(l.amountMinor, r.currency))}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>收据 Receipt ${e(r.receiptNumber)}</title>
<style>body{font-family:sans-serif;max-width:48em;margin:2em auto}table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #999;padding:.3em .5em;text-align:left}.n{text-align:right}@media print{button{display:none}}</style>
</head><body>
<h1>收据 Receipt ${e(r.receiptNumber)}</h1>
<table>
${row('卖方', 'Seller', r.seller.name)}
${row('买方', 'Buyer', r.buyer.name)}
${row('日期', 'Date', r.issuedAt)}
${row('订单', 'Order', r.orderId)}
${row('付款参考', 'Payment reference', r.paymentReference ?? '—')}
${row('确认付款人', 'Marked paid by', r.markedPaidBy ?? '—')}
${row('许可用途', 'Permitted use', r.terms.permittedUse)}
${row('期限（天）', 'Duration (days)', r.terms.durationDays === null ? '—' : String(r.terms.durationDays))}
${row('下载次数上限', 'Download limit', r.terms.downloadLimit === null ? '—' : String(r.terms.downloadLimit))}
</table>
<table><thead><tr><th>项目 / Item</th><th class="n">数量 / Qty</th><th class="n">单价 / Unit price</th><th class="n">金额 / Amount</th></tr></thead>
<tbody>${lines}</tbody>
<tfoot><tr><th colspan="3">合计 / Total</th><th class="n">${e(r.total)}</th></tr></tfoot></table>
<button onclick="window.print()">打印 / Print</button>
</body></html>
`;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function receiptCsv(r: ReceiptDto): string {
  const rows: (string | number)[][] = [
    ['receipt_number', 'order_id', 'issued_at', 'seller', 'buyer', 'item', 'quantity', 'unit_price_minor', 'amount_minor', 'currency', 'payment_reference'],
    ...r.lines.map((l) => [r.receiptNumber, r.orderId, r.issuedAt, r.seller.name, r.buyer.name, l.description, l.quantity, l.unitPriceMinor, l.amountMinor, r.currency, r.paymentReference ?? '']),
    ['total', '', '', '', '', '', '', '', r.totalMinor, r.currency, ''],
  ];
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
