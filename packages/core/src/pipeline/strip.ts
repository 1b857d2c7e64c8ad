/**
 * Strips what is not text: control characters and zero-width marks, and HTML markup (tags, comments,
 * script/style bodies) with entities decoded. Only `<` followed by a letter, `/` or `!` starts a tag, so
 * "a < b" and "3<5" survive; "x<y>z" does not (it is indistinguishable from a tag), which is the price of
 * not parsing HTML.
 */
import { changedOrKept, type TextOperator } from './operator.js';
import type { StripOperatorSpec } from './pipeline-spec.js';

// C0 except tab/newline, DEL and C1, zero-width space, word joiner, BOM, soft hyphen. The zero-width
// joiner (U+200D) stays: emoji sequences need it. Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B\u2060\uFEFF]/g;

export function stripControlChars(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', middot: '·', yen: '¥', times: '×',
};

function decodeEntity(match: string, body: string): string {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  }
  return NAMED_ENTITIES[body] ?? match;
}

/**
 * Removes blocks from an opening to a closing pattern (script and style bodies, comments). Written as a
 * scan rather than one lazy regex, which would rescan to the end of the text from every unclosed opening
 * (quadratic on hostile input): once no closing follows, none follows any later opening either.
 */
function removeBlocks(text: string, open: RegExp, close: RegExp): string {
  let out = '';
  let at = 0;
  for (let m = open.exec(text); m !== null; m = open.exec(text)) {
    close.lastIndex = m.index + m[0].length;
    const end = close.exec(text);
    if (end === null) break;
    out += text.slice(at, m.index);
    at = end.index + end[0].length;
    open.lastIndex = at;
  }
  return at === 0 ? text : out + text.slice(at);
}

export function stripHtml(text: string): string {
  if (!/[<&]/.test(text)) return text;
  let out = removeBlocks(text, /<script\b[^>]*>/gi, /<\/script\s*>/gi);
  out = removeBlocks(out, /<style\b[^>]*>/gi, /<\/style\s*>/gi);
  return removeBlocks(out, /<!--/g, /-->/g)
    .replace(/<(?:br|\/p|\/div|\/li|\/h[1-6]|\/tr)\b[^>]*>/gi, '\n')
    .replace(/<\/?[a-zA-Z][^<>]*>|<![a-zA-Z][^<>]*>/g, '')
    .replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, decodeEntity);
}

export function createStrip(spec: StripOperatorSpec): TextOperator {
  const html = spec.html ?? true;
  const control = spec.controlChars ?? true;
  return {
    apply(text) {
      let out = text;
      if (html) out = stripHtml(out);
      if (control) out = stripControlChars(out);
      return changedOrKept(text, out);
    },
  };
}
