import cluster from 'node:cluster';
import { DEMO_LOGIN, loadConfig, openRuntime, seedDemo, startServer } from '@yungang/server';
import { parse, optional, UsageError } from '../args.js';
import { boundHeapGrowth } from '../heap-growth.js';
import { apiProcessExecArgv } from '../young-generation.js';

export const serveHelp = `yungang serve [--port N] [--host H] [--workers N]
  Runs the server. Settings come from the environment (PORT, HOST, DATABASE_URL, YUNGANG_DATA_DIR, …; see README).
  Without DATABASE_URL it runs embedded: PGlite in YUNGANG_DATA_DIR (default ./data), nothing else to install.
  --workers N (PostgreSQL only) runs N server processes sharing the port; each also runs the log sequencer
  (one at a time, by an advisory lock). For several machines see docs/deploy.md.`;

export async function serve(argv: string[]): Promise<number> {
  const values = parse(argv, { port: { type: 'string' }, host: { type: 'string' }, workers: { type: 'string' } });
  const overrides = {
    ...(typeof values.port === 'string' ? { port: Number(values.port) } : {}),
    ...(typeof values.host === 'string' ? { host: values.host } : {}),
  };
  const workersText = optional(values, 'workers');
  const workers = workersText === undefined ? 1 : Number(workersText);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UsageError(`--workers must be a whole number from 1 to 256, got "${workersText}"`);
  // In the primary and in each forked worker: each runs this command.
  boundHeapGrowth();
  if (workers > 1 && cluster.isPrimary) return runPrimary(workers, overrides);
  return runServer(overrides, { worker: !cluster.isPrimary });
}

/** One server process: in a cluster worker it reports its address to the primary instead of printing a banner. */
async function runServer(overrides: { port?: number; host?: string }, opts: { worker: boolean }): Promise<number> {
  // Workers never seed: the primary did it once, before forking.
  const server = await startServer({ ...overrides, ...(opts.worker ? { demo: false } : {}) });
  if (opts.worker) process.send?.({ type: 'listening', url: server.url });
  else {
    const embedded = !server.config.databaseUrl;
    console.log(`\n  Yungang is running at ${server.url}`);
    console.log(`  Database: ${embedded ? `embedded PGlite in ${server.config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
    console.log(`  API docs: ${server.url}/api/v1/docs`);
    if (server.config.demo) console.log(`  Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (created on first start; change or remove it before real use)`);
    console.log('  Stop with Ctrl+C.\n');
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      void server.close().then(resolve, (e: unknown) => {
        console.error(e);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  // A worker's channel to the primary keeps it alive; closing it lets the process end.
  if (opts.worker) cluster.worker?.disconnect();
  return 0;
}

/**
 * The primary of `--workers N`: migrates, makes the log keys and seeds once (so workers never race on
 * them), then forks N workers that share the listening port, restarts any that crash, and stops them all
 * on SIGINT/SIGTERM. Nothing a request needs lives in one process: sessions, throttling, leases, the log
 * queue are all in PostgreSQL.
 */
async function runPrimary(workers: number, overrides: { port?: number; host?: string }): Promise<number> {
  const config = loadConfig(process.env, overrides);
  if (!config.databaseUrl) throw new UsageError('--workers needs DATABASE_URL (PostgreSQL): the embedded database allows one process');
  const runtime = await openRuntime(config);
  try {
    if (config.demo) await seedDemo(runtime.services);
  } finally {
    await runtime.close();
  }
  let stopping = false;
  let announced = false;
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (m: { type?: string; url?: string }) => {
      if (m.type !== 'listening' || announced) return;
      announced = true;
      console.log(`\n  Yungang is running at ${m.url} with ${workers} worker processes on PostgreSQL`);
      console.log(`  API docs: ${m.url}/api/v1/docs`);
      console.log('  Stop with Ctrl+C.\n');
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`[yungang] worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  // V8 sizes its young generation when a process starts, so the workers get it as a flag (young-generation.ts).
  cluster.setupPrimary({ execArgv: apiProcessExecArgv(process.execArgv) });
  for (let i = 0; i < workers; i++) fork();
  await new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      if (alive.length === 0) return resolve();
      let left = alive.length;
      for (const w of alive) {
        w.once('exit', () => {
          if (--left === 0) resolve();
        });
        w.process.kill('SIGTERM');
      }
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
