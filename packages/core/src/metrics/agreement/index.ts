/** Public surface of agreement metrics and label aggregation (re-exported by the package index). */
export type { Label } from './label.js';
export { cohenKappa } from './cohen-kappa.js';
export type { CohenKappaOptions } from './cohen-kappa.js';
export { fleissKappa } from './fleiss-kappa.js';
export { krippendorffAlpha } from './krippendorff-alpha.js';
export type { KrippendorffAlphaOptions, MeasurementLevel, Value } from './krippendorff-alpha.js';
export type { CrowdLabel } from './crowd-label.js';
export { majorityVote } from './majority-vote.js';
export type { MajorityVoteResult } from './majority-vote.js';
export { dawidSkene } from './dawid-skene.js';
export type { DawidSkeneOptions, DawidSkeneResult } from './dawid-skene.js';
export { wilsonInterval, clopperPearsonInterval } from './binomial-intervals.js';
export type { ProportionInterval } from './binomial-intervals.js';
