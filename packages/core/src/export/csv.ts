/**
 * CSV output per RFC 4180: fields separated by ",", rows ended by CRLF, a field quoted (with inner quotes
 * doubled) when it holds a comma, quote, CR or LF. We also quote leading/trailing whitespace, which many
 * readers would otherwise trim away.
 */

export interface CsvOptions {
  /**
   * Defuse spreadsheet formulas (default true). Excel, LibreOffice and WPS run a cell that starts with
   * = + - @ (or tab / CR, which some of them skip first) as a formula; annotated text comes from
   * outsiders, so an exported "=HYPERLINK(…)" could exfiltrate data or run commands when a manager opens
   * the file (OWASP "CSV injection"). A leading `'` makes the spreadsheet show the text as text.
   */
  safeFormulas?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: strings as text, objects and arrays as JSON, null/undefined as empty; quoted when needed. */
export function csvField(value: unknown, options: CsvOptions = {}): string {
  let text: string;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    text = options.safeFormulas !== false && FORMULA_START.test(value) ? `'${value}` : value;
  } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    // Numbers are not formulas even when negative: the spreadsheet reads "-3" as the number -3.
    text = String(value);
  } else if (value instanceof Date) {
    text = value.toISOString();
  } else {
    text = JSON.stringify(value) ?? '';
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV row, fields joined with "," and ended with "\r\n". */
export function csvRow(values: readonly unknown[], options: CsvOptions = {}): string {
  return `${values.map((v) => csvField(v, options)).join(',')}\r\n`;
}
