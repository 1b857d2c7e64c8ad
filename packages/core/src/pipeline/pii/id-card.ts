/**
 * Resident identity card numbers of the mainland (GB 11643-1999): 6-digit region code (first two digits a
 * real province code), birth date YYYYMMDD (a real calendar date, 1900 to 2099), 3-digit sequence, and a
 * check character (ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, remainder → "10X98765432").
 */
import { regexDetector } from './pii-match.js';

const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91]);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK[sum % 11] as string;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function isValidIdCard(value: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false;
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return false;
  const year = Number(value.slice(6, 10));
  if (year < 1900 || year > 2099 || !isRealDate(year, Number(value.slice(10, 12)), Number(value.slice(12, 14)))) return false;
  return idCardCheckChar(value.slice(0, 17)) === value[17]?.toUpperCase();
}

export const idCardDetector = regexDetector('id-card', /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, isValidIdCard, /\d{17}/);
