// Public surface of the quality workflow core: acceptance sampling (GB/T 2828.1 = ISO 2859-1), aggregation per
// control type, accuracy estimates and data-set indicators. To be re-exported by the package index.
export * from './acceptance-sampling/index.js';
export * from './aggregation/index.js';
export { estimateAccuracy } from './accuracy-estimate.js';
export type { AccuracyEstimate, EstimateAccuracyOptions } from './accuracy-estimate.js';
export { classBalance, duplicateRate, labelDiversity, nearDuplicateRate, normalizeForDuplicates } from './dataset-indicators.js';
export type { ClassBalance, DuplicateStats, ExactDuplicateStats, LabelDiversity, NearDuplicateOptions, NearDuplicateStats } from './dataset-indicators.js';
export { resultAgreement, groupAgreement, ratingAgreement, textAgreement } from './result-agreement.js';
export { taskLabel } from './task-label.js';
export type { LabelInput, TaskLabel } from './task-label.js';
export { checkConsistencyRules, consistencyRate, evaluateConsistency, isLabelledControl } from './consistency/consistency-rules.js';
export type { ConsistencyRule, ConsistencyVerdict, LabelsCoveredRule, RequiresRule, RuleVerdict } from './consistency/consistency-rules.js';
export { scoreTrend } from './score-trend.js';
export type { ScoreTrend, TrendPoint } from './score-trend.js';
