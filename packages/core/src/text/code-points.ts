/**
 * Text offsets in Unicode code points. Annotation spans are stored in code points (not JavaScript's
 * UTF-16 units) so that a span means the same characters in every language that reads the export:
 * Python's `str[start:end]`, Go runes, PostgreSQL `substr`. "😀" is one code point but two UTF-16 units;
 * "👨‍👩‍👧" is five code points (three people joined by two ZWJs) and eight units; "é" written as e + U+0301
 * is two code points. We do not count grapheme clusters: no other tool agrees on them.
 *
 * A lone surrogate counts as one code point, as in `[...text]`.
 */

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Number of code points in `text` (`[...text].length`, without building the array). */
export function codePointLength(text: string): number {
  let pairs = 0;
  for (let i = 1; i < text.length; i++) {
    if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) {
      pairs++;
      i++; // a low surrogate cannot also start the next pair
    }
  }
  return text.length - pairs;
}

/** `text` between code-point offsets `start` (inclusive) and `end` (exclusive, default: the end), clamped to the text. */
export function sliceCodePoints(text: string, start: number, end?: number): string {
  let from = -1;
  let cp = 0;
  const first = Math.max(0, start);
  const last = end === undefined ? Infinity : end;
  if (last <= first) return '';
  for (let i = 0; i < text.length; i++) {
    if (cp === first) from = i;
    if (cp === last) return text.slice(from, i);
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
    cp++;
  }
  return from < 0 ? '' : text.slice(from);
}

/**
 * Converts between code-point and UTF-16 offsets of one text. Built once in O(n); each conversion is a
 * binary search over the text's astral characters only, so it is O(1) for text without emoji or rare CJK
 * and O(log k) with k of them, and memory is 4 bytes per astral character.
 */
export class CodePointIndex {
  /** Length of the text in code points. */
  readonly length: number;
  /** Length of the text in UTF-16 units (`text.length`). */
  readonly utf16Length: number;
  // UTF-16 offsets where each surrogate pair starts, ascending. Pair k starts at code point astral[k] - k.
  private readonly astral: Uint32Array;

  constructor(text: string) {
    const starts: number[] = [];
    for (let i = 0; i + 1 < text.length; i++) {
      if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
        starts.push(i);
        i++;
      }
    }
    this.astral = Uint32Array.from(starts);
    this.utf16Length = text.length;
    this.length = text.length - starts.length;
  }

  /** UTF-16 offset of code point `cp` (0 ≤ cp ≤ length); throws RangeError outside the text. */
  toUtf16(cp: number): number {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.length) throw new RangeError(`code-point offset ${cp} is outside 0..${this.length}`);
    // Count pairs that start before code point cp: pair k starts at code point astral[k] - k.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.astral[mid] as number) - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }

  /** Code-point offset of UTF-16 offset `unit` (0 ≤ unit ≤ utf16Length); inside a surrogate pair it rounds down to the pair's start. */
  toCodePoint(unit: number): number {
    if (!Number.isInteger(unit) || unit < 0 || unit > this.utf16Length) throw new RangeError(`UTF-16 offset ${unit} is outside 0..${this.utf16Length}`);
    // Each pair starting before `unit` took one extra unit; for `unit` inside a pair, that pair counts
    // too, which lands exactly on the pair's own code point (the rounding down we want).
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.astral[mid] as number) < unit) lo = mid + 1;
      else hi = mid;
    }
    return unit - lo;
  }
}
