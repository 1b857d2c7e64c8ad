import type pg from 'pg';

/**
 * How long a session keeps the plans it cached: those of named prepared statements and of foreign-key checks.
 *
 * A session plans a prepared statement a few times, then keeps one generic plan; each foreign-key check keeps its
 * plan from the first run. A plan made while a table was still small (a fresh install, a first project, a bench)
 * is a sequential scan, and it stays one while the table grows, until the table's statistics change. Autovacuum's
 * ANALYZE does that; with autovacuum late or off, or in PGlite (which has none), a session checked every new
 * annotation version against all annotations, and throughput slid as the table grew (issue 10). Planning every
 * run instead (plan_cache_mode = force_custom_plan) put planning at 12 % of the machine's CPU (from 1.5 %) at
 * 1,300 claims and submits a second, most of it on the foreign-key checks. So plans are kept, and dropped when this old: the next run of
 * each plans again on the tables as they are.
 */
export const PLAN_LIFETIME_MS = 10_000;

const plansSince = new WeakMap<object, number>();

/**
 * Called when `session` is handed out: drops its cached plans (`discard` sends DISCARD PLANS, which keeps the
 * prepared statements themselves) once they are `lifetimeMs` old. A session's first hand-out starts its clock.
 */
export async function refreshPlansIfOld(session: object, discard: () => Promise<unknown>, lifetimeMs: number): Promise<void> {
  const now = Date.now();
  const since = plansSince.get(session);
  if (since !== undefined && now - since < lifetimeMs) return;
  plansSince.set(session, now);
  if (since !== undefined) await discard();
}

/** What Kysely's PostgresDialect (and preparingPool) take from a pool. */
export interface ConnectingPool {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

/** `pool`, whose connections drop their cached plans when handed out once those are `lifetimeMs` old. */
export function replanningPool(pool: pg.Pool, lifetimeMs: number): ConnectingPool {
  return {
    async connect() {
      const client = await pool.connect();
      try {
        await refreshPlansIfOld(client, () => client.query('DISCARD PLANS'), lifetimeMs);
      } catch (e) {
        // The connection is broken: the pool must not hand it out again.
        client.release(true);
        throw e;
      }
      return client;
    },
    end: () => pool.end(),
  };
}
