import { isMessageKey, type MessageKey } from '../i18n/translate.ts';

/** Pure helpers of the catalog pages. */

/** The message key of an enumerated value (industry, modality, licence, visibility), or null for one this app does not know. */
export function valueMessageKey(kind: 'industry' | 'modality' | 'licence' | 'visibility', value: string): MessageKey | null {
  const key = `catalog.${kind}.${value}`;
  return isMessageKey(key) ? key : null;
}

/** A price in fen as yuan: 990000 → "¥9,900.00"; 0 → null (free). */
export function formatPrice(cents: number, locale: string): string | null {
  if (cents === 0) return null;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(cents / 100);
}

/** Organisation ids typed or pasted into the sharing field, one per line or comma-separated; duplicates dropped. */
export function parseOrgIds(text: string): string[] {
  return [...new Set(text.split(/[\s,，]+/).map((s) => s.trim()).filter(Boolean))];
}

/** A datetime-local input's value as an ISO instant, or undefined when empty. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
