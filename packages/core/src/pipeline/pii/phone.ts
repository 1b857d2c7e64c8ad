/**
 * Mainland phone numbers. Mobiles: 11 digits on a number segment that is actually allocated (13x, 145-149,
 * 15x but 154, 162/165-167, 170-178, 18x, 19x but 194), optionally +86/0086/86 and 3-4-4 separators.
 * Landlines: area code 010, 02x or 0[3-9]xx, then a 7-8 digit local number that does not start with 0 or 1,
 * optional extension; written with parentheses or a separator, since a bare 11-12 digit string starting
 * with 0 is as likely an order number as a phone.
 */
import { digitsOf, regexDetector } from './pii-match.js';

const MOBILE_SEGMENTS = /^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])/;

export function isValidMobile(value: string): boolean {
  let digits = digitsOf(value);
  if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return digits.length === 11 && MOBILE_SEGMENTS.test(digits);
}

/** "138 1234-5678" mixes separators: more likely two numbers side by side than one phone. */
function consistentSeparators(number: string): boolean {
  const separators = number.match(/[ -]/g) ?? [];
  return separators.every((s) => s === separators[0]);
}

export const mobileDetector = regexDetector(
  'mobile',
  /(?<![0-9A-Za-z])(?:(?:\+86|0086|86)[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9A-Za-z])/g,
  (value) => isValidMobile(value) && consistentSeparators(value.replace(/^(?:\+86|0086|86)[ -]?/, '')),
  /1[3-9]\d/,
);

export const landlineDetector = regexDetector(
  'landline',
  /(?<![0-9A-Za-z])(?:\(0\d{2,3}\) ?|0\d{2,3}[ -])[2-9]\d{6,7}(?:-\d{1,5})?(?![0-9A-Za-z])/g,
  (value) => {
    const area = digitsOf(value.match(/0\d{2,3}/)?.[0] ?? '');
    // Three-digit area codes are 010 and 02x; others are four digits starting 03-09.
    return area.length === 3 ? /^0(?:10|2\d)$/.test(area) : /^0[3-9]\d\d$/.test(area);
  },
  /0\d{2,3}/,
);
