import type { JobDto } from '@yungang/core';

/** True while a job may still change: the list keeps polling. */
export function isLive(job: Pick<JobDto, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** Job kinds whose result names the project that received their output. */
const OUTPUT_KINDS: readonly string[] = ['pipeline', 'augment', 'text-synthesis', 'speech-synthesis'];

/** The project a finished pipeline run wrote into, if any. */
export function targetProjectOf(job: Pick<JobDto, 'kind' | 'result'>): string | null {
  if (!OUTPUT_KINDS.includes(job.kind) || typeof job.result !== 'object' || job.result === null) return null;
  const target = (job.result as { targetProjectId?: unknown }).targetProjectId;
  return typeof target === 'string' ? target : null;
}

export interface OperatorRow {
  op: string;
  field: string;
  kept: number;
  changed: number;
  dropped: number;
  skipped: number;
}

/** The per-operator counts of a pipeline's stats (dry run, or a run's summary); [] for anything else. */
export function operatorRows(stats: unknown): OperatorRow[] {
  if (typeof stats !== 'object' || stats === null) return [];
  const operators = (stats as { operators?: unknown }).operators;
  if (!Array.isArray(operators)) return [];
  return operators.flatMap((o: unknown) => {
    if (typeof o !== 'object' || o === null) return [];
    const r = o as Record<string, unknown>;
    const n = (v: unknown) => (typeof v === 'number' ? v : 0);
    return [{ op: String(r.op ?? '?'), field: String(r.field ?? 'text'), kept: n(r.kept), changed: n(r.changed), dropped: n(r.dropped), skipped: n(r.skipped) }];
  });
}
