import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../server.js';
import type { Database } from '../db/database.js';
import type { Backend } from './backends.js';
import { ApiClient } from './api-client.js';

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  /** The running server's own database handle (the only one there can be for PGlite): for checks below the API. */
  database: Database;
  /** A client for a brand-new owner of a brand-new organisation (first-run setup). */
  owner: ApiClient;
  close(): Promise<void>;
}

/** Starts the real server over a fresh database of `backend`, and signs up its first owner. */
/** `config`: settings for this server only (short session limits, trustProxy, …). */
export async function startTestServer(backend: Backend, options: { demo?: boolean; config?: Omit<StartOptions, 'env'> } = {}): Promise<TestServer> {
  const db = await backend.create();
  const dataDir = await mkdtemp(join(tmpdir(), 'yungang-test-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: db.databaseUrl, demo: options.demo ?? false, logLevel: 'warn', env: {}, ...options.config });
  const owner = new ApiClient(server.url);
  await owner.setup({ email: 'owner@example.com', password: 'owner-password', name: 'Owner', orgName: 'Org A' });
  return {
    server,
    url: server.url,
    dataDir,
    database: server.services.database,
    owner,
    async close() {
      await server.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
