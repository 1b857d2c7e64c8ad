export * from './auth/roles.js';
export type * from './label-config/label-config.types.js';
export type * from './annotation/result.types.js';
export * from './api/schemas.js';

export * from './validation/validation-error.js';
export * from './validation/validate-schema.js';
export * from './label-config/parse-label-config.js';
export * from './label-config/templates.js';
export * from './text/code-points.js';
export * from './annotation/validate-result.js';
export * from './tasks/task-record.js';
export * from './export/csv.js';
export * from './export/export-record.js';
export * from './metrics/text/index.js';
export * from './metrics/agreement/index.js';
export * from './metrics/geometry/index.js';
export * from './random/seeded-random.js';
