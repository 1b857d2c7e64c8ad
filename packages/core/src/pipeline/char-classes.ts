/**
 * Character classes shared by the ratio filter and language identification. Counted per code point.
 * `cjk` is Han ideographs (incl. extension A and compatibility ideographs), kana and hangul; `latin` is
 * ASCII and Latin-1/extended letters; `punctuation` is Unicode punctuation and symbols.
 */
import type { CharClass } from './pipeline-spec.js';

const HAN = /\p{Script=Han}/u;
const CJK_OTHER = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LATIN = /\p{Script=Latin}/u;
const PUNCT = /[\p{P}\p{S}]/u;

export function classifyCodePoint(cp: number): CharClass {
  if (cp >= 0x30 && cp <= 0x39) return 'digit';
  if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return 'latin';
  if (cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0x0d) return 'whitespace';
  if (cp >= 0x4e00 && cp <= 0x9fff) return 'cjk';
  if (cp < 0x80) return 'punctuation';
  const c = String.fromCodePoint(cp);
  if (HAN.test(c) || CJK_OTHER.test(c)) return 'cjk';
  if (LATIN.test(c)) return 'latin';
  if (/\p{Nd}/u.test(c)) return 'digit';
  if (/\s/u.test(c)) return 'whitespace';
  if (PUNCT.test(c)) return 'punctuation';
  return 'other';
}

export type CharCounts = Record<CharClass, number> & { total: number; han: number; kanaHangul: number };

export function countCharClasses(text: string): CharCounts {
  const counts: CharCounts = { cjk: 0, latin: 0, digit: 0, whitespace: 0, punctuation: 0, other: 0, total: 0, han: 0, kanaHangul: 0 };
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    const cls = classifyCodePoint(cp);
    counts[cls]++;
    counts.total++;
    if (cls === 'cjk') {
      if ((cp >= 0x4e00 && cp <= 0x9fff) || HAN.test(ch)) counts.han++;
      else counts.kanaHangul++;
    }
  }
  return counts;
}
