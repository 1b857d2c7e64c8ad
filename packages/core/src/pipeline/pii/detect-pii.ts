/**
 * Runs the detectors and resolves overlaps. Detectors are listed by priority: when two matches overlap,
 * the more specific one wins (an 18-digit number that is a valid ID is an ID, not a bank card; a phone
 * number inside an address is a phone), then the earlier, then the longer.
 */
import type { PiiType } from '../pipeline-spec.js';
import { addressDetector } from './address.js';
import { bankCardDetector } from './bank-card.js';
import { emailDetector } from './email.js';
import { idCardDetector } from './id-card.js';
import { ipDetector } from './ip-address.js';
import { licencePlateDetector } from './licence-plate.js';
import { passportDetector } from './passport.js';
import { personNameDetector } from './person-name.js';
import { landlineDetector, mobileDetector } from './phone.js';
import type { PiiDetector, PiiMatch } from './pii-match.js';

export const PII_DETECTORS: readonly PiiDetector[] = [
  emailDetector,
  idCardDetector,
  bankCardDetector,
  passportDetector,
  mobileDetector,
  landlineDetector,
  ipDetector,
  licencePlateDetector,
  personNameDetector,
  addressDetector,
];

/** Non-overlapping matches of the given types, in text order. */
export function detectPii(text: string, types?: ReadonlySet<PiiType>): PiiMatch[] {
  const chosen: PiiMatch[] = [];
  for (const detector of PII_DETECTORS) {
    if (types && !types.has(detector.type)) continue;
    for (const match of detector.find(text).sort((a, b) => a.start - b.start || b.end - a.end)) {
      if (!chosen.some((c) => match.start < c.end && match.end > c.start)) chosen.push(match);
    }
  }
  return chosen.sort((a, b) => a.start - b.start);
}
