export * from './search-tokens.js';
export * from './access-widening.js';
export * from './order-state.js';
export * from './order-money.js';
