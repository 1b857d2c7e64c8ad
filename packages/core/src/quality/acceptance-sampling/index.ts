// Public surface of ISO 2859-1 / GB/T 2828.1 acceptance sampling (re-exported by quality/index.ts).
export { AQL_VALUES, CODE_LETTERS, INSPECTION_LEVELS, MAX_PERCENT_NONCONFORMING_AQL, codeLetterFor, masterTableCell, masterTablePlan } from './tables.js';
export type { CodeLetter, InspectionLevel, InspectionSeverity, MasterTableCell, MasterTablePlan, PlanCodeLetter } from './tables.js';
export { samplingPlan } from './sampling-plan.js';
export type { AqlMeasure, SamplingPlan, SamplingPlanOptions } from './sampling-plan.js';
export { acceptanceNumberOneStepTighter, initialSwitchingState, nextSwitchingState, resumeAfterDiscontinuation } from './switching.js';
export type { InspectedLot, SwitchingOptions, SwitchingRule, SwitchingState, SwitchingTransition } from './switching.js';
