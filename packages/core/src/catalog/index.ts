export * from './search-tokens.js';
export * from './access-widening.js';
