/** The length filter and the character-ratio filter: drop records outside inclusive bounds. */
import { countCharClasses } from './char-classes.js';
import { KEEP, type TextOperator } from './operator.js';
import type { CharRatioFilterOperatorSpec, LengthFilterOperatorSpec } from './pipeline-spec.js';

/** Length in code points, so an emoji or a rare Han character counts once, as people count it. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

export function createLengthFilter(spec: LengthFilterOperatorSpec): TextOperator {
  const min = spec.min ?? 0;
  const max = spec.max ?? Number.POSITIVE_INFINITY;
  return {
    apply(text) {
      const n = codePointLength(text);
      if (n < min) return { kind: 'drop', reason: `${n} characters, fewer than ${min}` };
      if (n > max) return { kind: 'drop', reason: `${n} characters, more than ${max}` };
      return KEEP;
    },
  };
}

export function createCharRatioFilter(spec: CharRatioFilterOperatorSpec): TextOperator {
  const min = spec.min ?? 0;
  const max = spec.max ?? 1;
  return {
    apply(text) {
      const counts = countCharClasses(text);
      // An empty text has no ratio; only a positive minimum can reject it.
      const ratio = counts.total === 0 ? 0 : counts[spec.chars] / counts.total;
      if (ratio < min) return { kind: 'drop', reason: `${spec.chars} ratio ${ratio.toFixed(2)} below ${min}` };
      if (ratio > max) return { kind: 'drop', reason: `${spec.chars} ratio ${ratio.toFixed(2)} above ${max}` };
      return KEEP;
    },
  };
}
