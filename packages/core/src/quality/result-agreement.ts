import type { AnnotationResult } from '../annotation/result.types.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { spanF1, type Span } from '../metrics/text/span-f1.js';

/**
 * How much two annotations of one task agree, in [0, 1]: the mean over the config's controls of a
 * per-control agreement. Choices: 1 when the chosen sets are equal, else 0. Spans: strict span F1
 * (exact boundaries and label; two empty sets agree fully). Used for gold checks (annotation vs the
 * gold result), consensus scores and the adjudication trigger.
 */
export function resultAgreement(config: LabelConfig, a: AnnotationResult, b: AnnotationResult): number {
  if (config.controls.length === 0) return 1;
  let sum = 0;
  for (const control of config.controls) {
    if (control.type === 'choices') {
      sum += choiceKey(a, control.name) === choiceKey(b, control.name) ? 1 : 0;
    } else {
      const sa = spansOf(a, control.name);
      const sb = spansOf(b, control.name);
      sum += sa.length === 0 && sb.length === 0 ? 1 : spanF1([sa], [sb], { mode: 'strict' }).f1;
    }
  }
  return sum / config.controls.length;
}

/** Mean pairwise agreement of a task's annotations; 1 when fewer than two. */
export function groupAgreement(config: LabelConfig, results: readonly AnnotationResult[]): number {
  if (results.length < 2) return 1;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < results.length; i++) {
    for (let j = i + 1; j < results.length; j++) {
      sum += resultAgreement(config, results[i]!, results[j]!);
      pairs++;
    }
  }
  return sum / pairs;
}

function choiceKey(result: AnnotationResult, control: string): string {
  const chosen = result.filter((r) => r.from_name === control && r.type === 'choices').flatMap((r) => (r.type === 'choices' ? r.value.choices : []));
  return JSON.stringify([...new Set(chosen)].sort());
}

function spansOf(result: AnnotationResult, control: string): Span[] {
  return result.flatMap((r) => (r.from_name === control && r.type === 'labels' ? r.value.labels.map((label) => ({ start: r.value.start, end: r.value.end, label })) : []));
}
