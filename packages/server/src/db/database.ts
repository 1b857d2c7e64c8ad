import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite/pglite-dialect.js';
import { migrationProvider } from './migrations/index.js';
import { PLAN_LIFETIME_MS, replanningPool } from './plan-refresh.js';
import { BEGIN_AHEAD, COMMIT_WITH_NEXT, pipeliningPool } from './pipelined-transactions.js';
import { preparingPool } from './prepared-statements.js';
import type { DB } from './schema.js';

/**
 * What repositories run on: the database itself (single statements of system work) or a transaction
 * (a Kysely Transaction is a Kysely). Tenant work always gets the transaction from `tenant()`.
 */
export type Tx = Kysely<DB>;
export type DatabaseKind = 'pglite' | 'postgres';

/** Who a tenant transaction runs for. Row-level security reads `orgId`. */
export interface TenantScope {
  orgId: string;
  /** The client's address; audit rows written in the transaction record it (`yungang.client_addr`). */
  address?: string | undefined;
}

/**
 * The one database handle of the process. `tenant()` is the only way request code reaches tenant
 * tables: it switches to the non-owning role `yungang_app` and pins the organisation for that
 * transaction, so row-level security filters every statement inside it. `system()` is for the few
 * cross-tenant reads (login, membership lookup) and for migrations and setup.
 */
export interface Database {
  readonly kind: DatabaseKind;
  /** True when the database accepts several connections at once (false for PGlite). */
  readonly concurrent: boolean;
  readonly db: Kysely<DB>;
  tenant<T>(scope: TenantScope, work: (tx: Tx) => Promise<T>, options?: TenantOptions): Promise<T>;
  /** A system transaction, for cross-tenant work that must be atomic (setup, sign-in). Single reads use `db`. */
  system<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * The last step of a tenant transaction's work: `last` runs its final statement on `tx`. On PostgreSQL COMMIT
   * is written on the connection right behind that statement (`pipelined-transactions.ts`), so the server commits
   * as soon as the statement ends, without waiting for this process to read the answer and send COMMIT (issue 10:
   * under load that wait held the transaction's row locks for the length of a turn of a busy event loop, and
   * each wait is a wake-up on both sides). Should the statement fail, PostgreSQL ends the failed transaction with
   * that COMMIT as a rollback, and this rejects. `last`'s first statement takes the COMMIT, so it must run one
   * statement, and nothing may run on `tx` after it. On PGlite the transaction commits when the work returns.
   */
  commitBehind<T>(tx: Tx, last: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface TenantOptions {
  /** Every statement sees one snapshot (a dataset version reads many batches that must agree). */
  repeatableRead?: boolean;
  /**
   * The transaction's prepared statements run on their generic plan (`plan_cache_mode = force_generic_plan`,
   * for this transaction only). For the hottest transactions (the claim and submit batches), whose statements
   * find rows by key whatever their parameters: PostgreSQL kept planning them afresh on every run, because a
   * generic plan's estimates (a `LIMIT $n`, an array of unknown length) looked dearer than a custom one's, and
   * planning took a third of its time on statements under 1,000 annotators (issue 10). Plans still go stale only
   * as long as plan-refresh.ts allows.
   */
  genericPlans?: boolean;
}

export interface DatabaseOptions {
  /** postgres://… for server mode; absent for the embedded default. */
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files; absent means in-memory (tests). */
  pgliteDir?: string | undefined;
  poolSize?: number;
  /** Named prepared statements on PostgreSQL (`db/prepared-statements.ts`); default on. */
  preparedStatements?: boolean | undefined;
  /** How long a session keeps its cached plans (plan-refresh.ts); tests shorten it. */
  planLifetimeMs?: number | undefined;
}

// PostgreSQL returns int8 as text by default in node-postgres; do the same in PGlite so ids are strings everywhere.
const INT8_OID = 20;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let kysely: Kysely<DB>;
  let kind: DatabaseKind;
  if (options.databaseUrl) {
    // JIT off: every statement here is short and reads by key, yet on statistics that lag behind a growing table
    // (autovacuum late or off) the costs cross jit_above_cost, and each run of a claim's lease spent tens of
    // milliseconds compiling (issue 10). A URL that sets its own `options` replaces this.
    // Pipeline mode: a query is written at once, even while the one before it is unanswered; only
    // pipelined-transactions.ts writes early (cursors and COPY, which the mode refuses, are not used here).
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20, options: '-c jit=off', pipeline: true });
    // An idle connection the server ends (a restart, a failover, a dropped database) is reported on the pool;
    // without a listener that would crash the process. The pool replaces it on next use. While the pool is
    // closing (shutdown), its connections ending is expected and not worth a word.
    pool.on('error', (e) => {
      if (!pool.ending) console.error(`[yungang] a database connection was lost (${e.message}); it will be replaced`);
    });
    const replanning = replanningPool(pool, options.planLifetimeMs ?? PLAN_LIFETIME_MS);
    kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pipeliningPool(options.preparedStatements === false ? replanning : preparingPool(replanning)) }) });
    kind = 'postgres';
  } else {
    if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
    const client = await PGlite.create({
      ...(options.pgliteDir ? { dataDir: options.pgliteDir } : {}),
      parsers: { [INT8_OID]: (value: string) => value },
    });
    kysely = new Kysely<DB>({ dialect: new PGliteDialect(client, options.planLifetimeMs ?? PLAN_LIFETIME_MS) });
    kind = 'pglite';
  }
  await migrate(kysely);
  return createDatabase(kysely, kind);
}

async function migrate(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'yungang_migrations', migrationLockTableName: 'yungang_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
}

function createDatabase(db: Kysely<DB>, kind: DatabaseKind): Database {
  return {
    kind,
    concurrent: kind === 'postgres',
    db,
    async tenant(scope, work, options) {
      if (kind === 'postgres') return tenantInOneRoundTrip(db, scope, work, options ?? {});
      const transaction = options?.repeatableRead ? db.transaction().setIsolationLevel('repeatable read') : db.transaction();
      return transaction.execute(async (tx) => {
        await sql.raw(tenantSettings(scope, options ?? {})).execute(tx);
        return work(tx);
      });
    },
    async system(work) {
      return db.transaction().execute(work);
    },
    async commitBehind(tx, last) {
      if (kind === 'postgres') await sql.raw(COMMIT_WITH_NEXT).execute(tx);
      return last();
    },
    async close() {
      await db.destroy();
    },
  };
}

/**
 * The settings every tenant transaction starts with (row-level security reads them), as escaped SQL (the driver's
 * escaping, on PGlite as well), all local to the transaction.
 */
function tenantSettings(scope: TenantScope, options: TenantOptions): string {
  const generic = options.genericPlans ? `, set_config('plan_cache_mode', 'force_generic_plan', true)` : '';
  return `SELECT set_config('role', 'yungang_app', true), set_config('yungang.org_id', ${pg.escapeLiteral(scope.orgId)}, true), set_config('yungang.client_addr', ${pg.escapeLiteral(scope.address ?? '')}, true)${generic}`;
}

/**
 * A tenant transaction on PostgreSQL whose BEGIN and settings travel without a round trip of their own: one
 * simple-protocol message carries both statements (values escaped by the driver, so nothing is spliced in
 * unescaped), written with the work's first statement right behind it (`BEGIN_AHEAD`, pipelined-transactions.ts).
 * Every wait for an answer is a round trip and, on a busy server, round trips are the cost (issue 10).
 * Otherwise it is Kysely's transaction: COMMIT when `work` returns, ROLLBACK when it throws (neither is written
 * when `commitBehind` already wrote the COMMIT).
 */
async function tenantInOneRoundTrip<T>(db: Kysely<DB>, scope: TenantScope, work: (tx: Tx) => Promise<T>, options: TenantOptions): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw(`${BEGIN_AHEAD}BEGIN${options.repeatableRead ? ' ISOLATION LEVEL REPEATABLE READ' : ''}; ${tenantSettings(scope, options)}`).execute(conn);
    let result: T;
    try {
      result = await work(conn);
    } catch (e) {
      // A failed ROLLBACK means the connection is gone; the pool drops it, and the work's error is the one to report.
      await sql.raw('ROLLBACK').execute(conn).catch(() => undefined);
      throw e;
    }
    await sql.raw('COMMIT').execute(conn);
    return result;
  });
}
