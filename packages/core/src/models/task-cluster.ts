import { hashString32 } from '../pipeline/hash32.js';
import { createMinHasher } from '../pipeline/minhash.js';

/**
 * A cluster id per task for the `diversity` queue order (docs/models.md). Text tasks: one MinHash slot
 * over character bigrams of the task's text, so two tasks share a cluster with probability equal to the
 * Jaccard similarity of their bigram sets: near-duplicates and templated variants land together, unrelated
 * texts apart. Tasks without text (images, audio) cluster by the labels of their newest prediction when
 * there is one, else get a random cluster (then diversity is random order). Computed once per task and
 * stored, so a claim never hashes anything.
 */
export interface TaskCluster {
  /** A signed 32-bit integer (fits a PostgreSQL `integer`). */
  cluster: number;
  source: 'text' | 'labels' | 'random';
}

const hasher = createMinHasher(1, 2, 0xd1ce);
const slot = new Uint32Array(1);

/** Strings that are links to media rather than text to read. */
const MEDIA_REF = /^(https?:|data:|blob:|s3:|gs:|\/)/i;

/** The task's own text: every string in its data (nested dialogue turns included) that is not a media link. */
export function taskText(data: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (depth > 6) return;
    if (typeof value === 'string') {
      if (!MEDIA_REF.test(value.trim())) parts.push(value);
    } else if (Array.isArray(value)) for (const v of value) walk(v, depth + 1);
    else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) walk(v, depth + 1);
  };
  walk(data, 0);
  return parts.join('\n');
}

export function taskCluster(data: Record<string, unknown>, predictionLabels: readonly string[] | undefined, random: () => number): TaskCluster {
  const text = taskText(data).toLowerCase().replace(/\s+/g, ' ').trim();
  if (text.length > 0) {
    hasher.signature(text, slot);
    return { cluster: (slot[0] as number) | 0, source: 'text' };
  }
  if (predictionLabels && predictionLabels.length > 0) {
    return { cluster: hashString32([...new Set(predictionLabels)].sort().join('\u0000')) | 0, source: 'labels' };
  }
  return { cluster: Math.floor(random() * 2 ** 32) | 0, source: 'random' };
}
