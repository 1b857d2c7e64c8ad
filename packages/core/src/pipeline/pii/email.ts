/**
 * E-mail addresses: a dot-atom local part, @, and a domain with a 2+ letter top-level label. The pattern
 * avoids nested ambiguous repetition (labels cannot contain the dot that ends them, lengths are bounded),
 * so it cannot backtrack badly on hostile input; label edges are checked after the match.
 */
import { regexDetector } from './pii-match.js';

export const emailDetector = regexDetector(
  'email',
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
  (value) => {
    const at = value.indexOf('@');
    const local = value.slice(0, at);
    const labels = value.slice(at + 1).split('.');
    return !local.startsWith('.') && !local.endsWith('.') && !local.includes('..') && labels.every((l) => !l.startsWith('-') && !l.endsWith('-'));
  },
  /@/,
);
