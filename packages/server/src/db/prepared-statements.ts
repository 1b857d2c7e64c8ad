import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import type { ConnectingPool } from './plan-refresh.js';

/**
 * Statements longer than this are sent unnamed: they are bulk inserts whose text changes with their row
 * count, rarely repeated, and a prepared copy of each would sit in the connection's memory.
 */
const MAX_PREPARED_TEXT = 16_384;
/** Per connection; past it, new statement texts are sent unnamed (the connection's cache stays bounded). */
const MAX_PREPARED_PER_CONNECTION = 256;

const preparedBy = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * The pool Kysely uses on PostgreSQL, sending every parameterised statement as a named prepared statement
 * (issue 10). Kysely's statements have a fixed text for a given query shape, and PostgreSQL spent as much
 * CPU planning the hot ones (a claim's lease, the token lookup) as running them: about 4 ms of planning per
 * claim-and-submit. A named statement is parsed once per connection and, once PostgreSQL finds its generic
 * plan no worse than the custom ones (after five runs, `plan_cache_mode = auto`), planned once too, and again
 * once that plan is older than `PLAN_LIFETIME_MS` (plan-refresh.ts). The first run costs no extra round trip:
 * the driver sends Parse with the name and Bind/Execute together.
 * Statements without parameters (BEGIN, COMMIT, the tenant settings message, which holds two statements and
 * needs the simple protocol) go as they are.
 *
 * A prepared statement that names `*` keeps its column list until the connection closes; the schema changes
 * only in migrations, which run before the server serves.
 */
export function preparingPool(pool: ConnectingPool): PostgresPool {
  return {
    async connect() {
      return preparingClient(await pool.connect());
    },
    end: () => pool.end(),
  };
}

function preparingClient(client: pg.PoolClient): PostgresPoolClient {
  let prepared = preparedBy.get(client);
  if (!prepared) {
    prepared = new Set();
    preparedBy.set(client, prepared);
  }
  const names = prepared;
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
    const values = parameters ? [...parameters] : [];
    if (values.length === 0 || sqlOrCursor.length > MAX_PREPARED_TEXT) return client.query(sqlOrCursor, values) as unknown as Promise<PostgresQueryResult<R>>;
    const name = statementName(sqlOrCursor);
    if (!names.has(name)) {
      if (names.size >= MAX_PREPARED_PER_CONNECTION) return client.query(sqlOrCursor, values) as unknown as Promise<PostgresQueryResult<R>>;
      names.add(name);
    }
    return client.query({ name, text: sqlOrCursor, values }) as unknown as Promise<PostgresQueryResult<R>>;
  }
  return {
    query,
    release: (destroy?: boolean) => client.release(destroy),
  };
}

// The name is the text's hash, so one text always has one name on a connection (the driver refuses a name
// reused for another text). 16 hex digits of SHA-1 leave collisions out of reach for a few hundred texts.
const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `y${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    if (names.size < 4 * MAX_PREPARED_PER_CONNECTION) names.set(text, name);
  }
  return name;
}
