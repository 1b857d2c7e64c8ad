/** Pure helpers of the order pages: money is integer minor units (fen) on the wire, typed and shown as yuan. */

/** 990050 minor units of CNY → "¥9,900.50" (display only; every listed currency has two decimals). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/**
 * "9900.5" or "9,900.50" typed as yuan → 990050 minor units, by string arithmetic (no float rounding);
 * null for anything that is not a non-negative amount with at most two decimals.
 */
export function parseMajorToMinor(text: string): number | null {
  const m = /^\s*(\d{1,12})(?:[.,](\d{1,2}))?\s*$/.exec(text.replace(/[,，](?=\d{3}\b)/g, ''));
  if (!m) return null;
  const units = Number(m[1]);
  const cents = Number((m[2] ?? '').padEnd(2, '0'));
  return units * 100 + cents;
}
