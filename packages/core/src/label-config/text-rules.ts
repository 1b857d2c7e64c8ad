/**
 * Length and format rules on text an annotator writes (a question, an answer, a prompt, a gold response),
 * checked on submit (`textRuleProblems`). Lengths are code points, like span offsets, so that "问" and "a"
 * count the same in every language that reads the export.
 */
import Type from 'typebox';

export interface TextRules {
  /** Shortest text accepted, in code points. */
  minLength?: number;
  /** Longest text accepted, in code points. */
  maxLength?: number;
  /** A regular expression (JavaScript syntax, Unicode mode) the whole text must match somewhere. */
  pattern?: string;
  /** What the annotator is told when `pattern` does not match, e.g. "must cite a section number like §3". */
  patternMessage?: string;
  /** The text must end with one of these, e.g. ["？", "?"] for a question (trailing spaces ignored). */
  endsWith?: string[];
  /** Phrases that must not occur (case-insensitive), e.g. ["作为一个AI", "as an AI"]. */
  forbidden?: string[];
  /** `json`: the text must be valid JSON; `text` (default): any text. */
  format?: 'text' | 'json';
}

export const TextRulesSchema = Type.Object(
  {
    minLength: Type.Optional(Type.Integer({ minimum: 1 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
    pattern: Type.Optional(Type.String()),
    patternMessage: Type.Optional(Type.String()),
    endsWith: Type.Optional(Type.Array(Type.String())),
    forbidden: Type.Optional(Type.Array(Type.String())),
    format: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('json')])),
  },
  { additionalProperties: false },
);

type Issue = (segments: (string | number)[], message: string) => void;

/** Rules a config must keep beyond its shape: bounds in order, a pattern that compiles, no empty phrases. */
export function checkTextRulesConfig(rules: TextRules, at: (string | number)[], issue: Issue): void {
  if (rules.minLength !== undefined && rules.maxLength !== undefined && rules.minLength > rules.maxLength) issue([...at, 'minLength'], `must not exceed maxLength (${rules.maxLength}), got ${rules.minLength}`);
  if (rules.pattern !== undefined) {
    try {
      new RegExp(rules.pattern, 'u');
    } catch (error) {
      issue([...at, 'pattern'], `is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  if (rules.patternMessage !== undefined && rules.pattern === undefined) issue([...at, 'patternMessage'], 'explains a pattern; add "pattern" or remove it');
  if (rules.endsWith !== undefined && rules.endsWith.length === 0) issue([...at, 'endsWith'], 'must list at least one ending, or be left out');
  rules.endsWith?.forEach((end, e) => {
    if (end === '') issue([...at, 'endsWith', e], 'must not be empty');
  });
  rules.forbidden?.forEach((phrase, p) => {
    if (phrase.trim() === '') issue([...at, 'forbidden', p], 'must not be empty');
  });
}
