import { describe, it, expect } from 'vitest';
import Type from 'typebox';
import { schemaIssues, validateSchema } from './validate-schema.js';
import { ValidationError } from './validation-error.js';

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

const Choice = Type.Union([Type.Literal('single'), Type.Literal('multiple')]);
const Item = Type.Object({ x: Type.Integer(), name: Type.Optional(Type.String({ minLength: 1 })) }, { additionalProperties: false });
const Shape = Type.Object(
  {
    choice: Choice,
    items: Type.Array(Item),
    kind: Type.Union([
      Type.Object({ type: Type.Literal('a'), a: Type.String() }, { additionalProperties: false }),
      Type.Object({ type: Type.Literal('b'), b: Type.Integer() }, { additionalProperties: false }),
    ]),
    maybe: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);
const good = { choice: 'single', items: [{ x: 1 }], kind: { type: 'a', a: 'hi' } };

describe('validateSchema', () => {
  it('returns the value when it matches', () => {
    expect(validateSchema<typeof good>(Shape, good)).toBe(good);
  });

  it('collapses a union of constants into one message', () => {
    expect(issuesOf(() => validateSchema(Shape, { ...good, choice: 'many' }))).toEqual([{ path: 'choice', message: 'must be one of "single", "multiple"' }]);
  });

  it('renders array indexes in brackets', () => {
    expect(issuesOf(() => validateSchema(Shape, { ...good, items: [{ x: 1 }, { x: 1.5 }] }))).toEqual([{ path: 'items[1].x', message: 'must be integer' }]);
  });

  it('names unknown properties once, at their own path, with the allowed ones', () => {
    expect(issuesOf(() => validateSchema(Shape, { ...good, items: [{ x: 1, colour: 'red' }] }))).toEqual([
      { path: 'items[0].colour', message: 'is not an allowed property (allowed: x, name)' },
    ]);
  });

  it('reports each missing property at its own path', () => {
    expect(issuesOf(() => validateSchema(Shape, { items: [] }))).toEqual([
      { path: 'choice', message: 'is required' },
      { path: 'kind', message: 'is required' },
    ]);
  });

  it('reports the root as the empty path', () => {
    expect(issuesOf(() => validateSchema(Shape, null))).toEqual([{ path: '', message: 'must be object' }]);
  });

  it('validates a discriminated union against the alternative the value names', () => {
    expect(issuesOf(() => validateSchema(Shape, { ...good, kind: { type: 'b', b: 'x' } }))).toEqual([{ path: 'kind.b', message: 'must be integer' }]);
    expect(issuesOf(() => validateSchema(Shape, { ...good, kind: { type: 'b', b: 1, extra: true } }))).toEqual([
      { path: 'kind.extra', message: 'is not an allowed property (allowed: type, b)' },
    ]);
  });

  it('says which discriminator values exist when the value names none', () => {
    expect(issuesOf(() => validateSchema(Shape, { ...good, kind: { type: 'c' } }))).toEqual([{ path: 'kind.type', message: 'must be one of "a", "b"' }]);
    expect(issuesOf(() => validateSchema(Shape, { ...good, kind: {} }))).toEqual([{ path: 'kind.type', message: 'is required and must be one of "a", "b"' }]);
    expect(issuesOf(() => validateSchema(Shape, { ...good, kind: 'a' }))).toEqual([{ path: 'kind', message: 'must be an object' }]);
  });

  it('describes a union of kinds', () => {
    expect(issuesOf(() => validateSchema(Shape, { ...good, maybe: 3 }))).toEqual([{ path: 'maybe', message: 'must be a string or null' }]);
  });

  it('validates inside the alternative whose kind fits', () => {
    const S = Type.Object({ v: Type.Union([Type.String({ minLength: 2 }), Type.Null()]) });
    expect(issuesOf(() => validateSchema(S, { v: 'x' }))).toEqual([{ path: 'v', message: 'must not have fewer than 2 characters' }]);
  });

  it('handles unions nested in arrays', () => {
    const S = Type.Array(Type.Object({ c: Choice }));
    expect(issuesOf(() => validateSchema(S, [{ c: 'single' }, { c: 'x' }, { c: 'y' }]))).toEqual([
      { path: '[1].c', message: 'must be one of "single", "multiple"' },
      { path: '[2].c', message: 'must be one of "single", "multiple"' },
    ]);
  });

  it('puts paths under rootPath', () => {
    expect(issuesOf(() => validateSchema(Shape, { ...good, choice: 'x' }, 'config'))).toEqual([{ path: 'config.choice', message: 'must be one of "single", "multiple"' }]);
    expect(schemaIssues(Type.Array(Type.String()), [1], 'result')).toEqual([{ path: 'result[0]', message: 'must be string' }]);
    expect(schemaIssues(Type.String(), 1, 'result')).toEqual([{ path: 'result', message: 'must be string' }]);
  });

  it('treats numeric keys of objects as keys, not indexes', () => {
    const S = Type.Record(Type.String(), Type.Integer());
    expect(schemaIssues(S, { '0': 'x' })).toEqual([{ path: '["0"]', message: 'must be integer' }]);
  });

  it('quotes keys in Chinese, emoji and combining marks', () => {
    const S = Type.Record(Type.String(), Type.Integer());
    expect(schemaIssues(S, { 文本: 'x' })).toEqual([{ path: '["文本"]', message: 'must be integer' }]);
    expect(schemaIssues(S, { '😀': 'x' })).toEqual([{ path: '["😀"]', message: 'must be integer' }]);
    expect(schemaIssues(S, { '👨‍👩‍👧': 'x' })).toEqual([{ path: '["👨‍👩‍👧"]', message: 'must be integer' }]);
    expect(schemaIssues(S, { 'e\u0301': 'x' })).toEqual([{ path: '["e\u0301"]', message: 'must be integer' }]);
  });

  it('decodes escaped JSON pointer tokens', () => {
    const S = Type.Record(Type.String(), Type.Integer());
    expect(schemaIssues(S, { 'a/b~c': 'x' })).toEqual([{ path: '["a/b~c"]', message: 'must be integer' }]);
  });

  it('accepts Unicode string values that match', () => {
    const S = Type.Object({ s: Type.String({ minLength: 1 }) });
    for (const s of ['人名', '😀', '👨‍👩‍👧', 'e\u0301']) expect(validateSchema(S, { s })).toEqual({ s });
  });

  it('says "must be" for a single constant and lists enum values', () => {
    expect(schemaIssues(Type.Object({ version: Type.Literal(1) }), { version: 2 })).toEqual([{ path: 'version', message: 'must be 1' }]);
    expect(schemaIssues(Type.Enum(['x', 'y']), 'z')).toEqual([{ path: '', message: 'must be one of "x", "y"' }]);
  });
});
