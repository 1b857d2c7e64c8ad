/**
 * Passports of the People's Republic of China: ordinary passports E + 8 digits or E + letter (not I/O) +
 * 7 digits, older G + 8 digits; diplomatic, service and public-affairs passports DE/SE/PE + 7 digits.
 * Other countries' passport formats are too generic to find without context and are not detected.
 */
import { regexDetector } from './pii-match.js';

export const passportDetector = regexDetector('passport', /(?<![0-9A-Za-z])(?:E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}|[DSP]E\d{7})(?![0-9A-Za-z])/g, () => true, /[EG]/);
