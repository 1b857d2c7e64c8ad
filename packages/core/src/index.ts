export * from './auth/roles.js';
export type * from './label-config/label-config.types.js';
export type * from './annotation/result.types.js';
export * from './api/schemas.js';
