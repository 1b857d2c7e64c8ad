/**
 * One imported record (a JSON/JSONL line, a CSV row turned object) → a task's `data`. Importers call this
 * per record and add where the record came from (line number) themselves, since only they know it.
 */
import type { LabelConfig } from '../label-config/label-config.types.js';
import { readDialogue } from '../dialogue/dialogue.js';
import { ValidationError, formatPath, type ValidationIssue } from '../validation/validation-error.js';

/** An issue from an import, with the 1-based line (or row) it came from when there is one. */
export type LocatedIssue = ValidationIssue & { line?: number };

/**
 * Task data from one import record. Accepts Label Studio's `{"data": {...}, "annotations": …}` (keys
 * other than `data` are ignored) or a flat object that is the data itself (`{"text": "…", "meta": …}`).
 * Every field in `config.fields` must be present and a string (empty allowed for text; an image field
 * holds a URL). Throws ValidationError
 * with paths relative to the record: `data.text` for Label Studio records, `text` for flat ones.
 */
export function taskDataFromRecord(raw: unknown, config: LabelConfig): Record<string, unknown> {
  if (!isPlainObject(raw)) throw new ValidationError([{ path: '', message: `must be a JSON object, got ${describe(raw)}` }]);
  // A `data` object means Label Studio's wrapper; a flat record that has a text field named "data"
  // holds a string there, so the two cannot be confused.
  const wrapped = isPlainObject(raw.data);
  const data = wrapped ? (raw.data as Record<string, unknown>) : raw;
  const issues: ValidationIssue[] = [];
  for (const field of config.fields) {
    const path = formatPath(wrapped ? ['data', field.name] : [field.name]);
    const value = data[field.name];
    if (value === undefined) issues.push({ path, message: `is required (field "${field.name}" of the label config)` });
    else if (field.type === 'dialogue') issues.push(...readDialogue(value, wrapped ? ['data', field.name] : [field.name]).issues);
    else if (typeof value !== 'string') issues.push({ path, message: `must be a string, got ${describe(value)}` });
    else if (field.type === 'audio' && !isMediaPathOrHttp(value)) {
      issues.push({ path, message: `must be the audio's URL (http:// or https://, or a path starting with "/"), got ${JSON.stringify(value.slice(0, 60))}` });
    } else if (field.type === 'image' && !isImageUrl(value)) {
      issues.push({ path, message: `must be the image's URL (http:// or https://, a path starting with "/", or a data:image/… URL), got ${JSON.stringify(value.slice(0, 60))}` });
    } else if (field.type === 'document' && !/^\/api\/v1\/media\/[0-9a-f]{64}$/.test(value)) {
      // The workbench reads a document's pages and text layer as media intake stored them (docs/documents.md).
      issues.push({ path, message: `must be a PDF uploaded to this server (/api/v1/media/{sha256}): upload PDFs through the media upload, got ${JSON.stringify(value.slice(0, 60))}` });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { ...data };
}

/** The issues of `err`, each tagged with the record's `line`, for import reports that list many records. */
export function locateIssues(err: ValidationError, line: number): LocatedIssue[] {
  return err.issues.map((issue) => ({ ...issue, line }));
}

/** URLs a browser can load for an audio field (no data: URLs: an hour of audio does not belong in task data). */
function isMediaPathOrHttp(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value) || /^\/(?!\/)\S*$/.test(value);
}

/** URLs a browser can load for an image field; `javascript:` and the like are refused. */
function isImageUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value) || /^\/(?!\/)\S*$/.test(value) || /^data:image\/[a-z0-9.+-]+[;,]/i.test(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'number': return `a number (${value})`;
    case 'boolean': return `a boolean (${value})`;
    case 'string': return 'a string';
    case 'undefined': return 'nothing';
    default: return `a ${typeof value}`;
  }
}

/**
 * The path of the first string (value or key) in `value` that holds U+0000, or undefined. JSON allows the NUL
 * character and PostgreSQL's text and jsonb refuse it, so an import names it as a problem of the record instead of
 * failing in the database.
 */
export function pathOfNul(value: unknown, path: (string | number)[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? formatPath(path) : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('\u0000')) return formatPath([...path, key]);
      const found = pathOfNul(v, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
