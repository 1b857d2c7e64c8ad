import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's response serializer (fast-json-stringify) over the route schemas with their simple unions rewritten.
 *
 * TypeBox writes `T | null` and a union of string literals as `anyOf`, and fast-json-stringify serializes an
 * `anyOf` by validating the value against each branch with Ajv: an Ajv instance per route, a schema compiled on
 * the first response that reaches the branch, and a validation of the whole branch on every response. On the
 * annotators' hot path (`POST /projects/{id}/next`: assignment, task and annotation are each `T | null`) the first
 * response of each process stalled its event loop for 100–300 ms while Ajv compiled (issue 10). The shapes
 * rewritten here are told apart without validating anything: `T | null` becomes T with `null` added to its
 * `type`, which fast-json-stringify checks with `=== null`; literals of one type become that type with an `enum`;
 * a union with a branch that accepts anything is dropped. Any other union is left to Ajv as before. Only the
 * serializer sees the rewrite: request validation and the OpenAPI document keep the schemas as written.
 */
export const responseSerializerFactory: SerializerFactory = (externalSchemas, options) => {
  const compile = SerializerSelector()(rewriteEach(externalSchemas), options);
  return (route) => compile({ ...route, schema: serializerSchema(route.schema) });
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** External schemas are a map of id to schema. */
function rewriteEach(schemas: unknown): unknown {
  if (!isObject(schemas)) return schemas;
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, serializerSchema(schema)]));
}

/** A schema with its `T | null` and literal unions rewritten (a copy; only enumerable keys, as JSON has). */
export function serializerSchema(schema: unknown): unknown {
  return rewrite(schema as Json);
}

function rewrite(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = rewrite(value);
  const union = out.anyOf ?? out.oneOf;
  if (!Array.isArray(union) || ('anyOf' in out && 'oneOf' in out)) return out;
  const { anyOf: _a, oneOf: _o, ...siblings } = out;
  const options = union.filter(isObject);
  if (options.length !== union.length) return out;
  return anything(options, siblings) ?? nullable(options, siblings) ?? literals(options, siblings) ?? out;
}

/** A branch with no keywords accepts every value (TypeBox's `Unknown | null`): the union says nothing. */
function anything(options: JsonObject[], siblings: JsonObject): JsonObject | undefined {
  return options.some((o) => Object.keys(o).length === 0) ? siblings : undefined;
}

/** Keywords that make a schema more than "a value of this type": such a branch is left to Ajv. */
const COMBINING = ['anyOf', 'oneOf', 'allOf', 'not', 'if', '$ref'] as const;

/** `[T, {type: 'null'}]` in either order, T of one plain type: T with `null` added to its type. */
function nullable(options: JsonObject[], siblings: JsonObject): JsonObject | undefined {
  if (options.length !== 2) return undefined;
  const nullAt = options.findIndex((o) => o.type === 'null' && Object.keys(o).length === 1);
  if (nullAt < 0) return undefined;
  const other = options[1 - nullAt];
  if (!other || typeof other.type !== 'string' || other.type === 'null' || COMBINING.some((k) => k in other)) return undefined;
  // A sibling keyword that also appears in T would be ambiguous to merge: leave such a schema alone.
  if (Object.keys(siblings).some((k) => k in other)) return undefined;
  return { ...siblings, ...other, type: [other.type, 'null'] };
}

/** Every branch `{type: X, const: v}` (a description at most beside): X with `enum`. */
function literals(options: JsonObject[], siblings: JsonObject): JsonObject | undefined {
  const type = options[0]?.type;
  if (type !== 'string' && type !== 'number' && type !== 'integer' && type !== 'boolean') return undefined;
  const plain = options.every((o) => o.type === type && 'const' in o && Object.keys(o).every((k) => k === 'type' || k === 'const' || k === 'description'));
  if (!plain || 'type' in siblings || 'enum' in siblings) return undefined;
  return { ...siblings, type, enum: options.map((o) => o.const ?? null) };
}
