/**
 * Bank card numbers: 13-19 digits starting 3-6 (Amex/JCB, Visa, Mastercard, UnionPay/Discover), written
 * plain or in groups separated by single spaces or hyphens, passing the Luhn check. The Luhn check alone
 * lets one random digit string in ten through, so 18-digit strings that are valid ID numbers go to the ID
 * detector first (detect-pii.ts resolves overlaps by priority).
 */
import { digitsOf, regexDetector } from './pii-match.js';

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isValidBankCard(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length < 13 || digits.length > 19 || !/^[3-6]/.test(digits)) return false;
  // Groups must use one kind of separator and be at least 3 digits long ("6222 0212 3456 7890").
  if (/[ -]/.test(value) && (!/^\d{3,6}(?:([ -])\d{3,6})(?:\1\d{1,6})*$/.test(value) || /\d{7}/.test(value))) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return luhnValid(digits);
}

export const bankCardDetector = regexDetector('bank-card', /(?<![0-9A-Za-z])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])/g, isValidBankCard, /\d{4}/);
