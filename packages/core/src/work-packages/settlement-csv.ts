import { csvRow } from '../export/csv.js';
import { formatMinor } from '../catalog/order-money.js';
import type { SettlementStatement } from './settlement.js';

export interface SettlementHeader {
  packageId: string;
  title: string;
  client: string;
  vendor: string;
  settledAt: string;
}

/**
 * The statement as CSV (docs/work-packages.md): one `item` row per package item (delivered, verdict,
 * reason, paid, amount), then the `deduction` rows that the item rows do not show (presumed defects) and
 * the `total`. Amounts are minor units (fen) in `amount_minor` and formatted in `amount`, so a spreadsheet
 * can add them up without rounding. Text is formula-safe.
 */
export function settlementCsv(h: SettlementHeader, s: SettlementStatement): string {
  const rows = [csvRow(['row', 'package', 'title', 'client', 'vendor', 'source_task_id', 'delivered', 'verdict', 'reason', 'items', 'unit_price_minor', 'amount_minor', 'amount', 'currency', 'note'])];
  const base = [h.packageId, h.title, h.client, h.vendor];
  for (const l of s.lines) {
    rows.push(csvRow(['item', ...base, l.sourceTaskId, l.delivered ? 'yes' : 'no', l.verdict ?? '', l.reason ?? '', 1, s.unitPriceMinor, l.amountMinor, formatMinor(l.amountMinor, s.currency), s.currency, l.delivered ? '' : 'not delivered']));
  }
  for (const d of s.deductions) {
    if (d.kind === 'rejected-in-review') continue; // already 0 on its item rows
    rows.push(csvRow(['deduction', ...base, '', '', '', d.kind, d.items, s.unitPriceMinor, -d.amountMinor, formatMinor(-d.amountMinor, s.currency), s.currency, d.explanation]));
  }
  const note = [
    `${s.delivered} of ${s.itemCount} delivered`,
    `${s.reviewed} reviewed, ${s.rejectedInReview} rejected`,
    `accuracy ${(s.accuracy * 100).toFixed(1)} % against floor ${(s.qualityFloor * 100).toFixed(1)} %`,
    s.late ? 'delivered after the deadline' : 'delivered on time',
    `settled ${h.settledAt}`,
  ].join('; ');
  rows.push(csvRow(['total', ...base, '', '', '', '', s.payableItems, s.unitPriceMinor, s.totalMinor, formatMinor(s.totalMinor, s.currency), s.currency, note]));
  return rows.join('');
}
