import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import Type from 'typebox';
import { ErrorBody, type ErrorBody as ErrorBodyType } from '@yungang/core';

export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** The shared error schema, registered once (app.addSchema) so the OpenAPI document references it. */
export const ERROR_SCHEMA_ID = 'ErrorBody';
export const ErrorSchema = { ...ErrorBody, $id: ERROR_SCHEMA_ID };
const ErrorRef = Type.Unsafe<ErrorBodyType>(Type.Ref(ERROR_SCHEMA_ID));

/** Error responses every authenticated route may give; listed so the OpenAPI document shows them. */
export const errors = { 400: ErrorRef, 401: ErrorRef, 403: ErrorRef, 404: ErrorRef, 409: ErrorRef };
export const TooMany = { 429: ErrorRef };
/** A model backend failed (502) or did not answer in time (504), docs/models.md. */
export const Upstream = { 502: ErrorRef, 504: ErrorRef };
export const TooLarge = { 413: ErrorRef };
export const IdParams = Type.Object({ id: Type.String() });
export const NoContent = Type.Null();
