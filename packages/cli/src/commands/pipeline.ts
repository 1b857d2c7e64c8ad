import { readFile } from 'node:fs/promises';
import { MAX_PIPELINE_SHARDS, type JobDto, type PipelineDryRunDto, type PipelineRunBody, type PipelineRunDto } from '@yungang/core';
import { createJobHandlers, JobRunner, type Runtime } from '@yungang/server';
import { optional, parse, required, UsageError } from '../args.js';
import { failure, fetchJson, remoteOf, remoteOptions, withDirect, type Remote } from './remote.js';

export const pipelineHelp = `yungang pipeline dry-run|run --project ID --spec FILE [--word-list NAME=FILE ...] (--url URL --token T | --as EMAIL)
  Preprocessing (docs/pipelines.md). dry-run: the pipeline on a sample (--sample N, default 50): per-operator
  kept/changed/dropped. run: over every task as a background job whose output becomes a new project
  (--target-name NAME); shows a progress bar until it ends (--detach: print the job id and return).
  --shards N (1-64): the per-record operators (before the first dedup) run as N jobs any workers take,
  then one job runs dedup and the rest in task order and publishes (docs/pipelines.md, "Splitting a run").
  With --as, the job runs in this process (embedded database: stop the server first).`;

const options = {
  ...remoteOptions,
  spec: { type: 'string' },
  sample: { type: 'string' },
  'target-name': { type: 'string' },
  shards: { type: 'string' },
  'word-list': { type: 'string', multiple: true },
  detach: { type: 'boolean' },
} as const;

export async function pipeline(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'run' && sub !== 'dry-run') throw new UsageError(`unknown pipeline command "${sub ?? ''}": try "yungang pipeline dry-run" or "yungang pipeline run"`);
  const values = parse(rest, options);
  const projectId = required(values, 'project');
  const spec = await readFile(required(values, 'spec'), 'utf8');
  const wordLists = await readWordLists(values['word-list']);
  const remote = remoteOf(values);
  const org = optional(values, 'org');
  if (sub === 'dry-run') {
    const sample = Number(optional(values, 'sample') ?? '50');
    if (!Number.isInteger(sample) || sample < 1 || sample > 500) throw new UsageError('--sample must be a whole number from 1 to 500');
    const body = { spec, sample, ...(wordLists ? { wordLists } : {}) };
    const result = remote
      ? await postJson<PipelineDryRunDto>(remote, `/api/v1/projects/${encodeURIComponent(projectId)}/pipeline/dry-run`, body, org)
      : await withDirect(values, (runtime, ctx) => runtime.services.pipelines.dryRun(ctx, projectId, body));
    console.log(formatDryRun(result));
    return 0;
  }
  const targetName = optional(values, 'target-name');
  const shardsArg = optional(values, 'shards');
  const shards = shardsArg === undefined ? undefined : Number(shardsArg);
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 1 || shards > MAX_PIPELINE_SHARDS)) throw new UsageError(`--shards must be a whole number from 1 to ${MAX_PIPELINE_SHARDS}`);
  const body: PipelineRunBody = { spec, ...(wordLists ? { wordLists } : {}), ...(targetName ? { targetName } : {}), ...(shards !== undefined ? { shards } : {}) };
  if (remote) {
    const started = await postJson<PipelineRunDto>(remote, `/api/v1/projects/${encodeURIComponent(projectId)}/pipeline/runs`, body, org);
    console.log(`job ${started.job.id}: output goes to project ${started.targetProjectId}`);
    if (values.detach) return 0;
    const done = await follow(() => fetchJson<JobDto>(remote, `/api/v1/jobs/${started.job.id}`, org));
    return done.status === 'succeeded' ? 0 : 1;
  }
  return withDirect(values, async (runtime, ctx) => {
    const started = await runtime.services.pipelines.run(ctx, projectId, body);
    console.log(`job ${started.job.id}: output goes to project ${started.targetProjectId}`);
    if (values.detach) return 0;
    const done = await runHere(runtime, () => runtime.services.jobs.get(ctx, started.job.id));
    return done.status === 'succeeded' ? 0 : 1;
  });
}

async function readWordLists(specs: unknown): Promise<Record<string, string[]> | undefined> {
  if (!Array.isArray(specs) || specs.length === 0) return undefined;
  const lists: Record<string, string[]> = {};
  for (const item of specs as string[]) {
    const eq = item.indexOf('=');
    if (eq < 1) throw new UsageError(`--word-list takes NAME=FILE (one word per line), got "${item}"`);
    const text = await readFile(item.slice(eq + 1), 'utf8');
    lists[item.slice(0, eq)] = text.split(/\r?\n/).map((w) => w.trim()).filter((w) => w !== '' && !w.startsWith('#'));
  }
  return lists;
}

export async function postJson<T>(remote: Remote, path: string, body: unknown, orgId: string | undefined): Promise<T> {
  const res = await fetch(remote.url + path, { method: 'POST', headers: { authorization: `Bearer ${remote.token}`, 'content-type': 'application/json', ...(orgId ? { 'x-org-id': orgId } : {}) }, body: JSON.stringify(body) });
  if (res.status !== 200 && res.status !== 202) throw await failure(res);
  return (await res.json()) as T;
}

/** Direct mode: this process is the worker until the job ends (Ctrl+C gives it back to the queue at its checkpoint). */
export async function runHere(runtime: Runtime, read: () => Promise<JobDto>): Promise<JobDto> {
  const runner = new JobRunner(runtime.services.database, createJobHandlers(runtime.services), { pollMs: 200, log: (_level, message) => process.stderr.write(`\n${message}\n`) });
  runner.start();
  const stop = () => void runner.stop();
  process.once('SIGINT', stop);
  try {
    return await follow(read);
  } finally {
    process.off('SIGINT', stop);
    await runner.stop();
  }
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Polls the job and draws a progress bar (redrawn in place on a terminal, a line per 10% otherwise) until it ends. */
export async function follow(read: () => Promise<JobDto>): Promise<JobDto> {
  const tty = process.stdout.isTTY === true;
  let lastDecile = -1;
  for (;;) {
    const job = await read();
    const line = progressLine(job);
    const decile = job.total ? Math.floor((job.done / job.total) * 10) : 0;
    if (tty) process.stdout.write(`\r${line}`);
    else if (decile !== lastDecile || FINAL.has(job.status)) console.log(line);
    lastDecile = decile;
    if (FINAL.has(job.status)) {
      if (tty) process.stdout.write('\n');
      if (job.error) console.error(`error: ${job.error}`);
      if (job.result) console.log(JSON.stringify(job.result, null, 2));
      return job;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `[########------------]  40%  4,000 / 10,000  running` */
export function progressLine(job: Pick<JobDto, 'done' | 'total' | 'status' | 'attempts'>, width = 30): string {
  const ratio = job.total ? Math.min(1, job.done / job.total) : 0;
  const filled = Math.round(ratio * width);
  const pct = `${Math.floor(ratio * 100)}%`.padStart(4);
  const count = `${job.done.toLocaleString('en')} / ${job.total === null ? '?' : job.total.toLocaleString('en')}`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}  ${count}  ${job.status}${job.attempts > 1 ? ` (resumed ${job.attempts - 1}x)` : ''}`;
}

interface OperatorLine {
  op?: string;
  field?: string;
  kept?: number;
  changed?: number;
  dropped?: number;
  skipped?: number;
}

export function formatDryRun(result: PipelineDryRunDto): string {
  const ops = ((result.stats as { operators?: OperatorLine[] }).operators ?? []).map((o, i) => `  ${String(i + 1).padStart(2)}. ${`${o.op ?? '?'} (${o.field ?? 'text'})`.padEnd(28)} kept ${o.kept ?? 0}, changed ${o.changed ?? 0}, dropped ${o.dropped ?? 0}, skipped ${o.skipped ?? 0}`);
  const examples = result.records
    .filter((r) => r.status !== 'kept')
    .slice(0, 10)
    .map((r) => `  #${r.taskId} ${r.status}: ${JSON.stringify(r.before)}${r.status === 'dropped' ? ` (${JSON.stringify(r.droppedBy)})` : ` -> ${JSON.stringify(r.after)}`}`);
  return [`Dry run on ${result.records.length} tasks:`, ...ops, ...(examples.length ? ['Changed and dropped:', ...examples] : [])].join('\n');
}
