import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig, type ServerConfig } from './config.js';
import { openRuntime } from './runtime.js';
import { DEMO_LOGIN, seedDemo } from './demo/seed-demo.js';
import type { Services } from './services/services.js';
import { auditLog } from './provenance/log-audit.js';
import { JobRunner } from './jobs/job-runner.js';
import { createJobHandlers } from './jobs/handlers.js';

export interface StartOptions extends Partial<ServerConfig> {
  /** Read settings from this environment (default process.env); explicit options win. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  config: ServerConfig;
  /** The services over the server's one database handle (admin tasks, and tests that inspect the database). */
  services: Services;
  /** This process's background-job runner (null with YUNGANG_JOB_WORKERS=0). */
  jobs: JobRunner | null;
  /** Stops accepting, finishes in-flight requests, closes the database, releases the data folder. */
  close(): Promise<void>;
}

/** How often expired resumable uploads are looked for. */
const UPLOAD_SWEEP_MS = 15 * 60_000;

const here = dirname(fileURLToPath(import.meta.url));
/** packages/web/dist, found from either src/ (tests) or dist/ (built). */
export const DEFAULT_WEB_DIR = resolve(here, '..', '..', 'web', 'dist');

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { env, ...overrides } = options;
  const config = loadConfig(env ?? process.env, overrides);
  const runtime = await openRuntime(config);
  let jobs: JobRunner | null = null;
  try {
    const app = await buildApp(runtime.services, {
      logLevel: config.logLevel,
      webDir: config.webDir ?? DEFAULT_WEB_DIR,
      maxUploadBytes: config.maxUploadBytes,
      trustProxy: config.trustProxy,
    });
    const seeded = config.demo ? await seedDemo(runtime.services) : false;
    runtime.services.log.sequencer.start();
    // The background tamper check: the same audit as `yungang audit`, findings go to the log as errors.
    const auditTimer =
      config.auditMinutes > 0
        ? setInterval(() => {
            auditLog(runtime.services.database, runtime.services.log.keys, runtime.services.blobs).then(
              (report) => {
                if (!report.ok) app.log.error({ findings: report.findings }, `log audit: ${report.findings.length} problem(s) found; run \`yungang audit\` for details`);
              },
              (e: unknown) => app.log.error({ err: e }, 'log audit failed to run'),
            );
          }, config.auditMinutes * 60_000).unref()
        : undefined;
    // Expired resumable uploads and their staged bytes go (docs/media.md); every process may sweep, each row is deleted once.
    const sweepUploads = () =>
      void runtime.services.uploads.sweep().then(
        (swept) => {
          if (swept.sessions + swept.files > 0) app.log.info(swept, 'expired uploads removed');
        },
        (e: unknown) => app.log.error({ err: e }, 'upload sweep failed'),
      );
    sweepUploads();
    const uploadTimer = setInterval(sweepUploads, UPLOAD_SWEEP_MS).unref();
    // Background jobs (docs/jobs.md): embedded, this is the only worker; in server mode `yungang worker`
    // processes may run beside it, or instead of it with YUNGANG_JOB_WORKERS=0.
    jobs =
      config.jobWorkers > 0
        ? new JobRunner(runtime.services.database, createJobHandlers(runtime.services), {
            concurrency: config.jobWorkers,
            leaseMs: Math.max(1, config.jobLeaseSeconds) * 1000,
            log: (level, message) => app.log[level](message),
          })
        : null;
    const runner = jobs;
    const unsubscribe = runner ? runtime.services.jobs.onEnqueued(() => runner.wake()) : undefined;
    runner?.start();
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${shownHost}:${port}`;
    runtime.lock?.setUrl(url);
    app.log.info({ url, database: runtime.services.database.kind, dataDir: config.databaseUrl ? null : config.dataDir }, 'Yungang is listening');
    if (seeded) app.log.info({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }, 'demo organisation created: sign in with this demo login');
    let closing: Promise<void> | undefined;
    return {
      url,
      app,
      config,
      services: runtime.services,
      jobs: runner,
      close() {
        closing ??= (async () => {
          clearInterval(auditTimer);
          clearInterval(uploadTimer);
          unsubscribe?.();
          // Running jobs go back to the queue at their last checkpoint, for the next process to resume.
          await runner?.stop();
          await app.close();
          await runtime.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    await jobs?.stop();
    await runtime.close();
    throw e;
  }
}

