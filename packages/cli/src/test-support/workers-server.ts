import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const CLI = resolve(fileURLToPath(import.meta.url), '../../../bin/yungang.js');

/** `yungang serve --workers N` on a fresh PostgreSQL database of its own, as a user would start it. */
export interface WorkersServer {
  /** Base URL on 127.0.0.1, e.g. `http://127.0.0.1:40123`. */
  url: string;
  port: number;
  databaseUrl: string;
  /** The primary's process id (its workers are its children). */
  pid: number;
  /** Stops the processes (SIGTERM, waits for exit), drops the database and removes the data folder. */
  stop(): Promise<void>;
}

/**
 * Creates database `<prefix>_<now>` next to `adminUrl`, starts `yungang serve --workers <workers>` on it and
 * waits for the line that names its address. The multi-process tests (serve-workers, annotators-scale) share it
 * so that they start the server the same way.
 */
export async function startWorkersServer(adminUrl: string, prefix: string, workers = 2): Promise<WorkersServer> {
  const name = `${prefix}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const databaseUrl = u.toString();
  const dataDir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const primary: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--workers', String(workers), '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, YUNGANG_DATA_DIR: dataDir, YUNGANG_DEMO: '0', LOG_LEVEL: 'warn', YUNGANG_AUDIT_MINUTES: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    if (primary.exitCode === null && primary.signalCode === null) {
      const exited = new Promise((r) => primary.once('exit', r));
      primary.kill('SIGTERM');
      await exited;
    }
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((done, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`no URL from yungang serve --workers ${workers}: ${out}`)), 90_000);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const m = new RegExp(`running at http://[^:\\s]+:(\\d+) with ${workers} worker processes`).exec(out);
        if (m) {
          clearTimeout(timer);
          done(Number(m[1]));
        }
      };
      primary.stdout!.on('data', onData);
      primary.stderr!.on('data', onData);
      primary.on('exit', (code) => fail(new Error(`yungang serve exited with ${code}: ${out}`)));
    });
    return { url: `http://127.0.0.1:${port}`, port, databaseUrl, pid: primary.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
