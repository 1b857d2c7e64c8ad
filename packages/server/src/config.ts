import { join, resolve } from 'node:path';
import { s3ConfigFromEnv, type S3Config } from './blobs/s3-blob-store.js';

/** Every setting the server reads, with its environment variable. Documented in README.md. */
export interface ServerConfig {
  /** PORT, default 8080. 0 picks a free port (tests). */
  port: number;
  /** HOST, default 0.0.0.0. */
  host: string;
  /** DATABASE_URL: postgres://… selects server mode; unset = embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** YUNGANG_DATA_DIR, default ./data: PGlite files (embedded mode) and blobs. */
  dataDir: string;
  /** YUNGANG_BLOB_DIR, default <dataDir>/blobs: content-addressed files (original uploads, later media). */
  blobDir: string;
  /** YUNGANG_KEY_DIR, default <dataDir>/keys: the transparency log's signing keys, kept out of the database. */
  keyDir: string;
  /** YUNGANG_LOG_ORIGIN: the log's name in checkpoints, fixed when the first key is made (default yungang.local/log/<random>). */
  logOrigin: string | undefined;
  /** YUNGANG_AUDIT_MINUTES, default 60: how often the server re-checks the whole log in the background (0 = never). */
  auditMinutes: number;
  /** YUNGANG_JOB_WORKERS, default 1: background jobs this server process runs at once (0 = none; leave them to `yungang worker`). */
  jobWorkers: number;
  /** YUNGANG_JOB_LEASE_SECONDS, default 30: a job whose process stopped renewing its lease this long is resumed by another. */
  jobLeaseSeconds: number;
  /** YUNGANG_WEB_DIR: the built web app to serve; default packages/web/dist next to the server. */
  webDir: string | undefined;
  /** YUNGANG_DEMO=0 disables seeding the demo organisation on an empty embedded database. */
  demo: boolean;
  /** LOG_LEVEL, default info. */
  logLevel: string;
  /** YUNGANG_MAX_UPLOAD_MB, default 2048. */
  maxUploadBytes: number;
  /** DATABASE_POOL_SIZE, default 20 (server mode). */
  poolSize: number;
  /** DATABASE_PREPARED_STATEMENTS=0 sends statements unnamed (for a pooler that cannot keep named statements); default on. */
  preparedStatements: boolean;
  /** YUNGANG_TRUST_PROXY=1 when behind a TLS-terminating proxy (Secure cookies, client addresses). */
  trustProxy: boolean;
  /** YUNGANG_SESSION_IDLE_MINUTES, default 120: a session unused this long ends; organisations may set their own. Seconds here, so tests can use short limits. */
  sessionIdleSeconds: number;
  /** YUNGANG_SESSION_ABSOLUTE_HOURS, default 168 (7 days): no session lives longer; organisations may set their own. Seconds here. */
  sessionAbsoluteSeconds: number;
  /** YUNGANG_S3_*: blobs go to an S3-compatible bucket instead of `blobDir` when YUNGANG_S3_BUCKET is set (docs/media.md). */
  s3: S3Config | undefined;
  /** YUNGANG_IMPORT_ROOT: the only folder tree that folder imports of media may read; unset = folder import off. */
  importRoot: string | undefined;
  /** YUNGANG_UPLOAD_DIR, default <dataDir>/uploads: staged bytes of resumable uploads; shared by all server processes (docs/media.md). */
  uploadDir: string;
  /** YUNGANG_UPLOAD_HOURS, default 24: a resumable upload session and its bytes are removed this long after it started. */
  uploadHours: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
    return n;
  };
  const positive = (name: string, fallback: number): number => {
    const n = int(name, fallback);
    if (n === 0) throw new Error(`${name} must be at least 1 (a session limit of 0 would sign everyone out at once), got "0"`);
    return n;
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error(`DATABASE_URL must start with postgres:// (got "${databaseUrl.split('@').pop()}")`);
  return {
    port: int('PORT', 8080),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env.YUNGANG_DATA_DIR || './data'),
    blobDir: resolve(env.YUNGANG_BLOB_DIR || join(overrides.dataDir ?? (env.YUNGANG_DATA_DIR || './data'), 'blobs')),
    keyDir: resolve(env.YUNGANG_KEY_DIR || join(overrides.dataDir ?? (env.YUNGANG_DATA_DIR || './data'), 'keys')),
    logOrigin: env.YUNGANG_LOG_ORIGIN || undefined,
    auditMinutes: int('YUNGANG_AUDIT_MINUTES', 60),
    jobWorkers: int('YUNGANG_JOB_WORKERS', 1),
    jobLeaseSeconds: int('YUNGANG_JOB_LEASE_SECONDS', 30),
    webDir: env.YUNGANG_WEB_DIR ? resolve(env.YUNGANG_WEB_DIR) : undefined,
    demo: env.YUNGANG_DEMO !== '0',
    logLevel: env.LOG_LEVEL || 'info',
    maxUploadBytes: int('YUNGANG_MAX_UPLOAD_MB', 2048) * 1024 * 1024,
    poolSize: int('DATABASE_POOL_SIZE', 20),
    preparedStatements: env.DATABASE_PREPARED_STATEMENTS !== '0',
    trustProxy: env.YUNGANG_TRUST_PROXY === '1',
    sessionIdleSeconds: positive('YUNGANG_SESSION_IDLE_MINUTES', 120) * 60,
    sessionAbsoluteSeconds: positive('YUNGANG_SESSION_ABSOLUTE_HOURS', 168) * 3600,
    s3: s3ConfigFromEnv(env),
    importRoot: env.YUNGANG_IMPORT_ROOT ? resolve(env.YUNGANG_IMPORT_ROOT) : undefined,
    uploadDir: resolve(env.YUNGANG_UPLOAD_DIR || join(overrides.dataDir ?? (env.YUNGANG_DATA_DIR || './data'), 'uploads')),
    uploadHours: positive('YUNGANG_UPLOAD_HOURS', 24),
    ...overrides,
  };
}
