import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * A tenant transaction's BEGIN (with its settings) and its COMMIT travel on the wire with the statements next to
 * them instead of each waiting for an answer of its own: two waits a transaction instead of four (issue 10). Every
 * wait is a system call and a wake-up on both sides, PostgreSQL's above all: under 1,000 annotators this gave 8-9 %
 * more pairs a second, with PostgreSQL's CPU a pair 12-17 % lower (BENCHMARKS.md). The pool's clients run in the
 * driver's pipeline mode (`pipeline: true`: a query is written at once, even while the one before it is
 * unanswered); this layer, between the pool and Kysely, decides what is written early:
 *
 * - a message starting with `BEGIN_AHEAD` is written and answered at once with an empty result; the next statement
 *   goes right behind it, and that statement's answer carries the BEGIN's failure if there is one (a failed BEGIN
 *   leaves the transaction aborted, so nothing behind it runs without its settings);
 * - `COMMIT_WITH_NEXT` writes nothing and is answered at once; the next statement is written with COMMIT behind it.
 *   Its answer is the statement's (or its failure: PostgreSQL then ends the failed transaction with that COMMIT
 *   as a rollback, or the COMMIT's own). The transaction is over once that COMMIT is written, so the COMMIT or
 *   ROLLBACK that ends the transaction as usual is answered here and not written; sent before any statement
 *   took the COMMIT, it is written and the COMMIT is not.
 *
 * Kysely runs one statement at a time on a connection, so without this layer a COMMIT could not be written before
 * the statement ahead of it was answered. Each answer is settled before the next statement's is returned, so no
 * failure goes unobserved.
 */
export const BEGIN_AHEAD = '/* yungang: begin ahead */ ';
export const COMMIT_WITH_NEXT = '/* yungang: commit with the next statement */';

const EMPTY: PostgresQueryResult<never> = { command: 'SELECT', rowCount: 0, rows: [] };
// How a transaction ends, as this app and Kysely write it.
const ENDS = /^(commit|rollback)$/i;

export function pipeliningPool(pool: PostgresPool): PostgresPool {
  return {
    async connect() {
      return pipeliningClient(await pool.connect());
    },
    end: () => pool.end(),
  };
}

function pipeliningClient(client: PostgresPoolClient): PostgresPoolClient {
  // A BEGIN written and not yet reported on; whether the next statement takes COMMIT behind it; whether one did.
  let begun: Promise<unknown> | undefined;
  let commitNext = false;
  let committed = false;
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor);
    if (sqlOrCursor.startsWith(BEGIN_AHEAD)) {
      begun = client.query(sqlOrCursor, parameters ?? []);
      // Reported with the next statement's answer; until then a rejection here is not unhandled.
      begun.catch(() => undefined);
      return Promise.resolve(EMPTY);
    }
    if (sqlOrCursor === COMMIT_WITH_NEXT) {
      commitNext = true;
      return Promise.resolve(EMPTY);
    }
    const ends = ENDS.test(sqlOrCursor);
    if (ends && committed) {
      committed = false;
      return Promise.resolve(EMPTY);
    }
    const ahead = begun;
    begun = undefined;
    const statement = client.query<R>(sqlOrCursor, parameters ?? []);
    const commit = commitNext && !ends ? client.query('COMMIT', []) : undefined;
    commitNext = false;
    committed = commit !== undefined;
    return ahead === undefined && commit === undefined ? statement : inWireOrder(ahead, statement, commit);
  }
  return {
    query,
    release: () => {
      begun = undefined;
      commitNext = false;
      committed = false;
      client.release();
    },
  };
}

/** The statement's answer once everything written with it is answered; the first failure in wire order wins. */
async function inWireOrder<R>(ahead: Promise<unknown> | undefined, statement: Promise<PostgresQueryResult<R>>, commit: Promise<unknown> | undefined): Promise<PostgresQueryResult<R>> {
  const [before, own, after] = await Promise.allSettled([ahead, statement, commit]);
  if (before.status === 'rejected') throw before.reason;
  if (own.status === 'rejected') throw own.reason;
  if (after.status === 'rejected') throw after.reason;
  return own.value;
}
