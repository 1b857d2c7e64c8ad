/**
 * Unicode normalisation of a text: normal form (NFKC by default), full-width → half-width, optional
 * traditional → simplified Chinese (opencc-js, character level: 軟體 → 软体, not the phrase 软件), and
 * whitespace collapsing. NFKC also folds full-width Chinese punctuation that has an ASCII compatibility
 * form (，！（） → ,!()) but keeps 。、「」, which have none; choose `unicode: NFC` to keep all of them.
 */
import { Converter } from 'opencc-js';
import { changedOrKept, type TextOperator } from './operator.js';
import type { NormalizeOperatorSpec } from './pipeline-spec.js';

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
const FULL_WIDTH_ALL = /[\uFF01-\uFF5E\u3000]/g;

/** Full-width ASCII (U+FF01-FF5E) and the ideographic space → their half-width forms. */
export function toHalfWidth(text: string): string {
  if (!FULL_WIDTH.test(text)) return text;
  return text.replace(FULL_WIDTH_ALL, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

let traditionalToSimplified: ((text: string) => string) | undefined;
/** Traditional → simplified (mainland) characters; the dictionary is loaded on first use only. */
export function toSimplified(text: string): string {
  const convert = (traditionalToSimplified ??= Converter({ from: 't', to: 'cn' }));
  return convert(text);
}

/** Runs of spaces/tabs (any whitespace but newline) become one space; lines and the text are trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').trim();
}

export function normalizeText(text: string, spec: Omit<NormalizeOperatorSpec, 'op'>): string {
  let out = text;
  const form = spec.unicode ?? 'NFKC';
  if (form !== 'none') out = out.normalize(form);
  if ((spec.width ?? 'half') === 'half') out = toHalfWidth(out);
  if (spec.traditionalToSimplified === true) out = toSimplified(out);
  if (spec.collapseWhitespace ?? true) out = collapseWhitespace(out);
  return out;
}

export function createNormalize(spec: NormalizeOperatorSpec): TextOperator {
  return { apply: (text) => changedOrKept(text, normalizeText(text, spec)) };
}
