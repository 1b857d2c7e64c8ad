import { join } from 'node:path';
import { openDatabase } from './db/database.js';
import { createServices, type Services } from './services/services.js';
import { DataDirLock } from './data-dir-lock.js';
import { LocalBlobStore } from './blobs/local-blob-store.js';
import { S3BlobStore } from './blobs/s3-blob-store.js';
import type { ServerConfig } from './config.js';
import { openLogKeys } from './provenance/log-keys.js';

/** An opened database with its services, and the data-folder lock when embedded. */
export interface Runtime {
  services: Services;
  lock: DataDirLock | null;
  close(): Promise<void>;
}

/** Opens the configured database (taking the folder lock first in embedded mode) and migrates it. */
export async function openRuntime(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir' | 'poolSize' | 'blobDir' | 'keyDir' | 'logOrigin'> & Partial<Pick<ServerConfig, 'preparedStatements' | 'sessionIdleSeconds' | 'sessionAbsoluteSeconds' | 's3' | 'importRoot' | 'maxUploadBytes' | 'uploadDir' | 'uploadHours'>>,
): Promise<Runtime> {
  const lock = config.databaseUrl ? null : DataDirLock.acquire(config.dataDir);
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite'), poolSize: config.poolSize, preparedStatements: config.preparedStatements });
    const sessions = config.sessionIdleSeconds && config.sessionAbsoluteSeconds ? { idleSeconds: config.sessionIdleSeconds, absoluteSeconds: config.sessionAbsoluteSeconds } : undefined;
    const blobs = config.s3 ? new S3BlobStore(config.s3) : new LocalBlobStore(config.blobDir);
    const media = { importRoot: config.importRoot, ...(config.maxUploadBytes ? { maxUploadBytes: config.maxUploadBytes } : {}) };
    const services = createServices(database, blobs, openLogKeys(config.keyDir, { origin: config.logOrigin }), { ...(sessions ? { sessions } : {}), media, uploads: { dir: config.uploadDir ?? join(config.dataDir, 'uploads'), ...(config.uploadHours ? { ttlHours: config.uploadHours } : {}) } });
    return {
      services,
      lock,
      async close() {
        // Whatever this process queued gets its place in the log before the database closes.
        await services.log.sequencer.stop();
        await services.log.sequencer.flush().catch((e: unknown) => console.error(`[yungang] log sequencer at shutdown: ${(e as Error).message}`));
        // Credentials' "last used" / "last seen" writes run beside the requests that asked for them.
        await services.auth.touchesSettled();
        await database.close();
        lock?.release();
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}
