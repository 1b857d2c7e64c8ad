/**
 * Single sampling plans by attributes, GB/T 2828.1-2012 = ISO 2859-1:1999: lot size + inspection level →
 * code letter (Table 1); code letter + AQL + severity → n, Ac, Re (Tables 2-A/2-B/2-C, arrows followed).
 * Used to decide how many items of a batch (e.g. annotated tasks) a reviewer checks and how many
 * nonconforming ones the batch may contain and still be accepted.
 */
import {
  AQL_VALUES,
  INSPECTION_LEVELS,
  MAX_PERCENT_NONCONFORMING_AQL,
  codeLetterFor,
  masterTablePlan,
} from './tables.js';
import type { CodeLetter, InspectionLevel, InspectionSeverity, PlanCodeLetter } from './tables.js';

/**
 * How the AQL is expressed (ISO 2859-1 §5.2): percent nonconforming items (AQL ≤ 10, a nonconforming item
 * counts once however many faults it has) or nonconformities per 100 items (AQL up to 1000, every fault
 * counts, so the count may exceed the sample size).
 */
export type AqlMeasure = 'percent-nonconforming' | 'nonconformities-per-100-items';

/** Input of {@link samplingPlan}. */
export interface SamplingPlanOptions {
  /** Number of items in the lot (batch), an integer ≥ 1. */
  lotSize: number;
  /** Acceptance quality limit: one of the preferred values of Table 2 (0.010 … 10, or … 1000 per 100 items). */
  aql: number;
  /** Table 1 inspection level; default 'II', the standard's default. */
  inspectionLevel?: InspectionLevel;
  /** Which table: 2-A normal (default), 2-B tightened, 2-C reduced. */
  severity?: InspectionSeverity;
  /** Default 'percent-nonconforming', which allows AQL ≤ 10 only. */
  measure?: AqlMeasure;
}

/** A single sampling plan ready to apply to one lot. */
export interface SamplingPlan {
  lotSize: number;
  aql: number;
  inspectionLevel: InspectionLevel;
  severity: InspectionSeverity;
  measure: AqlMeasure;
  /** Code letter from Table 1 for this lot size and level. */
  codeLetter: CodeLetter;
  /** Row of Table 2 whose plan is used: differs from `codeLetter` when the cell holds an arrow. */
  planCodeLetter: PlanCodeLetter;
  /** Items to inspect: the plan's n, capped at the lot size. */
  sampleSize: number;
  /** The plan's n as printed in the table (may exceed the lot size). */
  tableSampleSize: number;
  /** Acceptance number Ac: accept the lot if the sample holds at most this many nonconforming items (or nonconformities). */
  accept: number;
  /** Rejection number Re = Ac + 1: do not accept the lot from this many on. */
  reject: number;
  /** True when n ≥ lot size: the standard then calls for 100 % inspection, i.e. every item is inspected. */
  fullInspection: boolean;
}

const SEVERITIES: readonly InspectionSeverity[] = ['normal', 'tightened', 'reduced'];
const MEASURES: readonly AqlMeasure[] = ['percent-nonconforming', 'nonconformities-per-100-items'];

/**
 * The ISO 2859-1 single sampling plan for one lot. Arrows in Table 2 are followed to the first plan below
 * (↓) or above (↑) and that plan's sample size is used, so the plan's row (`planCodeLetter`) may differ from
 * the code letter. When the sample size reaches the lot size the whole lot is inspected (`fullInspection`)
 * and judged with the same Ac/Re.
 *
 * @example samplingPlan({ lotSize: 1000, aql: 1 }) // code J, n = 80, Ac 2, Re 3
 */
export function samplingPlan(options: SamplingPlanOptions): SamplingPlan {
  const { lotSize, aql } = options;
  const inspectionLevel = options.inspectionLevel ?? 'II';
  const severity = options.severity ?? 'normal';
  const measure = options.measure ?? 'percent-nonconforming';
  if (!Number.isSafeInteger(lotSize) || lotSize < 1) throw new RangeError(`samplingPlan: lotSize must be an integer ≥ 1, got ${lotSize}`);
  if (!INSPECTION_LEVELS.includes(inspectionLevel)) {
    throw new RangeError(`samplingPlan: inspectionLevel must be one of ${INSPECTION_LEVELS.join(', ')}, got ${String(inspectionLevel)}`);
  }
  if (!SEVERITIES.includes(severity)) throw new RangeError(`samplingPlan: severity must be one of ${SEVERITIES.join(', ')}, got ${String(severity)}`);
  if (!MEASURES.includes(measure)) throw new RangeError(`samplingPlan: measure must be one of ${MEASURES.join(', ')}, got ${String(measure)}`);
  const aqlIndex = aqlColumn(aql, measure, 'samplingPlan');

  const codeLetter = codeLetterFor(lotSize, inspectionLevel);
  const plan = masterTablePlan(severity, codeLetter, aqlIndex);
  const fullInspection = plan.sampleSize >= lotSize;
  return {
    lotSize,
    aql,
    inspectionLevel,
    severity,
    measure,
    codeLetter,
    planCodeLetter: plan.planCodeLetter,
    sampleSize: fullInspection ? lotSize : plan.sampleSize,
    tableSampleSize: plan.sampleSize,
    accept: plan.accept,
    reject: plan.reject,
    fullInspection,
  };
}

/**
 * Column of `aql` in Table 2, or a RangeError naming the preferred values. The tables only hold the
 * preferred AQLs, and interpolating between columns would make up plans the standard does not have.
 */
export function aqlColumn(aql: number, measure: AqlMeasure, caller: string): number {
  const index = AQL_VALUES.indexOf(aql);
  if (index < 0) {
    throw new RangeError(`${caller}: aql must be one of the preferred AQLs of ISO 2859-1 Table 2 (${AQL_VALUES.join(', ')}), got ${aql}`);
  }
  if (measure === 'percent-nonconforming' && aql > MAX_PERCENT_NONCONFORMING_AQL) {
    throw new RangeError(
      `${caller}: aql ${aql} > ${MAX_PERCENT_NONCONFORMING_AQL} is only defined in nonconformities per 100 items; pass measure: 'nonconformities-per-100-items'`,
    );
  }
  return index;
}
