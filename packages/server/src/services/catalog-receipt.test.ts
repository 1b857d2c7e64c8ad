import { describe, expect, it } from 'vitest';
import type { ReceiptDto } from '@yungang/core';
import { receiptCsv, receiptHtml } from './catalog-receipt.js';

const receipt: ReceiptDto = {
  receiptNumber: '2026-000007',
  orderId: '00000000-0000-4000-8000-000000000001',
  issuedAt: '2026-11-30T08:00:00.000Z',
  seller: { id: '00000000-0000-4000-8000-000000000002', name: '甲方 <script>alert(1)</script>' },
  buyer: { id: '00000000-0000-4000-8000-000000000003', name: '=HYPERLINK("x")' },
  card: { id: '00000000-0000-4000-8000-000000000004', title: '路口, "数据"' },
  lines: [{ description: '路口, "数据" — 科研版', quantity: 1, unitPriceMinor: 990050, amountMinor: 990050 }],
  currency: 'CNY',
  totalMinor: 990050,
  total: '9900.50 CNY',
  terms: { tierId: '00000000-0000-4000-8000-000000000005', name: '科研版', priceMinor: 990050, currency: 'CNY', durationDays: 30, downloadLimit: null, permittedUse: '仅限科研' },
  paymentReference: null,
  markedPaidBy: 'admin@a.example.com',
  status: 'fulfilled',
  entitlementId: null,
};

describe('receipt formats', () => {
  it('escapes every value in the printable page', () => {
    const html = receiptHtml(receipt);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('9900.50 CNY');
    expect(html).toContain('收据 Receipt 2026-000007');
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    const [header, line, total] = receiptCsv(receipt).split('\r\n');
    expect(header).toBe('receipt_number,order_id,issued_at,seller,buyer,item,quantity,unit_price_minor,amount_minor,currency,payment_reference');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"路口, ""数据"" — 科研版",1,990050,990050,CNY,');
    expect(total).toBe('total,,,,,,,,990050,CNY,');
  });
});
