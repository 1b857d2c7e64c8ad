import { join } from 'node:path';
import { openDatabase } from './db/database.js';
import { createServices, type Services } from './services/services.js';
import { DataDirLock } from './data-dir-lock.js';
import { LocalBlobStore } from './blobs/local-blob-store.js';
import type { ServerConfig } from './config.js';

/** An opened database with its services, and the data-folder lock when embedded. */
export interface Runtime {
  services: Services;
  lock: DataDirLock | null;
  close(): Promise<void>;
}

/** Opens the configured database (taking the folder lock first in embedded mode) and migrates it. */
export async function openRuntime(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir' | 'poolSize' | 'blobDir'>): Promise<Runtime> {
  const lock = config.databaseUrl ? null : DataDirLock.acquire(config.dataDir);
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'), poolSize: config.poolSize });
    return {
      services: createServices(database, new LocalBlobStore(config.blobDir)),
      lock,
      async close() {
        await database.close();
        lock?.release();
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}
