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
}

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
      const hint = [...allowed].find((t) => t.toLowerCase() === name.trim().toLowerCase());
      issues.push({ offset: i, message: `at ${i}: unknown tag "[${name}]"${hint !== undefined ? `; did you mean "[${hint}]"?` : ''} (allowed: ${known()})` });
    }
    i = close;
  }
  return issues;
}
