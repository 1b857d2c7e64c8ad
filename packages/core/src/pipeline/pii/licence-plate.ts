/**
 * Mainland licence plates: province character, issuing-authority letter (A-Z without I and O), optional
 * separator (· or space), then either five characters (letters without I/O and digits, at least one
 * digit), four such characters and a 挂/学/警/港/澳/领 suffix, or a new-energy number of six: D/F + letter-or-digit + four
 * digits (small cars) or five digits + D/F (large vehicles).
 */
import { regexDetector } from './pii-match.js';

const PROVINCE = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

export const licencePlateDetector = regexDetector(
  'licence-plate',
  new RegExp(`(?<![A-Za-z0-9])[${PROVINCE}][A-HJ-NP-Z][·•・ ]?(?:[DF][A-HJ-NP-Z0-9]\\d{4}|\\d{5}[DF]|[A-HJ-NP-Z0-9]{4}[挂学警港澳领]|[A-HJ-NP-Z0-9]{5})(?![A-Za-z0-9])`, 'g'),
  (value) => /\d/.test(value.slice(2)),
  new RegExp(`[${PROVINCE}][A-HJ-NP-Z]`),
);
