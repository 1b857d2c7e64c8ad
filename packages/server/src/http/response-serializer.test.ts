import { describe, expect, it } from 'vitest';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import Type from 'typebox';
import { AnnotationDto, ErrorBody, NextTaskDto, TaskPageDto } from '@yungang/core';
import { responseSerializerFactory, serializerSchema } from './response-serializer.js';

const route = (schema: unknown) => ({ method: 'POST', url: '/x', httpStatus: '200', schema });
/** fast-json-stringify as Fastify builds it by default, on the schema as written. */
const plain = (schema: unknown) => SerializerSelector()({}, {})(route(schema));
const ours = (schema: unknown) => responseSerializerFactory({}, {})(route(schema));

const assignment = { id: '0b8a5a2e-3c1f-4f5e-9d41-6f1a2b3c4d5e', taskId: '42', projectId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', status: 'active', expiresAt: '2026-12-03T08:00:00.000Z' };
const annotation = {
  id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
  taskId: '42',
  userId: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b',
  userEmail: 'a@example.org',
  version: 1,
  result: [{ id: 'r1', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 0, end: 2, labels: ['PER'] }, extra: 'kept' }],
  leadTimeMs: 1200,
  createdAt: '2026-12-03T07:00:00.000Z',
  updatedAt: '2026-12-03T07:00:00.000Z',
  reviewStatus: 'pending',
};
const task = { id: '42', projectId: assignment.projectId, data: { text: '云冈石窟' }, status: 'in_progress', createdAt: '2026-12-01T00:00:00.000Z', annotations: [annotation] };

describe('response serializer', () => {
  it('writes the next-task answer exactly as the default serializer does, with and without a task', () => {
    for (const body of [
      { assignment, task, annotation, predictions: [] },
      { assignment, task, annotation: null },
      { assignment: null, task: null, annotation: null },
      // A field the schema does not name is dropped, as before (nothing leaks past the schema).
      { assignment: { ...assignment, secret: 'x' }, task: { ...task, secret: 'x' }, annotation: null, secret: 'x' },
    ]) {
      expect(ours(NextTaskDto)(body)).toBe(plain(NextTaskDto)(body));
    }
  });

  it('writes an error body and a page with a null cursor as before', () => {
    const error = { error: { code: 'not_found', message: 'task 42 not found', details: { id: 42 } } };
    expect(ours(ErrorBody)(error)).toBe(plain(ErrorBody)(error));
    for (const page of [{ items: [], nextCursor: null }, { items: [], nextCursor: 'abc' }]) expect(ours(TaskPageDto)(page)).toBe(plain(TaskPageDto)(page));
  });

  it('leaves no union for Ajv in the hot answers', () => {
    for (const schema of [NextTaskDto, AnnotationDto, ErrorBody]) expect(JSON.stringify(serializerSchema(schema))).not.toMatch(/"(anyOf|oneOf)"/);
  });

  it('rewrites `T | null` to a type list and literals to an enum, keeping what sits beside the union', () => {
    expect(serializerSchema({ description: 'd', anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] })).toEqual({ description: 'd', type: ['string', 'null'], format: 'date-time' });
    expect(serializerSchema({ anyOf: [{ type: 'null' }, { type: 'integer' }] })).toEqual({ type: ['integer', 'null'] });
    expect(serializerSchema(Type.Union([Type.Literal('a'), Type.Literal('b')]))).toEqual({ type: 'string', enum: ['a', 'b'] });
    expect(serializerSchema(Type.Object({ spec: Type.Union([Type.Unknown(), Type.Null()]) }))).toEqual({ type: 'object', required: ['spec'], properties: { spec: {} } });
    const spec = Type.Object({ spec: Type.Union([Type.Unknown(), Type.Null()]) });
    for (const value of [{ spec: null }, { spec: { steps: [1, 'two'] } }, { spec: 'text' }]) expect(ours(spec)(value)).toBe(plain(spec)(value));
  });

  it('leaves other unions to Ajv, and still refuses a value that matches no branch', () => {
    const union = Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.Number() })]);
    expect(serializerSchema(union)).toEqual(JSON.parse(JSON.stringify(union)));
    const mixed = Type.Union([Type.Literal('a'), Type.Literal(1)]);
    expect(serializerSchema(mixed)).toEqual(JSON.parse(JSON.stringify(mixed)));
    const refOrNull = { anyOf: [{ $ref: 'x#' }, { type: 'null' }] };
    expect(serializerSchema(refOrNull)).toEqual(refOrNull);
    const strict = Type.Object({ v: union });
    expect(() => ours(strict)({ v: 'neither' })).toThrow(/does not match/);
  });

  it('rewrites the external schemas it is given, and the route schema that is one of them', () => {
    const withId = { ...ErrorBody, $id: 'Error' };
    const compile = responseSerializerFactory({ Error: withId }, {});
    const error = { error: { code: 'conflict', message: 'm' } };
    expect(compile(route({ $ref: 'Error#' }))(error)).toBe(plain(ErrorBody)(error));
    expect(compile(route(withId))(error)).toBe(plain(ErrorBody)(error));
  });
});
