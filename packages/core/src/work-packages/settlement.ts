/**
 * The settlement statement of a vendor work package (docs/work-packages.md, "Settlement"): delivered items
 * × the unit price, less documented quality deductions. Integer minor units only, so the lines add up to
 * the fen. The rules, in order:
 * 1. An item the vendor did not deliver is not paid (it is listed, not deducted).
 * 2. An item the client reviewed and rejected is deducted, with the reviewer's reason.
 * 3. When the accuracy of the reviewed items is below the package's quality floor, the unreviewed delivered
 *    items are presumed defective at the same rate: round(unreviewed × (1 − accuracy)) more items are
 *    deducted. At or above the floor, nothing is presumed.
 * A statement needs at least one reviewed item: without one there is no measured quality to settle on.
 */

export type ReviewVerdict = 'accepted' | 'rejected';

export interface SettlementItem {
  sourceTaskId: string;
  delivered: boolean;
  verdict: ReviewVerdict | null;
  reason: string | null;
}

export interface SettlementInput {
  unitPriceMinor: number;
  currency: string;
  qualityFloor: number;
  items: readonly SettlementItem[];
  /** True when the delivery came after the deadline; shown on the statement (no automatic penalty). */
  late: boolean;
}

export interface SettlementDeduction {
  kind: 'rejected-in-review' | 'below-quality-floor';
  items: number;
  amountMinor: number;
  explanation: string;
}

export interface SettlementStatement {
  currency: string;
  unitPriceMinor: number;
  qualityFloor: number;
  itemCount: number;
  delivered: number;
  undelivered: number;
  reviewed: number;
  acceptedInReview: number;
  rejectedInReview: number;
  /** Share of reviewed items accepted, 0..1. */
  accuracy: number;
  meetsFloor: boolean;
  presumedDefective: number;
  grossMinor: number;
  deductions: SettlementDeduction[];
  payableItems: number;
  totalMinor: number;
  late: boolean;
  /** Per item: whether it is paid ('presumed' items are not singled out, so every delivered item not rejected reads 'yes'). */
  lines: { sourceTaskId: string; delivered: boolean; verdict: ReviewVerdict | null; reason: string | null; paid: boolean; amountMinor: number }[];
}

export class SettlementError extends Error {}

export function settle(input: SettlementInput): SettlementStatement {
  const { unitPriceMinor: price, qualityFloor } = input;
  if (!Number.isSafeInteger(price) || price < 0) throw new RangeError(`a unit price must be a whole number of minor units ≥ 0, not ${price}`);
  if (!(qualityFloor >= 0 && qualityFloor <= 1)) throw new RangeError(`a quality floor is a share between 0 and 1, not ${qualityFloor}`);
  const delivered = input.items.filter((i) => i.delivered);
  const reviewed = delivered.filter((i) => i.verdict !== null);
  if (reviewed.length === 0) {
    throw new SettlementError(`review at least one delivered item before settling: ${delivered.length} item(s) were delivered and none is reviewed yet`);
  }
  const rejected = reviewed.filter((i) => i.verdict === 'rejected');
  const accuracy = (reviewed.length - rejected.length) / reviewed.length;
  const meetsFloor = accuracy >= qualityFloor;
  const unreviewed = delivered.length - reviewed.length;
  const presumedDefective = meetsFloor ? 0 : Math.round(unreviewed * (1 - accuracy));
  const deductions: SettlementDeduction[] = [];
  if (rejected.length > 0) {
    deductions.push({
      kind: 'rejected-in-review',
      items: rejected.length,
      amountMinor: rejected.length * price,
      explanation: `${rejected.length} of ${reviewed.length} reviewed item(s) were rejected by the client's review and are not paid`,
    });
  }
  if (presumedDefective > 0) {
    deductions.push({
      kind: 'below-quality-floor',
      items: presumedDefective,
      amountMinor: presumedDefective * price,
      explanation: `reviewed accuracy ${percent(accuracy)} is below the quality floor ${percent(qualityFloor)}: the ${unreviewed} unreviewed item(s) are presumed defective at the same rate, round(${unreviewed} × ${percent(1 - accuracy)}) = ${presumedDefective}`,
    });
  }
  const grossMinor = delivered.length * price;
  const payableItems = Math.max(0, delivered.length - rejected.length - presumedDefective);
  return {
    currency: input.currency,
    unitPriceMinor: price,
    qualityFloor,
    itemCount: input.items.length,
    delivered: delivered.length,
    undelivered: input.items.length - delivered.length,
    reviewed: reviewed.length,
    acceptedInReview: reviewed.length - rejected.length,
    rejectedInReview: rejected.length,
    accuracy,
    meetsFloor,
    presumedDefective,
    grossMinor,
    deductions,
    payableItems,
    totalMinor: payableItems * price,
    late: input.late,
    lines: input.items.map((i) => {
      const paid = i.delivered && i.verdict !== 'rejected';
      return { sourceTaskId: i.sourceTaskId, delivered: i.delivered, verdict: i.verdict, reason: i.reason, paid, amountMinor: paid ? price : 0 };
    }),
  };
}

function percent(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
}
