/**
 * A project's transcription conventions (docs/label-config.md, Audio): which bracketed tags a transcript
 * may hold ([noise], [laughter] …) and how unintelligible speech is marked. Checked on submit, so that
 * "[nosie]" or a bracket left open is caught while the annotator still has the recording in mind.
 */
export interface TranscriptConventions {
  /** Tag names allowed inside square brackets, e.g. ["noise", "laughter"]. */
  tags: string[];
  /** The whole mark for unintelligible speech, e.g. "[unk]" or "((…))"; unset = none is allowed. */
  unintelligible?: string;
  /** `words`: numbers are written out (二零二四, twenty), so digits are refused; `any` (default): either. */
  numbers?: 'any' | 'words';
  /** `none`: punctuation is refused outside tags and the unintelligible mark; `any` (default): allowed. */
  punctuation?: 'any' | 'none';
}

// ASCII and full-width digits: both are "digits" to a reader, so both break a words-only rule.
const DIGIT = /^[0-9０-９]$/u;
const PUNCTUATION = /^\p{P}$/u;

export interface TranscriptIssue {
  /** Code-point offset of the problem in the transcript. */
  offset: number;
  message: string;
}

/** Every place `text` breaks the conventions, in order; empty when it keeps them. */
export function checkTranscript(text: string, conventions: TranscriptConventions): TranscriptIssue[] {
  const chars = Array.from(text);
  const issues: TranscriptIssue[] = [];
  const allowed = new Set(conventions.tags);
  const mark = conventions.unintelligible;
  const markChars = mark === undefined ? [] : Array.from(mark);
  const known = () => [...[...allowed].map((t) => `[${t}]`), ...(mark !== undefined ? [`${mark} (unintelligible)`] : [])].join(', ') || 'none';
  for (let i = 0; i < chars.length; i++) {
    // The unintelligible mark may itself use brackets, so it is matched first, whole.
    if (markChars.length > 0 && markChars.every((c, k) => chars[i + k] === c)) {
      i += markChars.length - 1;
      continue;
    }
    const char = chars[i]!;
    if (conventions.numbers === 'words' && DIGIT.test(char)) {
      // A run of digits is one number, so one message: "2024" rather than four.
      let end = i + 1;
      while (end < chars.length && DIGIT.test(chars[end]!)) end++;
      const number = chars.slice(i, end).join('');
      issues.push({ offset: i, message: `at ${i}: number "${number}" in digits; this project writes numbers out in words (二零二四 rather than 2024)` });
      i = end - 1;
      continue;
    }
    if (conventions.punctuation === 'none' && char !== '[' && char !== ']' && PUNCTUATION.test(char)) {
      issues.push({ offset: i, message: `at ${i}: punctuation "${char}"; this project transcribes without punctuation (tags such as [noise] are fine)` });
      continue;
    }
    if (chars[i] === ']') {
      issues.push({ offset: i, message: `at ${i}: "]" closes no tag; write tags as [name] (allowed: ${known()})` });
      continue;
    }
    if (chars[i] !== '[') continue;
    const close = chars.indexOf(']', i + 1);
    const nextOpen = chars.indexOf('[', i + 1);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      issues.push({ offset: i, message: `at ${i}: "[" is never closed; write tags as [name] (allowed: ${known()})` });
      continue;
    }
    const name = chars.slice(i + 1, close).join('');
    if (!allowed.has(name)) {
      const hint = nearestTag(name, allowed);
      issues.push({ offset: i, message: `at ${i}: unknown tag "[${name}]"${hint !== undefined ? `; did you mean "[${hint}]"?` : ''} (allowed: ${known()})` });
    }
    i = close;
  }
  return issues;
}

/**
 * The allowed tag a mistyped one most likely meant: the same but for case or spaces, else one at most two
 * edits away ("nosie" → "noise"); none for short names, where two edits reach anything.
 */
function nearestTag(name: string, allowed: ReadonlySet<string>): string | undefined {
  const key = name.trim().toLowerCase();
  const same = [...allowed].find((t) => t.toLowerCase() === key);
  if (same !== undefined || Array.from(key).length < 4) return same;
  let best: { tag: string; distance: number } | undefined;
  for (const tag of allowed) {
    const distance = editDistance(key, tag.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { tag, distance };
  }
  return best?.tag;
}

/** Levenshtein distance in code points, with transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}
