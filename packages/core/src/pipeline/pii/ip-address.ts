/**
 * IPv4 and IPv6 addresses. IPv4: four decimal octets 0-255 without leading zeros, not part of a longer
 * dotted number (1.2.3.4.5), and not written as a version (v1.2.3.4, version 1.2.3.4, 版本 1.2.3.4).
 * IPv6: 8 groups of 1-4 hex digits, or fewer with one "::"; clock times (12:30:45) have neither.
 */
import { regexDetector, type PiiDetector, type PiiMatch } from './pii-match.js';

const VERSION_BEFORE = /(?:\bv|\bver\.?|\bversion|\brelease|\bbuild|版本号?|版)\s*[:：]?\s*$/i;

export function isValidIpv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isValidIpv6(value: string): boolean {
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  if (halves.length === 1) return groups.length === 8;
  return groups.length >= 1 && groups.length <= 7;
}

const ipv4 = regexDetector(
  'ip',
  /(?<![0-9A-Za-z.])\d{1,3}(?:\.\d{1,3}){3}(?![0-9A-Za-z]|\.\d)/g,
  (value, text, start) => isValidIpv4(value) && !VERSION_BEFORE.test(text.slice(Math.max(0, start - 12), start)),
  /\d\.\d/,
);
const ipv6 = regexDetector('ip', /(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])/g, isValidIpv6, /:.*:/);

export const ipDetector: PiiDetector = {
  type: 'ip',
  find: (text): PiiMatch[] => [...ipv4.find(text), ...ipv6.find(text)],
};
