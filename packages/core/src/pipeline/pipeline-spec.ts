/**
 * The pipeline spec: a declarative list of operators, written by people as YAML or JSON, e.g.
 *
 *   operators:
 *     - op: normalize
 *       traditionalToSimplified: true
 *     - op: pii
 *       types: { id-card: drop, email: pseudonymize }
 *     - op: near-dedup
 *       threshold: 0.8
 *
 * Validated by hand rather than with a schema so every error says exactly where and how to fix it
 * (`operators[2].threshold: must be a number between 0 and 1, got 1.5`), and unknown options are errors
 * (a misspelt `treshold` silently falling back to the default would be worse than failing).
 */
import { parse as parseYaml } from 'yaml';
import { ValidationError, type ValidationIssue } from '../validation/validation-error.js';
import { IMAGE_OPERATORS, imageOperatorProblems, type ImageOperatorSpec } from './image-operator-spec.js';
import { AUDIO_OPERATORS, audioOperatorProblems, type AudioOperatorSpec } from './audio-operator-spec.js';

export const PII_TYPES = ['id-card', 'mobile', 'landline', 'email', 'bank-card', 'ip', 'licence-plate', 'passport', 'name', 'address'] as const;
export type PiiType = (typeof PII_TYPES)[number];
/** mask: replace with a type tag; pseudonymize: a keyed, consistent stand-in; drop: drop the record; keep: leave it. */
export const PII_POLICIES = ['mask', 'pseudonymize', 'drop', 'keep'] as const;
export type PiiPolicy = (typeof PII_POLICIES)[number];
export const CHAR_CLASSES = ['cjk', 'latin', 'digit', 'whitespace', 'punctuation', 'other'] as const;
export type CharClass = (typeof CHAR_CLASSES)[number];
export const PIPELINE_LANGUAGES = ['zh', 'en', 'other'] as const;
export type PipelineLanguage = (typeof PIPELINE_LANGUAGES)[number];

interface OperatorBase {
  /** The task-data field the operator reads and writes; top-level key, default `text`. */
  field?: string;
}
export interface NormalizeOperatorSpec extends OperatorBase {
  op: 'normalize';
  /** Unicode normal form; NFKC (default) also folds full-width letters, digits and punctuation. */
  unicode?: 'NFKC' | 'NFC' | 'none';
  /** `half` (default) turns full-width ASCII and the ideographic space into their half-width forms. */
  width?: 'half' | 'keep';
  /** Traditional → simplified Chinese (character level), off by default. */
  traditionalToSimplified?: boolean;
  /** Collapse runs of spaces/tabs to one space and trim each line (default true). */
  collapseWhitespace?: boolean;
}
export interface StripOperatorSpec extends OperatorBase {
  op: 'strip';
  /** Remove C0/C1 control characters except tab and newline, and zero-width characters (default true). */
  controlChars?: boolean;
  /** Remove HTML tags, comments, script/style content, and decode entities (default true). */
  html?: boolean;
}
export interface LengthFilterOperatorSpec extends OperatorBase {
  op: 'length-filter';
  /** Inclusive bounds in characters (Unicode code points). */
  min?: number;
  max?: number;
}
export interface CharRatioFilterOperatorSpec extends OperatorBase {
  op: 'char-ratio-filter';
  chars: CharClass;
  /** Inclusive bounds on the share of characters (0-1) in the class; whitespace is counted. */
  min?: number;
  max?: number;
}
export interface LanguageFilterOperatorSpec extends OperatorBase {
  op: 'language-filter';
  languages: PipelineLanguage[];
  /** Records whose top language has a lower confidence count as `other` (default 0.5). */
  minConfidence?: number;
}
export interface ExactDedupOperatorSpec extends OperatorBase {
  op: 'exact-dedup';
}
export interface NearDedupOperatorSpec extends OperatorBase {
  op: 'near-dedup';
  /** Character n-gram size of the shingles (default 3, suits short texts; 5 for long documents). */
  ngram?: number;
  /** MinHash permutations (default 128). */
  permutations?: number;
  /** Estimated Jaccard similarity at or above which a record is a near-duplicate (default 0.7). */
  threshold?: number;
}
export interface PiiOperatorSpec extends OperatorBase {
  op: 'pii';
  /** Policy per type; types not listed get `defaultPolicy`. */
  types?: Partial<Record<PiiType, PiiPolicy>>;
  /** Default `mask`. */
  defaultPolicy?: PiiPolicy;
}
export interface KeywordFilterOperatorSpec extends OperatorBase {
  op: 'keyword-filter';
  /** Inline words, and/or the name of a word list handed to `createPipeline` (`options.wordLists`). */
  words?: string[];
  list?: string;
  /** `drop` (default) drops records with at least `minMatches` hits; `mask` replaces each hit with `*`. */
  action?: 'drop' | 'mask';
  minMatches?: number;
  /** Default false: Latin letters match regardless of case. */
  caseSensitive?: boolean;
}

export type OperatorSpec =
  | NormalizeOperatorSpec
  | StripOperatorSpec
  | LengthFilterOperatorSpec
  | CharRatioFilterOperatorSpec
  | LanguageFilterOperatorSpec
  | ExactDedupOperatorSpec
  | NearDedupOperatorSpec
  | PiiOperatorSpec
  | KeywordFilterOperatorSpec
  // Image operators: run by the server on an image field (image-operator-spec.ts).
  | ImageOperatorSpec
  // Audio operators: run by the server on an audio field (audio-operator-spec.ts).
  | AudioOperatorSpec;
export type OperatorName = OperatorSpec['op'];

export interface PipelineSpec {
  name?: string;
  operators: OperatorSpec[];
}

type Check = (value: unknown, path: string, issues: ValidationIssue[]) => void;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const bool: Check = (v, path, issues) => {
  if (typeof v !== 'boolean') issues.push({ path, message: `must be true or false, got ${describe(v)}` });
};
function oneOf(values: readonly string[]): Check {
  return (v, path, issues) => {
    if (typeof v !== 'string' || !values.includes(v)) issues.push({ path, message: `must be one of ${values.map((x) => `"${x}"`).join(', ')}, got ${describe(v)}` });
  };
}
function number(min: number, max: number, integer = false): Check {
  return (v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      const what = integer ? 'a whole number' : 'a number';
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `between ${min} and ${max}`;
      issues.push({ path, message: `must be ${what} ${range}, got ${describe(v)}` });
    }
  };
}
const nonEmptyString: Check = (v, path, issues) => {
  if (typeof v !== 'string' || v.trim() === '') issues.push({ path, message: `must be a non-empty string, got ${describe(v)}` });
};
function listOf(item: Check, minItems: number): Check {
  return (v, path, issues) => {
    if (!Array.isArray(v)) return void issues.push({ path, message: `must be a list, got ${describe(v)}` });
    if (v.length < minItems) issues.push({ path, message: `must list at least ${minItems} item${minItems === 1 ? '' : 's'}` });
    v.forEach((x, i) => item(x, `${path}[${i}]`, issues));
  };
}
const piiTypes: Check = (v, path, issues) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return void issues.push({ path, message: `must be an object mapping PII types to policies, got ${describe(v)}` });
  for (const [key, policy] of Object.entries(v)) {
    if (!(PII_TYPES as readonly string[]).includes(key)) issues.push({ path: `${path}.${key}`, message: `unknown PII type; use one of ${PII_TYPES.join(', ')}` });
    else oneOf(PII_POLICIES)(policy, `${path}.${key}`, issues);
  }
};
const ratio = number(0, 1);
const count = number(0, Number.MAX_SAFE_INTEGER, true);

/** Options of each operator (besides `op` and `field`), with their checks; `required` ones must be present. */
const OPERATORS: Record<OperatorName, { options: Record<string, Check>; required?: string[] }> = {
  normalize: { options: { unicode: oneOf(['NFKC', 'NFC', 'none']), width: oneOf(['half', 'keep']), traditionalToSimplified: bool, collapseWhitespace: bool } },
  strip: { options: { controlChars: bool, html: bool } },
  'length-filter': { options: { min: count, max: count } },
  'char-ratio-filter': { options: { chars: oneOf(CHAR_CLASSES), min: ratio, max: ratio }, required: ['chars'] },
  'language-filter': { options: { languages: listOf(oneOf(PIPELINE_LANGUAGES), 1), minConfidence: ratio }, required: ['languages'] },
  'exact-dedup': { options: {} },
  'near-dedup': { options: { ngram: number(1, 32, true), permutations: number(8, 512, true), threshold: number(0.05, 1) } },
  pii: { options: { types: piiTypes, defaultPolicy: oneOf(PII_POLICIES) } },
  'keyword-filter': { options: { words: listOf(nonEmptyString, 0), list: nonEmptyString, action: oneOf(['drop', 'mask']), minMatches: number(1, Number.MAX_SAFE_INTEGER, true), caseSensitive: bool } },
  ...IMAGE_OPERATORS,
  ...AUDIO_OPERATORS,
};
export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

function checkOperator(value: unknown, path: string, issues: ValidationIssue[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return void issues.push({ path, message: `must be an object like { op: normalize }, got ${describe(value)}` });
  const record = value as Record<string, unknown>;
  const op = record.op;
  if (typeof op !== 'string' || !(op in OPERATORS)) {
    return void issues.push({ path: `${path}.op`, message: `must be one of ${OPERATOR_NAMES.join(', ')}, got ${describe(op)}` });
  }
  const { options, required = [] } = OPERATORS[op as OperatorName];
  for (const name of required) if (!(name in record)) issues.push({ path: `${path}.${name}`, message: `is required for ${op}` });
  for (const [key, v] of Object.entries(record)) {
    if (key === 'op') continue;
    if (key === 'field') nonEmptyString(v, `${path}.field`, issues);
    else if (options[key]) options[key](v, `${path}.${key}`, issues);
    else {
      const known = ['field', ...Object.keys(options)];
      issues.push({ path: `${path}.${key}`, message: `unknown option for ${op}; its options are ${known.join(', ')}` });
    }
  }
  const { min, max } = record;
  if (typeof min === 'number' && typeof max === 'number' && min > max) issues.push({ path: `${path}.max`, message: `must not be below min (${min})` });
  if (op === 'keyword-filter' && record.words === undefined && record.list === undefined) issues.push({ path, message: 'keyword-filter needs `words` (a list) or `list` (the name of an imported word list)' });
  issues.push(...imageOperatorProblems(record, path));
  issues.push(...audioOperatorProblems(record, path));
}

/**
 * Parses and validates a pipeline spec given as an object, a bare list of operators, or JSON/YAML text.
 * Throws a ValidationError listing every problem with its path.
 */
export function parsePipelineSpec(input: unknown): PipelineSpec {
  let value = input;
  if (typeof input === 'string') {
    try {
      // YAML 1.2 is a superset of JSON, so one parser reads both.
      value = parseYaml(input);
    } catch (err) {
      throw new ValidationError([{ path: '', message: `is not valid YAML or JSON: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }]);
    }
  }
  if (Array.isArray(value)) value = { operators: value };
  if (typeof value !== 'object' || value === null) throw new ValidationError([{ path: '', message: `must be an object with an \`operators\` list, got ${describe(value)}` }]);
  const spec = value as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(spec)) {
    if (key !== 'operators' && key !== 'name') issues.push({ path: key, message: 'unknown key; a pipeline has `operators` and an optional `name`' });
  }
  if (spec.name !== undefined) nonEmptyString(spec.name, 'name', issues);
  if (!Array.isArray(spec.operators)) issues.push({ path: 'operators', message: `must be a list of operators, got ${spec.operators === undefined ? 'nothing' : describe(spec.operators)}` });
  else if (spec.operators.length === 0) issues.push({ path: 'operators', message: 'must list at least one operator' });
  else spec.operators.forEach((op, i) => checkOperator(op, `operators[${i}]`, issues));
  if (issues.length > 0) throw new ValidationError(issues);
  return spec as unknown as PipelineSpec;
}
