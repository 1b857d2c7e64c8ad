/** Result items of the grounded QA control (label-config/qa-controls.ts), in Label Studio's item shape. */

/** A span of the passage cited as evidence: code-point offsets, end exclusive, and the text between them. */
export type QaEvidence = {
  start: number;
  end: number;
  text: string;
};

export type QaPair = {
  question: string;
  answer: string;
  evidence: QaEvidence[];
};

/** All the pairs one annotator wrote on the task, in the order written. */
export type GroundedQaValue = {
  pairs: QaPair[];
};

export interface GroundedQaResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: 'groundedqa';
  value: GroundedQaValue;
}
