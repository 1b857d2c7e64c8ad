import { createJobHandlers, JobRunner, loadConfig, openRuntime } from '@yungang/server';
import { optional, parse, UsageError } from '../args.js';
import { boundHeapGrowth } from '../heap-growth.js';

export const workerHelp = `yungang worker [--concurrency N]
  Runs background jobs (pipelines, pre-annotation) without serving HTTP, until stopped (Ctrl+C / SIGTERM).
  Start several beside \`yungang serve\` on PostgreSQL (DATABASE_URL) to spread the work; a job whose
  worker dies is resumed by another from its last checkpoint. Settings: YUNGANG_JOB_LEASE_SECONDS (docs/jobs.md).`;

export async function worker(argv: string[]): Promise<number> {
  const values = parse(argv, { concurrency: { type: 'string' } });
  const concurrency = Number(optional(values, 'concurrency') ?? '1');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency must be a whole number from 1 to 64');
  boundHeapGrowth();
  const config = loadConfig();
  const runtime = await openRuntime(config);
  const runner = new JobRunner(runtime.services.database, createJobHandlers(runtime.services), { concurrency, leaseMs: Math.max(1, config.jobLeaseSeconds) * 1000 });
  runner.start();
  console.log(`[yungang] worker ${runner.owner} is running jobs (${concurrency} at a time) on ${runtime.services.database.kind}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('[yungang] worker stopping: running jobs go back to the queue at their last checkpoint');
  await runner.stop();
  await runtime.close();
  return 0;
}
