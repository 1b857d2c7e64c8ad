/**
 * Shape validation with TypeBox, reported in our vocabulary: every problem becomes a ValidationIssue
 * with a readable path (`controls[1].choice`) and one readable message per problem.
 *
 * TypeBox reports a failed union (`anyOf`) as one error per alternative plus a summary, e.g. four lines
 * for a wrong `choice` value. People want one line: `must be one of "single", "multiple"`. For unions of
 * objects told apart by a constant property (`type: 'choices' | 'labels'`) we pick the alternative the
 * value says it is and re-validate against that alternative alone, so the user sees the real mistake
 * inside it rather than why it is not the other kinds.
 *
 * Note: TypeBox stops after a global `maxErrors` (8 by default); we do not change that global setting,
 * so a very broken value reports its first problems, not all of them.
 */
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import { ValidationError, formatPath, joinPath, type ValidationIssue } from './validation-error.js';

type Segment = string | number;
interface RawIssue {
  at: Segment[];
  message: string;
}

/** A schema as plain JSON Schema data; TypeBox's `TSchema` is opaque, but the node is ordinary JSON. */
type SchemaNode = Record<string, unknown>;

/** Error shape of `Value.Errors`, narrowed to what we read. */
interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: object;
  message: string;
}

/** Checks `value` against `schema` and returns it typed as T; throws ValidationError with paths under `rootPath`. */
export function validateSchema<T>(schema: TSchema, value: unknown, rootPath = ''): T {
  const issues = schemaIssues(schema, value, rootPath);
  if (issues.length > 0) throw new ValidationError(issues);
  return value as T;
}

/** The issues `validateSchema` would throw, or [] when `value` matches `schema`. */
export function schemaIssues(schema: TSchema, value: unknown, rootPath = ''): ValidationIssue[] {
  // Check is much cheaper than collecting errors, and valid input is the common case.
  if (Value.Check(schema, value)) return [];
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const raw of collect(schema, value, [])) {
    const path = joinPath(rootPath, formatPath(raw.at));
    const key = `${path}\u0000${raw.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message: raw.message });
  }
  // Never let a failed check pass as valid just because every error was filtered as noise.
  if (out.length === 0) out.push({ path: rootPath, message: 'is invalid' });
  return out;
}

function collect(schema: TSchema, value: unknown, at: Segment[]): RawIssue[] {
  const out: RawIssue[] = [];
  const unionsDone = new Set<string>();
  for (const error of Value.Errors(schema, value) as SchemaError[]) {
    const branchAt = error.schemaPath.indexOf('/anyOf/');
    if (branchAt >= 0 || error.keyword === 'anyOf') {
      // Everything under one union node is summarised once, by looking at the union itself.
      const unionPath = branchAt >= 0 ? error.schemaPath.slice(0, branchAt) : error.schemaPath;
      const instance = decodeInstancePath(error.instancePath, value);
      const unionInstance = branchAt >= 0 ? instance.slice(0, instanceDepth(pointerTokens(unionPath))) : instance;
      const key = `${unionPath}\u0000${JSON.stringify(unionInstance)}`;
      if (unionsDone.has(key)) continue;
      unionsDone.add(key);
      const union = resolveSchema(schema, unionPath);
      const alternatives = union?.anyOf;
      if (!Array.isArray(alternatives)) {
        out.push({ at: [...at, ...instance], message: error.message });
        continue;
      }
      out.push(...collapseUnion(alternatives.filter(isRecord), valueAt(value, unionInstance), [...at, ...unionInstance]));
      continue;
    }
    out.push(...plainIssues(schema, value, error, at));
  }
  return out;
}

function plainIssues(schema: TSchema, value: unknown, error: SchemaError, at: Segment[]): RawIssue[] {
  const here = [...at, ...decodeInstancePath(error.instancePath, value)];
  switch (error.keyword) {
    case 'boolean':
      // `additionalProperties: false` reports each extra key twice; the parent's error says it better.
      return error.schemaPath.endsWith('/additionalProperties') ? [] : [{ at: here, message: 'is not allowed' }];
    case 'additionalProperties': {
      const names = (error.params as { additionalProperties?: string[] }).additionalProperties ?? [];
      const properties = resolveSchema(schema, error.schemaPath)?.properties;
      const allowed = isRecord(properties) ? Object.keys(properties) : [];
      const hint = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
      return names.map((name) => ({ at: [...here, name], message: `is not an allowed property${hint}` }));
    }
    case 'required': {
      const names = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      return names.map((name) => ({ at: [...here, name], message: 'is required' }));
    }
    case 'const':
      return [{ at: here, message: `must be ${JSON.stringify((error.params as { allowedValue?: unknown }).allowedValue)}` }];
    case 'enum': {
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      return [{ at: here, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` }];
    }
    default:
      return [{ at: here, message: error.message }];
  }
}

function collapseUnion(alternatives: SchemaNode[], value: unknown, at: Segment[]): RawIssue[] {
  if (alternatives.length > 0 && alternatives.every((alt) => 'const' in alt)) {
    return [{ at, message: `must be one of ${alternatives.map((alt) => JSON.stringify(alt.const)).join(', ')}` }];
  }
  const tag = discriminator(alternatives);
  if (tag !== undefined) {
    if (!isRecord(value)) return [{ at, message: 'must be an object' }];
    const consts = alternatives.map((alt) => propertySchema(alt, tag)?.const);
    const chosen = consts.findIndex((c) => c === value[tag]);
    const picked = alternatives[chosen];
    if (picked !== undefined) return collect(picked as unknown as TSchema, value, at);
    const allowed = `must be one of ${consts.map((c) => JSON.stringify(c)).join(', ')}`;
    return [{ at: [...at, tag], message: value[tag] === undefined ? `is required and ${allowed}` : allowed }];
  }
  const fitting = alternatives.filter((alt) => kindMatches(alt, value));
  const only = fitting.length === 1 ? fitting[0] : undefined;
  if (only !== undefined) return collect(only as unknown as TSchema, value, at);
  const described = [...new Set(alternatives.map(describe))];
  return [{ at, message: `must be ${described.join(' or ')}` }];
}

/** A property that every alternative is an object with, holding a distinct constant (`type`, `kind` …). */
function discriminator(alternatives: SchemaNode[]): string | undefined {
  const [first] = alternatives;
  if (first === undefined || alternatives.length < 2) return undefined;
  const firstProps = first.properties;
  if (!isRecord(firstProps)) return undefined;
  for (const key of Object.keys(firstProps)) {
    const consts: unknown[] = [];
    for (const alt of alternatives) {
      if (!isRecord(alt.properties)) return undefined;
      const prop = propertySchema(alt, key);
      if (prop === undefined || !('const' in prop)) break;
      consts.push(prop.const);
    }
    if (consts.length === alternatives.length && new Set(consts).size === consts.length) return key;
  }
  return undefined;
}

function propertySchema(schema: SchemaNode, key: string): SchemaNode | undefined {
  const props = schema.properties;
  const prop = isRecord(props) ? props[key] : undefined;
  return isRecord(prop) ? prop : undefined;
}

function kindMatches(schema: SchemaNode, value: unknown): boolean {
  if ('const' in schema) return false; // the union failed, so the value equals no constant
  if (Array.isArray(schema.anyOf)) return schema.anyOf.filter(isRecord).some((alt) => kindMatches(alt, value));
  switch (schema.type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number';
    case 'integer': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'object': return isRecord(value);
    default: return false;
  }
}

function describe(schema: SchemaNode): string {
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.anyOf)) return schema.anyOf.filter(isRecord).map(describe).join(' or ');
  switch (schema.type) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'integer': return 'an integer';
    case 'boolean': return 'a boolean';
    case 'null': return 'null';
    case 'array': return 'an array';
    case 'object': return 'an object';
    default: return 'a valid value';
  }
}

function pointerTokens(pointer: string): string[] {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '') return [];
  return body.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** How many instance levels a schema path descends (properties/x, items …), to find a union's value. */
function instanceDepth(tokens: string[]): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    switch (tokens[i]) {
      case 'properties':
      case 'patternProperties':
      case 'prefixItems':
        i++;
        depth++;
        break;
      case 'items':
        if (/^\d+$/.test(tokens[i + 1] ?? '')) i++;
        depth++;
        break;
      case 'additionalProperties':
        depth++;
        break;
      case 'anyOf':
      case 'allOf':
      case 'oneOf':
      case '$defs':
      case 'definitions':
        i++;
        break;
      default:
        break;
    }
  }
  return depth;
}

/** JSON pointer → segments, with array indexes as numbers (so they render as `[0]`, not `.0`). */
function decodeInstancePath(pointer: string, root: unknown): Segment[] {
  const out: Segment[] = [];
  let node: unknown = root;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(node) && /^\d+$/.test(token)) {
      const index = Number(token);
      out.push(index);
      node = node[index];
    } else {
      out.push(token);
      node = isRecord(node) ? node[token] : undefined;
    }
  }
  return out;
}

function valueAt(root: unknown, segments: Segment[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

function resolveSchema(schema: TSchema, pointer: string): SchemaNode | undefined {
  let node: unknown = schema;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isRecord(node)) node = node[token];
    else return undefined;
  }
  return isRecord(node) ? node : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
