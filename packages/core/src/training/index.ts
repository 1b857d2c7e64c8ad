// Public surface of training and certification (docs/training.md); re-exported by the package index.
export { scoreExam, scoreExamItem } from './exam-scoring.js';
export type { ControlScore, ItemScore } from './exam-scoring.js';
export { certificationState, unmetRequirements } from './certification-state.js';
export type { CertificationState, Holding, HoldingStatus, Requirement, UnmetRequirement } from './certification-state.js';
export { attemptAllowance } from './retry-policy.js';
export type { AttemptAllowance, FinishedAttempt, RetryPolicy } from './retry-policy.js';
