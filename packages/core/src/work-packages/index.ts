export * from './package-state.js';
export * from './settlement.js';
export * from './settlement-csv.js';
