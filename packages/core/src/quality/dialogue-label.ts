/**
 * The delivered label and the agreement of the dialogue controls, by the rules of aggregation/dialogue.ts;
 * task-label.ts and result-agreement.ts dispatch here.
 */
import type { AnnotationResult, ResultItem } from '../annotation/result.types.js';
import type { DialogueControl } from '../label-config/dialogue-controls.js';
import { pairwiseOf, rankingOf, responseEditOf, responseRatingsOf, turnChoicesOf } from '../annotation/dialogue-labels.js';
import { aggregatePairwise, aggregateTurnChoices, bordaRanking, goldEdit, rankingAgreement } from './aggregation/dialogue.js';
import { aggregateRatings } from './aggregation/ratings.js';

interface Input {
  worker: string;
  result: AnnotationResult;
}

/** The items a dialogue control contributes to the delivered label of several annotations. */
export function dialogueLabelItems(control: DialogueControl, inputs: readonly Input[]): ResultItem[] {
  const base = { from_name: control.name, to_name: control.toName };
  switch (control.type) {
    case 'pairwise': {
      const answers = inputs.flatMap((i) => pairwiseOf(i.result, control.name) ?? []);
      const selected = aggregatePairwise(answers.map((a) => a.selected));
      if (selected === null) return [];
      // The reasons of those who agree with the delivered choice travel with it (they explain the label).
      const reasons = answers.filter((a) => a.selected === selected && a.reason !== undefined).map((a) => a.reason!);
      return [{ id: `${control.name}-vote`, ...base, type: 'pairwise', value: reasons.length > 0 ? { selected, reason: reasons.join('\n') } : { selected } }];
    }
    case 'ranker': {
      const rankings = inputs.flatMap((i) => {
        const ranking = rankingOf(i.result, control.name);
        return ranking === null ? [] : [ranking];
      });
      if (rankings.length === 0) return [];
      return [{ id: `${control.name}-vote`, ...base, type: 'ranker', value: { ranking: bordaRanking(rankings, Math.max(...rankings.map((r) => r.length))) } }];
    }
    case 'responserating': {
      const rows = inputs.flatMap((i) => {
        const ratings = responseRatingsOf(i.result, control.name);
        return ratings === null ? [] : [{ worker: i.worker, ratings }];
      });
      if (rows.length === 0) return [];
      const count = Math.max(...rows.map((r) => r.ratings.length));
      const ratings = Array.from({ length: count }, (_, n) => aggregateRatings(rows.flatMap((r) => (r.ratings[n] === undefined ? [] : [{ worker: r.worker, value: r.ratings[n] }])), { method: control.aggregate ?? 'median' }).value);
      return [{ id: `${control.name}-vote`, ...base, type: 'responserating', value: { ratings } }];
    }
    case 'turnchoices': {
      const kept = aggregateTurnChoices(inputs.map((i) => turnChoicesOf(i.result, control.name)), inputs.length);
      return [...kept].map(([turn, choices]) => ({ id: `${control.name}-vote-${turn}`, ...base, type: 'turnchoices', value: { turn, choices: control.choice === 'single' ? choices.slice(0, 1) : choices } }));
    }
    case 'responseedit': {
      const gold = goldEdit(inputs.flatMap((i) => responseEditOf(i.result, control.name) ?? []));
      return gold === null ? [] : [{ id: `${control.name}-vote`, ...base, type: 'responseedit', value: { ...gold } }];
    }
  }
}

/**
 * Agreement of two results on a dialogue control, 0..1 (both unanswered = 1, one unanswered = 0):
 * pairwise equal choice; ranking Kendall tau as (tau + 1) / 2; ratings mean of 1 − |a − b| / (max − 1);
 * turn labels the share of turns labelled by either that got the same labels; edits 1 − character
 * edits / longer text when the same candidate was edited, else 0.
 */
export function dialogueAgreement(control: DialogueControl, a: AnnotationResult, b: AnnotationResult, text: (x: string, y: string) => number): number {
  const both = <T>(x: T | null, y: T | null, f: (x: T, y: T) => number): number => (x === null && y === null ? 1 : x === null || y === null ? 0 : f(x, y));
  switch (control.type) {
    case 'pairwise':
      return both(pairwiseOf(a, control.name), pairwiseOf(b, control.name), (x, y) => (x.selected === y.selected ? 1 : 0));
    case 'ranker':
      return both(rankingOf(a, control.name), rankingOf(b, control.name), rankingAgreement);
    case 'responserating':
      return both(responseRatingsOf(a, control.name), responseRatingsOf(b, control.name), (x, y) => {
        if (x.length !== y.length || x.length === 0) return 0;
        return x.reduce((sum, r, n) => sum + Math.max(0, 1 - Math.abs(r - y[n]!) / (control.maxRating - 1)), 0) / x.length;
      });
    case 'turnchoices': {
      const x = turnChoicesOf(a, control.name);
      const y = turnChoicesOf(b, control.name);
      const turns = new Set([...x.keys(), ...y.keys()]);
      if (turns.size === 0) return 1;
      const key = (c: string[] | undefined): string => JSON.stringify([...new Set(c ?? [])].sort());
      return [...turns].filter((t) => key(x.get(t)) === key(y.get(t))).length / turns.size;
    }
    case 'responseedit':
      return both(responseEditOf(a, control.name), responseEditOf(b, control.name), (x, y) => (x.response === y.response ? text(x.text, y.text) : 0));
  }
}
