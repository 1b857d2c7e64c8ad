/** What PII detectors return, and the helper they share to run a global regex with a validity check. */
import type { PiiType } from '../pipeline-spec.js';

export interface PiiMatch {
  type: PiiType;
  /** UTF-16 offsets of the match in the text, end exclusive. */
  start: number;
  end: number;
  value: string;
}

export interface PiiDetector {
  type: PiiType;
  find(text: string): PiiMatch[];
}

/** A detector from a global regex for candidates and a check that rejects look-alikes. */
export function regexDetector(type: PiiType, pattern: RegExp, isValid: (value: string, text: string, start: number) => boolean, quick?: RegExp): PiiDetector {
  if (!pattern.global) throw new Error(`${type}: the candidate pattern must be global`);
  return {
    type,
    find(text) {
      // A cheap test first: most texts hold no digit run or no "@", and the full pattern is slower.
      if (quick && !quick.test(text)) return [];
      const out: PiiMatch[] = [];
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        if (isValid(m[0], text, m.index)) out.push({ type, start: m.index, end: m.index + m[0].length, value: m[0] });
      }
      return out;
    },
  };
}

/** Digits only: "6222 0212-3456" → "622202123456". */
export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}
