/**
 * CSV cells of the dialogue controls: pairwise → "left" / "right" / "tie" (a reason follows after " | ");
 * ranker → candidate indices best first joined with ">"; responserating → scores joined with "|";
 * turnchoices → JSON array of `{turn, choices}`; responseedit → JSON `{response, text, patch}`.
 */
import { pairwiseOf, rankingOf, responseEditOf, responseRatingsOf, turnChoicesOf } from '../annotation/dialogue-labels.js';
import type { AnnotationResult } from '../annotation/result.types.js';
import type { DialogueControl } from '../label-config/dialogue-controls.js';

export function dialogueCell(control: DialogueControl, result: AnnotationResult): string {
  switch (control.type) {
    case 'pairwise': {
      const p = pairwiseOf(result, control.name);
      return p === null ? '' : p.reason === undefined ? p.selected : `${p.selected} | ${p.reason}`;
    }
    case 'ranker':
      return rankingOf(result, control.name)?.join('>') ?? '';
    case 'responserating':
      return responseRatingsOf(result, control.name)?.join('|') ?? '';
    case 'turnchoices':
      return JSON.stringify([...turnChoicesOf(result, control.name)].map(([turn, choices]) => ({ turn, choices })));
    case 'responseedit': {
      const e = responseEditOf(result, control.name);
      return e === null ? '' : JSON.stringify({ response: e.response, text: e.text, patch: e.patch });
    }
  }
}
