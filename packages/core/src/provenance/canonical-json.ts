/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte string per JSON value, so a hash or signature over
 * "the same" data is the same wherever it is computed. Serialisation itself is the `canonicalize` package
 * (ECMAScript number and string rules, object keys sorted by UTF-16 code units); this module first checks
 * that the value IS JSON. `JSON.stringify` and `canonicalize` quietly drop `undefined` properties, turn
 * NaN into null or a Map into `{}` — harmless for display, but a provenance hash computed over silently
 * altered data would attest to something nobody wrote. So anything that is not plain JSON throws, naming
 * where it is.
 */
import canonicalizeImport from 'canonicalize';
import { formatPath } from '../validation/validation-error.js';
import { utf8 } from './encoding.js';

type Serialize = (input: unknown) => string | undefined;
// `canonicalize` is CommonJS (`module.exports = serialize`) but its types declare an ES default export.
// Node's ESM loader and bundlers hand us the function itself, while TypeScript under NodeNext types the
// default import as the module object `{ default: serialize }`. Accept both shapes.
const imported: unknown = canonicalizeImport;
const canonicalize: Serialize = typeof imported === 'function' ? (imported as Serialize) : (imported as { default: Serialize }).default;

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type Path = (string | number)[];

/**
 * The RFC 8785 canonical JSON text of `value`.
 *
 * Accepts null, booleans, finite numbers (-0 is written as 0), well-formed strings, arrays and plain objects
 * (prototype `Object.prototype` or null); an object with a `toJSON` method (such as a Date) is replaced by
 * its result, as `JSON.stringify` does. Throws an Error naming the path (`at items[2].size: …`) for
 * undefined, functions, symbols, bigint, NaN/Infinity, strings with lone surrogates (not I-JSON), sparse
 * arrays, cycles and other objects (Map, Set, typed arrays, class instances).
 */
export function canonicalJson(value: unknown): string {
  const json = toJsonValue(value, [], new Set());
  const text = canonicalize(json);
  // Unreachable after the checks above (only undefined/symbol/function give undefined); kept for the type.
  if (text === undefined) throw new Error('canonicalJson: value has no JSON representation');
  return text;
}

/** UTF-8 bytes of `canonicalJson(value)`: what to hash or sign. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return utf8(canonicalJson(value));
}

function fail(path: Path, message: string): never {
  const where = formatPath(path);
  throw new Error(where === '' ? `canonicalJson: ${message}` : `canonicalJson: at ${where}: ${message}`);
}

// A lone surrogate cannot be encoded as UTF-8; RFC 8785 §3.2.2.2 requires rejecting it (I-JSON, RFC 7493).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkString(text: string, path: Path, what: string): string {
  if (LONE_SURROGATE.test(text)) fail(path, `${what} contains a lone UTF-16 surrogate (not valid Unicode)`);
  return text;
}

/** A checked copy of `value` as plain JSON data; `seen` holds the objects on the current path (cycles). */
function toJsonValue(value: unknown, path: Path, seen: Set<object>): JsonValue {
  switch (typeof value) {
    case 'string':
      return checkString(value, path, 'string');
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) fail(path, `${String(value)} is not a JSON number`);
      return value;
    case 'undefined':
      return fail(path, 'undefined is not a JSON value');
    case 'function':
      return fail(path, 'a function is not a JSON value');
    case 'symbol':
      return fail(path, 'a symbol is not a JSON value');
    case 'bigint':
      return fail(path, 'a bigint is not a JSON value (convert it to a string or a safe number first)');
    case 'object':
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) fail(path, 'circular reference');
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      const items: JsonValue[] = [];
      for (let i = 0; i < object.length; i++) {
        if (!(i in object)) fail([...path, i], 'hole in a sparse array');
        items.push(toJsonValue((object as unknown[])[i], [...path, i], seen));
      }
      return items;
    }
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return toJsonValue((toJSON as () => unknown).call(object), path, seen);
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const name = (object as { constructor?: { name?: unknown } }).constructor?.name;
      fail(path, `${typeof name === 'string' && name !== '' ? name : 'this object'} is not a plain JSON object`);
    }
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(object)) {
      checkString(key, [...path, key], 'property name');
      // defineProperty, not assignment, so a key named "__proto__" stays an ordinary property.
      Object.defineProperty(out, key, {
        value: toJsonValue((object as Record<string, unknown>)[key], [...path, key], seen),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  } finally {
    seen.delete(object);
  }
}
